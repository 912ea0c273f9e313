import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { History } from '../../src/core/history.js';
import type { Market } from '../../src/core/panel.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { withReturns } from '../../src/data/derive-returns.js';
import { ModelFitter } from '../../src/engine/model-fitter.js';
import { marketReturns } from '../../src/factors/market-return.js';
import { runWalkForward } from '../../src/engine/walk-forward.js';
import { factor, zScore, type FactorDefinition, type ModelSettings, type StrategyDefinition } from '../../src/index.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { perturbAfter } from '../helpers/perturb.js';
import { MemoryRecorder, smallStrategy } from '../helpers/small-market.js';

/** A user-written factor: 10-bar mean dollar volume rank, through the same History. */
const customLiquidity: FactorDefinition = {
  label: 'custom-liquidity',
  lookbackBars: 10,
  compute(history) {
    const n = history.assets.length;
    const close = history.window('close', 10);
    const volume = history.window('volume', 10);
    return Float64Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let b = 0; b < 10; b++) s += close[b * n + i] * volume[b * n + i];
      return Math.log(s / 10);
    });
  },
};

const factors = {
  beta: factor.marketBeta({ lookbackDays: 40 }),
  size: factor.logMarketCap(),
  momentum: factor.momentum({ lookbackDays: 30, skipDays: 3 }),
  liquidity: customLiquidity,
};

const models: Record<string, ModelSettings<keyof typeof factors>> = {
  'time-series (WLS, factor portfolios, EWMA risk)': {
    kind: 'time-series', windowDays: 60, refitEvery: 'month', factorPortfolios: ['momentum'],
    estimator: { method: 'wls', halfLifeDays: 20 }, risk: { method: 'ewma', halfLifeDays: 15 },
  },
  'cross-sectional (custom factor, Newey-West risk)': {
    kind: 'cross-sectional', windowDays: 60, refitEvery: 'month', factors: ['size', 'momentum', 'liquidity'], horizonDays: 5, risk: { method: 'newey-west' },
  },
  statistical: { kind: 'statistical', windowDays: 60, refitEvery: 'month', components: 2 },
};

function strategyWith(model: ModelSettings<string>, neutralToModel: readonly string[]): StrategyDefinition {
  return smallStrategy({
    factors,
    model,
    signal: (ctx) => zScore(ctx.exposure('momentum')),
    portfolio: { objective: 'max-alpha', neutralToModel, limits: { gross: 1, net: 0, maxAbsWeight: 0.2 } },
  });
}

function fitAt(strategy: StrategyDefinition, market: Market, t: number) {
  const panel = withReturns(market.panel);
  return new ModelFitter(strategy, panel, new Map()).fit(new History(panel, new Map(), t), undefined);
}

describe.each(Object.entries(models))('%s model', (_, model) => {
  const { market } = generateSyntheticMarket({ seed: 12, assets: 16, days: 160, delistings: 1 });
  const neutral = model.kind === 'statistical' ? ['pc1'] : ['market'];
  const strategy = strategyWith(model, neutral);

  it('fits the same model at t whatever the data after t', () => {
    fc.assert(
      fc.property(fc.integer({ min: 110, max: 150 }), fc.integer(), (cut, seed) => {
        expect(fitAt(strategy, perturbAfter(market, cut, seed), cut)).toEqual(fitAt(strategy, market, cut));
      }),
      { numRuns: 6, seed: 7 },
    );
  });

  it('drives a walk-forward run: stored fits of its kind, evaluations, optimal rebalances neutral to a model factor', async () => {
    const recorder = new MemoryRecorder();
    await runWalkForward({ strategy, market, solvers: [await createHighsSolver()], recorder });
    const fits = recorder.days.filter((d) => d.fit !== undefined);
    expect(fits.length).toBeGreaterThan(2);
    expect(fits.every((d) => d.fit?.kind === model.kind)).toBe(true);
    expect(recorder.days.filter((d) => d.evaluation !== undefined).length).toBe(fits.length);
    const last = fits[fits.length - 1].fit!;
    expect(last.factorStats.map((s) => s.factor)).toEqual(last.factors);
    expect(last.factorReturnDates.length * last.factors.length).toBe(last.factorReturns.length);
    const optimal = recorder.days.filter((d) => d.rebalance?.status === 'optimal');
    expect(optimal.length).toBeGreaterThan(5);
  });
});

