import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Panel, SeriesSet, type Market } from '../../src/core/panel.js';
import { Random } from '../../src/core/random.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { runWalkForward } from '../../src/engine/walk-forward.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { MemoryRecorder, smallStrategy } from '../helpers/small-market.js';

/** Replace every panel field and series value dated after index `cut` with noise. */
function perturbAfter(market: Market, cut: number, seed: number): Market {
  const rng = new Random(seed);
  const { panel, series } = market;
  const n = panel.assets.length;
  const fields = new Map<string, Float64Array>();
  for (const name of panel.fieldNames) {
    const copy = panel.field(name).slice();
    for (let c = (cut + 1) * n; c < copy.length; c++) {
      if (Number.isNaN(copy[c])) continue;
      if (name === 'delisting_return') copy[c] = -rng.uniform();
      else if (rng.uniform() < 0.05) copy[c] = NaN;
      else copy[c] = copy[c] * Math.exp(0.5 * rng.normal()) + (name === 'funding_rate' ? 0.001 * rng.normal() : 0);
    }
    fields.set(name, copy);
  }
  const seriesValues = new Map(series.names.map((s) => [s, series.get(s).map((v, t) => (t > cut ? 10 * rng.normal() : v))]));
  return { ...market, panel: new Panel(panel.dates, panel.assets, fields), series: new SeriesSet(series.dates, seriesValues) };
}

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
