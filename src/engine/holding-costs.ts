import { StrategyError } from '../core/errors.js';
import type { Market, Panel } from '../core/panel.js';
import { BorrowCost } from '../optimize/terms/borrow.js';
import { FinancingCost } from '../optimize/terms/financing.js';
import { FundingCost } from '../optimize/terms/funding.js';
import { daysSincePrevious, type HoldingCost } from '../optimize/terms/holding-cost.js';
import type { BorrowSettings, FundingSettings, StrategyDefinition } from '../strategy/define-strategy.js';

/** The strategy's holding costs on the panel's calendar, in booking order: funding, borrow, financing. */
export function holdingCostsFor(strategy: StrategyDefinition, panel: Panel, market: Market): HoldingCost[] {
  const where = `strategy '${strategy.name}'`;
  const costs = strategy.costs;
  const out: HoldingCost[] = [];
  if (costs?.funding !== undefined) out.push(costs.funding.per === 'file' ? fundingFromFile(market, where) : fundingFromColumn(panel, costs.funding, where));
  if (costs?.borrow !== undefined) out.push(borrowCost(panel, costs.borrow, where));
  if (costs?.financing !== undefined) out.push(new FinancingCost(costs.financing.annualSpread, daysSincePrevious(panel.dates)));
  return out;
}

/**
 * Funding from the market's `funding.csv`: every event at its own time, each asset at its own
 * interval, already put on the bar calendar by the loader.
 * @throws StrategyError when the market has no funding file
 */
export function fundingFromFile(market: Market, where: string): FundingCost {
  if (market.funding === undefined) {
    throw new StrategyError('missing-field', where, 'costs.funding.per', `'file' needs funding.csv (time,asset,rate, one row per funding event) in the market directory ${market.source}; add it, or book a column with per: 'event' or 'bar'`);
  }
  return new FundingCost(market.funding.perBar, market.funding.events, market.panel.assets.length);
}

/**
 * Borrow fees at one annual rate for every asset, or at a per-asset annual rate from a panel column
 * (read on each bar, so a rate that changes is charged from the bar it is dated).
 * @throws StrategyError when the column is absent
 */
export function borrowCost(panel: Panel, settings: BorrowSettings, where: string): BorrowCost {
  const n = panel.assets.length;
  const T = panel.dates.length;
  const days = daysSincePrevious(panel.dates);
  if (settings.field === undefined) return new BorrowCost(new Float64Array(T * n).fill(settings.annualRate ?? 0), days, n);
  if (!panel.hasField(settings.field)) {
    throw new StrategyError('missing-field', where, 'costs.borrow.field', `the data has no '${settings.field}' column of annual borrow rates; add it (date, asset, ${settings.field}) or give costs.borrow.annualRate`);
  }
  return new BorrowCost(panel.field(settings.field), days, n);
}

const DAY_MS = 86_400_000;

/**
 * Put a panel column of funding rates on the bar calendar. With `per: 'bar'` the column already
 * holds each bar's summed rate. With `per: 'event'` it holds the rate of one funding event (the
 * exchange's quote, every `intervalHours`, default 8) and bar `t` carries one event per interval
 * in the hours since the previous bar's date: 3 on a daily bar of an 8-hour schedule, 9 on a
 * Monday after a weekend on a weekday calendar, since perpetuals fund around the clock. The first
 * bar carries one day's events (no position is held before it).
 * @throws StrategyError when the column is absent or the interval does not divide a day
 */
export function fundingFromColumn(panel: Panel, settings: FundingSettings, where: string): FundingCost {
  const field = settings.field ?? 'funding_rate';
  if (!panel.hasField(field)) {
    throw new StrategyError('missing-field', where, 'costs.funding.field', `the data has no '${field}' column to book funding from; add it (date, asset, ${field}) or name the column with costs.funding.field`);
  }
  const rates = panel.field(field);
  const { dates } = panel;
  const n = panel.assets.length;
  const T = dates.length;
  const perBar = new Float64Array(T * n);
  const events = new Float64Array(T * n);
  const interval = settings.intervalHours ?? 8;
  let previous = NaN;
  for (let t = 0; t < T; t++) {
    const day = Date.parse(`${dates[t]}T00:00:00Z`);
    const count = settings.per === 'bar' ? 1 : ((Number.isNaN(previous) ? DAY_MS : day - previous) / DAY_MS) * (24 / interval);
    previous = day;
    for (let i = 0; i < n; i++) {
      const r = rates[t * n + i];
      if (Number.isNaN(r)) continue;
      perBar[t * n + i] = r * count;
      events[t * n + i] = settings.per === 'bar' ? NaN : count;
    }
  }
  return new FundingCost(perBar, events, n);
}
