import { beforeAll, describe, expect, it } from 'vitest';
import { OptimizerError } from '../../src/core/errors.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { solveWithPolicy, targetVolatility } from '../../src/strategy/portfolio-policies.js';
import { runWalkForward } from '../../src/engine/walk-forward.js';
import { predictedVariance, type FactorModel } from '../../src/model/factor-model.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import type { LpSolver } from '../../src/optimize/linear-program.js';
import type { PortfolioProblem } from '../../src/optimize/portfolio-problem.js';
import { MemoryRecorder, smallStrategy } from '../helpers/small-market.js';

let highs: LpSolver;
beforeAll(async () => {
  highs = await createHighsSolver();
});

/** A model with no factors and 1% specific volatility per bar for every asset. */
function specificOnly(assets: readonly string[]): FactorModel {
  const n = assets.length;
  return {
    asOf: 'd', kind: 'statistical', assets, factors: [], windowStart: 'a', windowEnd: 'd',
    loadings: new Float64Array(0), alpha: new Float64Array(n), specificVariance: new Float64Array(n).fill(1e-4), rSquared: new Float64Array(n),
    observations: new Int32Array(n).fill(100), factorCovariance: new Float64Array(0), factorReturns: new Float64Array(0), factorReturnDates: [],
    factorStats: [], risk: { covarianceMethod: 'sample', shrinkage: 0, specificVarianceFloor: 0, flooredAssets: 0, conditionIndex: 1 }, droppedAssets: 0, droppedDates: 0, warnings: [],
  };
}

describe('onInfeasible policies', () => {
  // Holding (0.5, −0.5, 0, 0) breaks neutrality to (1, 0, 0, 0); fixing it trades 1.0 > the 0.1 budget.
  const problem: PortfolioProblem = {
    assets: ['a', 'b', 'c', 'd'],
    alpha: Float64Array.of(1, -1, 0.5, -0.5),
    current: Float64Array.of(0.5, -0.5, 0, 0),
    neutral: [{ name: 'first', exposures: Float64Array.of(1, 0, 0, 0), band: 0 }],
    net: 0,
    gross: 1,
    maxAbsWeight: 0.5,
    longOnly: false,
    maxTurnover: 0.1,
    costPerUnitTraded: 0,
  };

  it('hold and stop see the infeasible error; relax gives up the turnover budget first and says so', async () => {
    await expect(solveWithPolicy(problem, [highs], 'hold')).rejects.toBeInstanceOf(OptimizerError);
    let solves = 0;
    const counting = { name: 'highs', solve: (lp: Parameters<typeof highs.solve>[0]) => (solves++, highs.solve(lp)) };
    const relaxed = await solveWithPolicy(problem, [counting], 'relax');
    expect(relaxed.relaxed).toEqual(['turnover']);
    expect(relaxed.result.weights[0]).toBeCloseTo(0, 10);
    // The problem as set, then without the turnover budget: no diagnosis LPs, since relaxing does not need them.
    expect(solves).toBe(2);
  });

  it('relax never touches net exposure: a conflict there stays infeasible', async () => {
    await expect(solveWithPolicy({ ...problem, net: 2 }, [highs], 'relax')).rejects.toThrow(/these limits conflict: net \(Σw = 2\); gross \(Σ\|w\| <= 1\), even after relaxing turnover, neutral\[first\]/);
  });
});

describe('volatility targeting', () => {
  const assets = ['a', 'b'];
  const model = specificOnly(assets);
  const book = Float64Array.of(0.5, -0.5);
  // Per-bar variance 2 × 0.25 × 1e-4 = 5e-5; annualised over 365 bars: √(5e-5 × 365) = 13.5%.
  const annual = Math.sqrt(5e-5 * 365);
  const base: PortfolioProblem = { assets, alpha: new Float64Array(2), current: new Float64Array(2), neutral: [], net: 0, gross: 3, maxAbsWeight: 2, longOnly: false, costPerUnitTraded: 0 };

  it('scales the book to the target when the limits allow', () => {
    const r = targetVolatility(base, [0, 1], book, model, 2 * annual, 365);
    expect(r.scale).toBeCloseTo(2, 12);
    expect(Math.sqrt(predictedVariance(model, r.targets) * 365)).toBeCloseTo(2 * annual, 12);
    expect(r.note).toBeUndefined();
  });

  it('stops at the largest scale the limits allow, and says so', () => {
    const r = targetVolatility({ ...base, gross: 1.5 }, [0, 1], book, model, 2 * annual, 365);
    expect(r.scale).toBeCloseTo(1.5, 7);
    expect(r.note).toMatch(/needs ×2\.000; the limits allow ×1\.500/);
  });
});

