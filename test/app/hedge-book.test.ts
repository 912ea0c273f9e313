import { beforeAll, describe, expect, it } from 'vitest';
import { hedgeBookAt } from '../../src/app/hedge-book.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import type { LpSolver } from '../../src/optimize/linear-program.js';
import { hedgePortfolio } from '../../src/optimize/hedge.js';
import { BPS } from '../../src/core/constants.js';
import { smallStrategy } from '../helpers/small-market.js';

describe('hedgeBookAt (factorlab hedge)', () => {
  let solvers: LpSolver[];
  beforeAll(async () => {
    solvers = [await createHighsSolver()];
  });

  it("hedges at the strategy's per-asset costs: the expensive instrument is avoided, and the cost is the optimum under those costs", async () => {
    const market = generateSyntheticMarket({ seed: 4, assets: 12, days: 150 }).market;
    const assets = market.panel.assets;
    const book = Float64Array.from(assets, (a) => (a === 'A005' ? 0.3 : a === 'A006' ? 0.2 : 0));
    const instruments = ['A001', 'A002', 'A003'];
    const options = { date: market.panel.dates[120], book, instruments, factors: ['market'], band: 0, maxAbsWeight: 1 };
    // At one rate for all, the hedge uses the instrument with the largest beta (the least notional); make exactly that one dear.
    const uniform = await hedgeBookAt(smallStrategy(), market, options, solvers);
    const dear = instruments.find((a) => uniform.hedge[assets.indexOf(a)] !== 0) as string;
    const strategy = smallStrategy({ costs: { commissionBps: 2, halfSpreadBps: 5, perAssetBps: (ctx) => Float64Array.from(ctx.assets, (a) => (a === dear ? 200 : 0)) } });
    const hedged = await hedgeBookAt(strategy, market, options, solvers);
    // The same hedge solved directly with the per-asset rates the loop would charge.
    const rates = Float64Array.from(assets, (a) => (7 + (a === dear ? 200 : 0)) * BPS);
    const K = hedged.model.factors.length;
    const k = hedged.model.factors.indexOf('market');
    const direct = await hedgePortfolio(
      { assets, book, instruments, exposures: [{ name: 'market', exposures: Float64Array.from(assets, (_, i) => hedged.model.loadings[i * K + k]) }], band: 0, maxAbsWeight: 1, costPerUnitTraded: rates },
      solvers,
    );
    expect(hedged.cost).toBeCloseTo(direct.cost, 12);
    expect(hedged.hedge.reduce((c, h, i) => c + Math.abs(h) * rates[i], 0)).toBeCloseTo(direct.cost, 12);
    expect(hedged.hedge[assets.indexOf(dear)]).toBe(0);
    expect(Math.abs(hedged.exposuresAfter[0])).toBeLessThan(1e-8);
  });
});
