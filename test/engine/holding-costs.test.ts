import { describe, expect, it } from 'vitest';
import { Panel } from '../../src/core/panel.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { borrowCost, fundingFromColumn } from '../../src/engine/holding-costs.js';
import { FinancingCost } from '../../src/optimize/terms/financing.js';
import { daysSincePrevious, type HoldingCost } from '../../src/optimize/terms/holding-cost.js';
import { Ledger } from '../../src/engine/ledger.js';
import { runWalkForward } from '../../src/engine/walk-forward.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { MemoryRecorder, smallStrategy } from '../helpers/small-market.js';

const DAYS = ['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08'];

/** One perpetual at a constant $60,000 with a constant funding rate per 8-hour event. */
function perp(rate: number, dates = DAYS): Panel {
  return new Panel(dates, ['BTC-PERP'], new Map([['close', new Float64Array(dates.length).fill(60_000)], ['funding_rate', new Float64Array(dates.length).fill(rate)]]));
}

/** Hold `units` from the first close and book 7 bars of funding, as the loop does: on the position held over each bar. */
function fundingOver(panel: Panel, units: number, settings: Parameters<typeof fundingFromColumn>[1]): number {
  return heldOver(fundingFromColumn(panel, settings, 'test'), units * 60_000, 7);
}

/** Hold `value` (currency) of the one asset from the first close and book `bars` bars of `term`, as the loop does. */
function heldOver(term: HoldingCost, value: number, bars: number): number {
  const ledger = new Ledger(1, 1_000_000);
  ledger.rebalance(['BTC-PERP'], Float64Array.of(value / ledger.nav), Uint8Array.of(1), []);
  const pnl = new Float64Array(1);
  let total = 0;
  for (let t = 1; t <= bars; t++) {
    const paid = term.realised({ positions: ledger.positions, cash: ledger.cash }, t, pnl);
    ledger.settleCash(paid);
    total += paid;
  }
  return total;
}