describe('policies in a walk-forward run', () => {
  it('records the volatility scale, the hedge trades, relaxed limits and per-asset costs', async () => {
    const { market } = generateSyntheticMarket({ seed: 17, assets: 14, days: 160 });
    const strategy = smallStrategy({
      portfolio: {
        objective: 'max-alpha',
        neutral: ['size'],
        limits: { gross: 1, net: 0, maxAbsWeight: 0.2, maxTurnover: 0.02 },
        targetVolatility: 0.2,
        hedge: { instruments: ['A001', 'A002'], factors: ['market'], band: 0.01 },
        onInfeasible: 'relax',
      },
      costs: { commissionBps: 2, perAssetBps: (ctx) => new Float64Array(ctx.assets.length).fill(10) },
    });
    const recorder = new MemoryRecorder();
    await runWalkForward({ strategy, market, solvers: [highs], recorder });
    const decided = recorder.days.flatMap((d) => (d.rebalance === undefined ? [] : [d.rebalance]));
    expect(decided.some((r) => r.status === 'relaxed' && r.relaxed.includes('turnover'))).toBe(true);
    expect(decided.filter((r) => r.status === 'optimal' || r.status === 'relaxed').every((r) => r.volScale > 0 && Number.isFinite(r.dualityGap))).toBe(true);
    const events = recorder.days.flatMap((d) => d.events);
    expect(events.some((e) => e.kind === 'hedge' && /hedged market with A00[12]/.test(e.detail))).toBe(true);
    expect(events.some((e) => e.kind === 'rebalance-relaxed')).toBe(true);
    // 12 bps per unit traded (2 commission + 10 per asset) on the NAV at the trade:
    // the previous close's NAV grown by this bar's mark-to-market return.
    let checked = 0;
    recorder.days.forEach((d, k) => {
      if (k === 0) return;
      const navAtTrade = recorder.days[k - 1].nav * (1 + d.grossReturn);
      for (const t of d.trades) {
        if (t.reason !== 'rebalance') continue;
        expect(t.cost).toBeCloseTo(Math.abs(t.weight) * navAtTrade * 0.0012, 6);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(20);
  });
});

describe('other portfolio settings in a walk-forward run', () => {
  it('min-distance to the signal, group caps, a size tilt and trade size against dollar volume all hold on every rebalance', async () => {
    const { market } = generateSyntheticMarket({ seed: 19, assets: 16, days: 150 });
    const strategy = smallStrategy({
      signal: (ctx) => ctx.exposure('momentum').map((m) => Math.max(-0.1, Math.min(0.1, m))),
      portfolio: {
        objective: 'min-distance',
        tilts: { size: { target: 0.5, band: 0.05 } },
        groups: { of: (ctx) => ctx.assets.map((a) => (Number(a.slice(1)) % 2 === 0 ? 'even' : 'odd')), maxNet: 0.05, maxGross: 0.6 },
        limits: { gross: 1, net: 0, maxAbsWeight: 0.2, maxTradeAdv: 0.5 },
        onInfeasible: 'relax',
      },
    });
    const recorder = new MemoryRecorder();
    await runWalkForward({ strategy, market, solvers: [highs], recorder });
    const decided = recorder.days.flatMap((d) => (d.rebalance?.status === 'optimal' ? [d.rebalance] : []));
    expect(decided.length).toBeGreaterThan(5);
    for (const r of decided) {
      const byGroup = new Map<string, { net: number; gross: number }>();
      for (const t of r.targets) {
        const g = Number(t.asset.slice(1)) % 2 === 0 ? 'even' : 'odd';
        const x = byGroup.get(g) ?? { net: 0, gross: 0 };
        byGroup.set(g, { net: x.net + t.weight, gross: x.gross + Math.abs(t.weight) });
      }
      for (const { net, gross } of byGroup.values()) {
        expect(net).toBeLessThanOrEqual(0.05 + 1e-8);
        expect(gross).toBeLessThanOrEqual(0.6 + 1e-8);
      }
    }
  });
});
