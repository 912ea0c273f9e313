import { LinearCost } from '../../src/optimize/terms/linear-cost.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/engine/ledger.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { runWalkForward } from '../../src/engine/walk-forward.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { MemoryRecorder, smallStrategy } from '../helpers/small-market.js';

const weight = fc.double({ min: -0.5, max: 0.5, noNaN: true });
const ret = fc.oneof(fc.double({ min: -0.9, max: 2, noNaN: true }), fc.constant(NaN));

describe('Ledger', () => {
  it('changes NAV by exactly the P&L minus the cost', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(weight, weight, ret), { minLength: 1, maxLength: 20 }), fc.double({ min: 0, max: 0.01, noNaN: true }), (rows, rate) => {
        const n = rows.length;
        const assets = rows.map((_, i) => `A${i}`);
        const ledger = new Ledger(n, 1000);
        ledger.rebalance(assets, Float64Array.from(rows, (r) => r[0]), new Uint8Array(n).fill(1), []);
        const before = ledger.nav;
        const pnl = ledger.markToMarket(Float64Array.from(rows, (r) => r[2]));
        const { cost } = ledger.rebalance(assets, Float64Array.from(rows, (r) => r[1]), new Uint8Array(n).fill(1), [LinearCost.uniform(n, rate)]);
        expect(ledger.nav - before).toBeCloseTo(pnl - cost, 9);
      }),
      { seed: 42 },
    );
  });

  it('pays no cost and has no turnover when the targets equal the book', () => {
    const ledger = new Ledger(3, 100);
    const assets = ['a', 'b', 'c'];
    const target = Float64Array.of(0.2, -0.1, 0.3);
    ledger.rebalance(assets, target, new Uint8Array(3).fill(1), [LinearCost.uniform(3, 0.001)]);
    const again = ledger.rebalance(assets, Float64Array.from(ledger.positions, (p) => p / ledger.nav), new Uint8Array(3).fill(1), [LinearCost.uniform(3, 0.001)]);
    expect(again.trades).toEqual([]);
    expect(again.cost).toBe(0);
    expect(again.turnover).toBe(0);
  });

  it('charges cost = rate × traded value (hand-worked)', () => {
    const ledger = new Ledger(2, 1000);
    const { cost, turnover } = ledger.rebalance(['a', 'b'], Float64Array.of(0.5, -0.25), new Uint8Array(2).fill(1), [LinearCost.uniform(2, 0.001)]);
    // traded 500 + 250 = 750 → cost 0.75, turnover 0.75
    expect(cost).toBeCloseTo(0.75, 12);
    expect(turnover).toBeCloseTo(0.75, 12);
    expect(ledger.nav).toBeCloseTo(999.25, 12);
  });
});

describe('an engine run', () => {
  it('keeps the ledger identity on every bar, and bars without trades have no turnover or cost', async () => {
    const { market } = generateSyntheticMarket({ seed: 5, assets: 16, days: 240 });
    const recorder = new MemoryRecorder();
    const strategy = smallStrategy();
    await runWalkForward({ strategy, market, solvers: [await createHighsSolver()], recorder });
    let prevNav = strategy.initialNav ?? 1_000_000;
    for (const day of recorder.days) {
      // NAV change = P&L − cost, with P&L = gross return × previous NAV.
      expect(day.nav - prevNav).toBeCloseTo(day.grossReturn * prevNav - day.cost, 6);
      const rebalanceTrades = day.trades.filter((t) => t.reason === 'rebalance');
      if (rebalanceTrades.length === 0) {
        expect(day.turnover).toBe(0);
        expect(day.cost).toBe(0);
      } else {
        expect(day.cost).toBeCloseTo(rebalanceTrades.reduce((s, t) => s + t.cost, 0), 9);
      }
      prevNav = day.nav;
    }
    expect(recorder.days.some((d) => d.turnover > 0)).toBe(true);
  });
});