describe('holding costs: perpetual funding', () => {
  it('a 1-unit short at $60,000 held 7 days at +0.01% per 8 h receives 60,000 × 0.0001 × 21 = $126', () => {
    expect(fundingOver(perp(0.0001), -1, { per: 'event', intervalHours: 8 })).toBeCloseTo(126, 9);
  });

  it('has the sign both ways: the long pays $126, and a negative rate makes the short pay', () => {
    expect(fundingOver(perp(0.0001), 1, { per: 'event', intervalHours: 8 })).toBeCloseTo(-126, 9);
    expect(fundingOver(perp(-0.0001), -1, { per: 'event', intervalHours: 8 })).toBeCloseTo(-126, 9);
  });

  it('charges every event of a bar, not one per bar: daily bars carry 3 events at 8 h, 24 at 1 h; per-bar data is taken as is', () => {
    const term = fundingFromColumn(perp(0.0001), { per: 'event' }, 'test');
    expect(term.eventsAt(3, 0)).toBe(3);
    expect(term.perBar[3]).toBeCloseTo(0.0003, 15);
    expect(fundingFromColumn(perp(0.0001), { per: 'event', intervalHours: 1 }, 'test').eventsAt(3, 0)).toBe(24);
    expect(fundingOver(perp(0.0003), -1, { per: 'bar' })).toBeCloseTo(126, 9);
  });

  it('counts the events since the previous bar, so a Monday after a weekday calendar weekend carries 9', () => {
    const term = fundingFromColumn(perp(0.0001, ['2024-03-07', '2024-03-08', '2024-03-11']), { per: 'event', intervalHours: 8 }, 'test');
    expect(term.eventsAt(1, 0)).toBe(3);
    expect(term.eventsAt(2, 0)).toBe(9);
  });

  it('names the missing column and the fix', () => {
    const panel = new Panel(DAYS, ['A'], new Map([['close', new Float64Array(DAYS.length).fill(1)]]));
    expect(() => fundingFromColumn(panel, { per: 'event' }, "strategy 's'")).toThrow(/no 'funding_rate' column to book funding from/);
  });

  it('in a run, each bar books −Σ (position held over the bar) × rate, independently recomputed from the recorded book, and NAV moves by it', async () => {
    const market = generateSyntheticMarket({ seed: 11, assets: 12, days: 160 }).market;
    const solvers = [await createHighsSolver()];
    const strategy = smallStrategy({ costs: { commissionBps: 2, halfSpreadBps: 5, funding: { per: 'bar' } } });
    const recorder = new MemoryRecorder();
    const result = await runWalkForward({ strategy, market, solvers, recorder });
    const { panel } = market;
    const n = panel.assets.length;
    const rates = panel.field('funding_rate');
    let booked = 0;
    let barsWithFunding = 0;
    for (let t = 1; t < recorder.days.length; t++) {
      const day = recorder.days[t];
      const prev = recorder.days[t - 1];
      const bar = panel.dates.indexOf(day.date);
      let expected = 0;
      for (const h of prev.holdings) {
        const r = rates[bar * n + panel.assets.indexOf(h.asset)];
        if (!Number.isNaN(r)) expected -= h.weight * prev.nav * r;
      }
      const funding = day.holdingCosts?.find((h) => h.name === 'funding');
      expect(funding?.pnl ?? NaN).toBeCloseTo(expected, 6);
      booked += funding?.pnl ?? 0;
      if (expected !== 0) barsWithFunding++;
      // Attribution carries it as its own line.
      if (day.attribution !== undefined && funding !== undefined) expect(day.attribution.holding?.find((h) => h.name === 'funding')?.contribution).toBeCloseTo(funding.pnl / prev.nav, 12);
    }
    expect(barsWithFunding).toBeGreaterThan(50);
    expect(result.outcome.holdingCosts?.funding).toBeCloseTo(booked, 6);
    // Without the term the same run books none, and no bar carries a holding-cost record.
    const spot = new MemoryRecorder();
    const plain = await runWalkForward({ strategy: smallStrategy(), market, solvers, recorder: spot });
    expect(spot.days.every((d) => d.holdingCosts === undefined)).toBe(true);
    expect(plain.outcome.holdingCosts).toBeUndefined();
  });
});

describe('holding costs: borrow and financing', () => {
  it('a $100,000 short at 3% a year pays 100,000 × 0.03 × 7 / 365 over 7 calendar days; a long pays nothing', () => {
    const term = borrowCost(perp(0), { annualRate: 0.03 }, 'test');
    expect(heldOver(term, -100_000, 7)).toBeCloseTo((-100_000 * 0.03 * 7) / 365, 9);
    expect(heldOver(term, 100_000, 7)).toBe(0);
  });

  it('accrues by calendar day, so Friday to Monday charges 3 days, and reads a per-asset rate column bar by bar', () => {
    const dates = ['2024-03-07', '2024-03-08', '2024-03-11'];
    expect(Array.from(daysSincePrevious(dates))).toEqual([1, 1, 3]);
    const panel = new Panel(dates, ['X'], new Map([['close', Float64Array.of(1, 1, 1)], ['borrow_rate', Float64Array.of(0.01, 0.02, 0.05)]]));
    const term = borrowCost(panel, { field: 'borrow_rate' }, 'test');
    const pnl = new Float64Array(1);
    expect(term.realised({ positions: Float64Array.of(-1000), cash: 2000 }, 2, pnl)).toBeCloseTo((-1000 * 0.05 * 3) / 365, 12);
    expect(pnl[0]).toBeCloseTo((-1000 * 0.05 * 3) / 365, 12);
    expect(() => borrowCost(panel, { field: 'fee' }, "strategy 's'")).toThrow(/no 'fee' column of annual borrow rates/);
  });

  it('financing charges borrowed cash: a 2× long book of 1 M equity pays 1 M × ((1 + 1%/365)^7 − 1) a week (the charge is borrowed too), an unlevered one nothing', () => {
    const term = new FinancingCost(0.01, daysSincePrevious(DAYS));
    expect(heldOver(term, 2_000_000, 7)).toBeCloseTo(-1_000_000 * ((1 + 0.01 / 365) ** 7 - 1), 6);
    expect(heldOver(term, 500_000, 7)).toBe(0);
  });
});

