import { beforeAll, describe, expect, it } from 'vitest';
import { OptimizerError } from '../../src/core/errors.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { hedgePortfolio } from '../../src/optimize/hedge.js';
import type { LpSolver } from '../../src/optimize/linear-program.js';

let highs: LpSolver;
beforeAll(async () => {
  highs = await createHighsSolver();
});

describe('hedgePortfolio', () => {
  const assets = ['A', 'B', 'M', 'Q'];
  const beta = Float64Array.of(1.2, 0.8, 1.0, 1.5);
  const size = Float64Array.of(1, -1, 0, 2);

  it('zeroes beta with the market instrument: h = −(0.5·1.2 + 0.2·0.8)/1.0 = −0.76', async () => {
    const r = await hedgePortfolio({ assets, book: Float64Array.of(0.5, 0.2, 0, 0), instruments: ['M'], exposures: [{ name: 'beta', exposures: beta }], band: 0, maxAbsWeight: 2, costPerUnitTraded: 0.0005 }, [highs]);
    expect(r.hedge[2]).toBeCloseTo(-0.76, 10);
    expect(Array.from(r.weights.subarray(0, 2))).toEqual([0.5, 0.2]);
    expect(r.exposuresBefore[0]).toBeCloseTo(0.76, 12);
    expect(r.exposuresAfter[0]).toBeCloseTo(0, 10);
    expect(r.cost).toBeCloseTo(0.76 * 0.0005, 12);
  });

  it('uses the cheaper combination of two instruments for two exposures, within bands', async () => {
    // Two instruments (M: beta 1, size 0; Q: beta 1.5, size 2) for two exposures: a unique solution.
    const book = Float64Array.of(0.5, 0.2, 0, 0);
    const r = await hedgePortfolio({ assets, book, instruments: ['M', 'Q'], exposures: [{ name: 'beta', exposures: beta }, { name: 'size', exposures: size }], band: 0, maxAbsWeight: 2, costPerUnitTraded: 0 }, [highs]);
    // size: 0.5 − 0.2 + 2q = 0 → q = −0.15; beta: 0.76 + m + 1.5q = 0 → m = −0.535.
    expect(r.hedge[3]).toBeCloseTo(-0.15, 10);
    expect(r.hedge[2]).toBeCloseTo(-0.535, 10);
    const banded = await hedgePortfolio({ assets, book, instruments: ['M'], exposures: [{ name: 'beta', exposures: beta }], band: 0.1, maxAbsWeight: 2, costPerUnitTraded: 0.001 }, [highs]);
    expect(banded.hedge[2]).toBeCloseTo(-0.66, 10);
  });

  it('names an instrument that cannot reach the band', async () => {
    const error = await hedgePortfolio({ assets, book: Float64Array.of(0.5, 0.2, 0, 0), instruments: ['M'], exposures: [{ name: 'beta', exposures: beta }], band: 0, maxAbsWeight: 0.3, costPerUnitTraded: 0 }, [highs]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptimizerError);
    expect((error as OptimizerError).code).toBe('infeasible');
    expect((error as OptimizerError).message).toMatch(/neutral\[beta\]/);
    await expect(hedgePortfolio({ assets, book: Float64Array.of(0.5, 0, 0, 0), instruments: ['SPY'], exposures: [], band: 0, maxAbsWeight: 1, costPerUnitTraded: 0 }, [highs])).rejects.toThrow("hedge instrument 'SPY' is not an asset of the market");
  });
});
