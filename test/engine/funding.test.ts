import { describe, expect, it } from 'vitest';
import { Panel } from '../../src/core/panel.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { fundingFromColumn } from '../../src/engine/funding-schedule.js';
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
  const term = fundingFromColumn(panel, settings, 'test');
  const ledger = new Ledger(1, 1_000_000);
  ledger.rebalance(['BTC-PERP'], Float64Array.of((units * 60_000) / ledger.nav), Uint8Array.of(1), 0);
  const pnl = new Float64Array(1);
  let total = 0;
  for (let t = 1; t <= 7; t++) {
    const paid = term.realised(ledger.positions, t, pnl);
    ledger.settleCash(paid);
    total += paid;
  }
  return total;
}

describe('perpetual funding', () => {
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
      expect(day.funding?.pnl ?? NaN).toBeCloseTo(expected, 6);
      booked += day.funding?.pnl ?? 0;
      if (expected !== 0) barsWithFunding++;
      // The bar's gross P&L includes it, and so does attribution.
      if (day.attribution !== undefined && day.funding !== undefined) expect(day.attribution.funding).toBeCloseTo(day.funding.pnl / prev.nav, 12);
    }
    expect(barsWithFunding).toBeGreaterThan(50);
    expect(result.outcome.funding?.pnl).toBeCloseTo(booked, 6);
    // Without the term the same run books none, and no bar carries a funding record.
    const spot = new MemoryRecorder();
    const plain = await runWalkForward({ strategy: smallStrategy(), market, solvers, recorder: spot });
    expect(spot.days.every((d) => d.funding === undefined)).toBe(true);
    expect(plain.outcome.funding).toBeUndefined();
  });
});