describe('expected funding in the objective (costs.funding.inObjective)', () => {
  it('with a zero signal, the book collects expected funding: it shorts what pays longs and longs what pays shorts, checked from the data', async () => {
    const market = generateSyntheticMarket({ seed: 13, assets: 12, days: 160 }).market;
    const solvers = [await createHighsSolver()];
    const zero = (ctx: { assets: readonly string[] }): Float64Array => new Float64Array(ctx.assets.length);
    const strategy = smallStrategy({ signal: zero, costs: { commissionBps: 2, halfSpreadBps: 5, funding: { per: 'bar', inObjective: { lookbackBars: 20, horizonBars: 5 } } } });
    const recorder = new MemoryRecorder();
    await runWalkForward({ strategy, market, solvers, recorder });
    const { panel } = market;
    const n = panel.assets.length;
    const rates = panel.field('funding_rate');
    const decided = recorder.days.filter((d) => d.rebalance?.status === 'optimal' && d.rebalance.targets.length > 0);
    expect(decided.length).toBeGreaterThan(5);
    for (const day of decided) {
      const t = panel.dates.indexOf(day.date);
      // Σ w·(mean funding over the last 20 bars): negative means the book receives funding.
      let carry = 0;
      for (const target of day.rebalance?.targets ?? []) {
        const i = panel.assets.indexOf(target.asset);
        let sum = 0;
        for (let s = t - 19; s <= t; s++) sum += Number.isNaN(rates[s * n + i]) ? 0 : rates[s * n + i];
        carry += target.weight * (sum / 20);
      }
      expect(carry).toBeLessThan(0);
    }
    // Without the term the same zero signal gives the optimizer no reason to trade.
    const idle = new MemoryRecorder();
    await runWalkForward({ strategy: smallStrategy({ signal: zero, costs: { commissionBps: 2, halfSpreadBps: 5, funding: { per: 'bar' } } }), market, solvers, recorder: idle });
    expect(idle.days.every((d) => d.holdings.length === 0)).toBe(true);
  });
});

describe('a holding cost without a rate is said, not silently zero', () => {
  it('a short in an asset with no borrow rate is charged 0 and counted in a holding-cost-unpriced event', async () => {
    const base = generateSyntheticMarket({ seed: 14, assets: 12, days: 160 }).market;
    const { panel } = base;
    const n = panel.assets.length;
    // Every asset pays 5% a year, except A002, which has no rate at all.
    const fields = panel.fieldMap();
    fields.set('borrow_rate', Float64Array.from({ length: panel.dates.length * n }, (_, c) => (panel.assets[c % n] === 'A002' ? NaN : 0.05)));
    const market = { ...base, panel: panel.withFields(fields) };
    const recorder = new MemoryRecorder();
    await runWalkForward({ strategy: smallStrategy({ costs: { commissionBps: 2, halfSpreadBps: 5, borrow: { field: 'borrow_rate' } } }), market, solvers: [await createHighsSolver()], recorder });
    const a002 = panel.assets.indexOf('A002');
    let shortBars = 0;
    for (let t = 1; t < recorder.days.length; t++) {
      const short = recorder.days[t - 1].holdings.some((h) => h.asset === 'A002' && h.weight < 0);
      const said = recorder.days[t].events.some((e) => e.kind === 'holding-cost-unpriced' && /^borrow: 1 position/.test(e.detail));
      expect(said).toBe(short);
      if (short) {
        shortBars++;
        expect(recorder.days[t].holdingCosts?.[0].perAsset.find((p) => p.asset === 'A002')).toBeUndefined();
      }
    }
    expect(a002).toBeGreaterThanOrEqual(0);
    expect(shortBars).toBeGreaterThan(0);
  });
});
