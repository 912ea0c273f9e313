import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { runWalkForward } from '../../src/engine/walk-forward.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { perturbAfter } from '../helpers/perturb.js';
import { MemoryRecorder, smallStrategy } from '../helpers/small-market.js';

describe('the walk-forward engine', () => {
  it('decides nothing at or before t differently when any data after t changes', async () => {
    const { market } = generateSyntheticMarket({ seed: 11, assets: 14, days: 200, delistings: 2 });
    const solvers = [await createHighsSolver()];
    const strategy = smallStrategy();
    const base = new MemoryRecorder();
    await runWalkForward({ strategy, market, solvers, recorder: base });
    expect(base.days.filter((d) => d.rebalance?.status === 'optimal').length).toBeGreaterThan(10);

    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 60, max: 195 }), fc.integer(), async (cut, seed) => {
        const perturbed = new MemoryRecorder();
        await runWalkForward({ strategy, market: perturbAfter(market, cut, seed), solvers, recorder: perturbed });
        const cutDate = market.panel.dates[cut];
        const before = (days: typeof base.days) =>
          days.filter((d) => d.date <= cutDate).map((d) => (d.rebalance === undefined ? d : { ...d, rebalance: { ...d.rebalance, solveMs: 0 } }));
        // Every bar up to the cut, including the targets decided on it, is identical (solve time aside).
        expect(before(perturbed.days)).toEqual(before(base.days));
      }),
      { numRuns: 8, seed: 20261121 },
    );
  });
});
