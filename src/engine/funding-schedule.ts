import { StrategyError } from '../core/errors.js';
import type { Panel } from '../core/panel.js';
import { FundingCost } from '../optimize/terms/funding.js';
import type { FundingSettings } from '../strategy/define-strategy.js';

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