describe('cross-sectional refits', () => {
  it('reuse cached per-bar regressions and give the same model as a fresh fit', () => {
    const { market } = generateSyntheticMarket({ seed: 13, assets: 16, days: 160, delistings: 1 });
    const strategy = strategyWith(models['cross-sectional (custom factor, Newey-West risk)'], ['market']);
    const panel = withReturns(market.panel);
    const rolling = new ModelFitter(strategy, panel, new Map());
    for (const t of [100, 120, 140]) rolling.fit(new History(panel, new Map(), t), undefined);
    const refit = rolling.fit(new History(panel, new Map(), 159), undefined);
    expect(refit).toEqual(fitAt(strategy, market, 159));
  });
});

describe('time-series refits', () => {
  it('take market returns computed once per bar, equal to marketReturns of each window, and zero-copy return windows', () => {
    const { market } = generateSyntheticMarket({ seed: 14, assets: 16, days: 200, delistings: 1 });
    const strategy = strategyWith({ kind: 'time-series', windowDays: 60, refitEvery: 'month' }, ['market']);
    const panel = withReturns(market.panel);
    const rolling = new ModelFitter(strategy, panel, new Map());
    for (const t of [59, 60, 120, 199]) {
      const history = new History(panel, new Map(), t);
      const model = rolling.fit(history, undefined);
      const k = model.factors.indexOf('market');
      const expected = marketReturns(history, 60);
      const column = Array.from({ length: model.factorReturnDates.length }, (_, s) => model.factorReturns[s * model.factors.length + k]);
      expect(column).toEqual(Array.from(expected));
      expect(model).toEqual(fitAt(strategy, market, t));
      expect(rolling.factorReturnsAt(history, model)[k]).toBe(marketReturns(history, 1)[0]);
    }
    // A fitter that has seen no bar yet fills them in on its first use, from the first bar on.
    const fresh = new ModelFitter(strategy, panel, new Map());
    const model = fresh.fit(new History(panel, new Map(), 199), undefined);
    for (const t of [0, 1, 100]) {
      const history = new History(panel, new Map(), t);
      expect(fresh.factorReturnsAt(history, model)[model.factors.indexOf('market')]).toBe(t === 0 ? NaN : marketReturns(history, 1)[0]);
    }
  });
});

describe('a returns-only recorder', () => {
  it('sees the same dates, NAVs, returns and summary as a full one, without holdings, fits, evaluations or attribution', async () => {
    const { market } = generateSyntheticMarket({ seed: 15, assets: 16, days: 200, delistings: 1 });
    const strategy = strategyWith({ kind: 'time-series', windowDays: 60, refitEvery: 'month' }, ['market']);
    const solvers = [await createHighsSolver()];
    const full = new MemoryRecorder();
    const lean = Object.assign(new MemoryRecorder(), { returnsOnly: true });
    const a = await runWalkForward({ strategy, market, solvers, recorder: full });
    const b = await runWalkForward({ strategy, market, solvers, recorder: lean });
    const pick = (r: MemoryRecorder) => r.days.map((d) => [d.date, d.nav, d.netReturn, d.grossReturn, d.cost, d.turnover, d.grossExposure, d.netExposure, d.predictedVol]);
    expect(pick(lean)).toEqual(pick(full));
    expect(b.summary).toEqual(a.summary);
    expect(full.days.some((d) => d.fit !== undefined && d.evaluation !== undefined && d.attribution !== undefined && d.holdings.length > 0)).toBe(true);
    expect(lean.days.every((d) => d.fit === undefined && d.evaluation === undefined && d.attribution === undefined && d.holdings.length === 0)).toBe(true);
  });
});
