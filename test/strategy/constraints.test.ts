import { describe, expect, it } from 'vitest';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { runWalkForward } from '../../src/engine/walk-forward.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { AssetBounds } from '../../src/optimize/terms/asset-bounds.js';
import { MaxShort } from '../helpers/max-short.js';
import { validateStrategy } from '../../src/strategy/validate-strategy.js';
import { MemoryRecorder, smallStrategy } from '../helpers/small-market.js';


describe('portfolio.constraints: limit terms in a strategy', () => {
  it('holds a term given as an object and one built from the universe at every optimal rebalance', async () => {
    const market = generateSyntheticMarket({ seed: 21, assets: 14, days: 170 }).market;
    const strategy = smallStrategy({
      portfolio: {
        ...smallStrategy().portfolio,
        // A001 may never be short, whatever else the book does.
        constraints: [new MaxShort(0.08), ({ assets }) => new AssetBounds(Float64Array.from(assets, (a) => (a === 'A001' ? 0 : -Infinity)), undefined)],
      },
    });
    const recorder = new MemoryRecorder();
    await runWalkForward({ strategy, market, solvers: [await createHighsSolver()], recorder });
    const rebalances = recorder.days.flatMap((d) => (d.rebalance?.status === 'optimal' ? [d.rebalance] : []));
    expect(rebalances.length).toBeGreaterThan(10);
    let shortsAtCap = 0;
    for (const r of rebalances) {
      for (const t of r.targets) {
        expect(t.weight).toBeGreaterThanOrEqual(-0.08 - 1e-9);
        if (t.asset === 'A001') expect(t.weight).toBeGreaterThanOrEqual(-1e-9);
        if (t.weight < -0.08 + 1e-9) shortsAtCap++;
      }
    }
    // The cap binds: without it, shorts go to the 0.2 per-asset limit.
    expect(shortsAtCap).toBeGreaterThan(0);
  });

  it('refuses what is not a term, naming the entry', () => {
    const bad = { ...smallStrategy(), portfolio: { ...smallStrategy().portfolio, constraints: [{ family: 'x' }] } };
    expect(() => validateStrategy(bad, 'strategies/x.ts', [])).toThrow(/portfolio\.constraints\[0\] must be a limit term/);
  });
});
