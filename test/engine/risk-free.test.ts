import { describe, expect, it } from 'vitest';
import { History } from '../../src/core/history.js';
import { SeriesSet, type Market } from '../../src/core/panel.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { preparePanel } from '../../src/data/prepare-panel.js';
import { alignSeries, riskFreeReturns } from '../../src/engine/align-series.js';
import { ModelFitter } from '../../src/engine/model-fitter.js';
import { runWalkForward } from '../../src/engine/walk-forward.js';
import { summarizePerformance } from '../../src/diagnostics/performance.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { validateStrategy } from '../../src/strategy/validate-strategy.js';
import type { StrategyDefinition } from '../../src/index.js';
import { MemoryRecorder, smallStrategy } from '../helpers/small-market.js';

const { market } = generateSyntheticMarket({ seed: 5, assets: 12, days: 200 });
const dates = market.panel.dates;
/** A rate in percent per bar that varies (0.01%-0.03%), as a Fama-French file gives RF. */
const rfPercent = Float64Array.from(dates, (_, t) => 0.01 + 0.02 * ((t % 7) / 6));
const withRate: Market = {
  ...market,
  series: new SeriesSet(dates, new Map([...market.series.names.map((s): [string, Float64Array] => [s, market.series.get(s)]), ['RF', rfPercent]])),
};
const rated = (overrides: Partial<StrategyDefinition> = {}): StrategyDefinition => {
  const base = smallStrategy();
  return { ...base, model: { ...base.model, seriesUnits: { RF: 'percent' } }, riskFree: { series: 'RF', per: 'bar' }, ...overrides };
};

describe('the risk-free rate', () => {
  it('turns a series into per-bar returns: per bar as stamped, per year accrued as r × days / 365 from the previous close', () => {
    const d = ['2021-01-01', '2021-01-04', '2021-01-05', '2021-01-06'];
    const aligned = new Map([['r', Float64Array.of(0.0365, NaN, 0.073, 0.0365)]]);
    const perYear = riskFreeReturns(aligned, d, { series: 'r', per: 'year' });
    // Bar 1 spans 3 days at the rate known on 2021-01-01; bar 2 one day at the carried rate; bar 3 one day at 7.3%.
    expect(Array.from(perYear.returns)).toEqual([0, 0.0365 * 3 / 365, 0.0365 / 365, 0.073 / 365].map((x) => expect.closeTo(x, 15)));
    expect(perYear.carried).toBe(1);
    const perBar = riskFreeReturns(new Map([['r', Float64Array.of(NaN, 0.001, NaN, 0.002)]]), d, { series: 'r', per: 'bar' });
    expect(Array.from(perBar.returns)).toEqual([0, 0.001, 0.001, 0.002]);
    expect([perBar.beforeFirst, perBar.carried]).toEqual([1, 1]);
  });

  it('makes cash grow at the rate: an empty book compounds exactly Π(1 + rf) over the warm-up', async () => {
    const recorder = new MemoryRecorder();
    const strategy = rated();
    await runWalkForward({ strategy, market: withRate, solvers: [await createHighsSolver()], recorder });
    const firstHeld = recorder.days.findIndex((d) => d.grossExposure > 0);
    expect(firstHeld).toBeGreaterThan(30);
    let nav = 1_000_000;
    for (let t = 1; t < firstHeld; t++) {
      nav *= 1 + rfPercent[t] / 100;
      expect(recorder.days[t].nav).toBeCloseTo(nav, 6);
      expect(recorder.days[t].cashInterest).toBeCloseTo(recorder.days[t - 1].nav * (rfPercent[t] / 100), 8);
      expect(recorder.days[t].riskFreeReturn).toBeCloseTo(rfPercent[t] / 100, 15);
    }
    // Once invested, each bar's NAV change is the positions' P&L plus the interest on cash, minus costs.
    const events = recorder.days[0].events.map((e) => e.detail).join('\n');
    expect(events).toMatch(/risk-free rate: cash earns it, models fit and statistics use returns excess over series 'RF' \(a return per bar\)/);
  });

  it('fits excess returns: β unchanged and α′ = α − c(1 − β) for a constant rate c (OLS algebra)', () => {
    const c = 0.0004;
    const constant: Market = { ...market, series: new SeriesSet(dates, new Map([...market.series.names.map((s): [string, Float64Array] => [s, market.series.get(s)]), ['RF', new Float64Array(dates.length).fill(c)]])) };
    const base = smallStrategy({ model: { kind: 'time-series', windowDays: 120, refitEvery: 'month', series: [] } });
    const panel = preparePanel(constant, base.dataChecks).panel;
    const fit = (strategy: StrategyDefinition) => {
      const fitter = new ModelFitter(strategy, panel, alignSeries(constant, strategy, dates));
      return fitter.fit(History.internal(panel, alignSeries(constant, strategy, dates), 150), undefined);
    };
    const raw = fit(base);
    const excess = fit({ ...base, riskFree: { series: 'RF', per: 'bar' } });
    expect(excess.factors).toEqual(['market']);
    for (let i = 0; i < raw.assets.length; i++) {
      if (!(raw.observations[i] > 0)) continue;
      expect(excess.loadings[i]).toBeCloseTo(raw.loadings[i], 10);
      expect(excess.alpha[i]).toBeCloseTo(raw.alpha[i] - c * (1 - raw.loadings[i]), 12);
    }
  });

  it('computes the Sharpe ratio and PSR on excess returns (hand-checked)', () => {
    const rows = [0.01, -0.005, 0.012, 0.003].map((r, t) => ({ nav: 1, netReturn: r, turnover: 0, cost: 0, riskFree: 0.001 * t }));
    const s = summarizePerformance(rows, 1, 252);
    const excess = [0.01, -0.006, 0.01, 0];
    const mean = excess.reduce((a, b) => a + b, 0) / 4;
    const sd = Math.sqrt(excess.reduce((a, x) => a + (x - mean) ** 2, 0) / 3);
    expect(s.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(252), 12);
  });

  it('refuses a rate that is not a series, or a unit that is not one', () => {
    expect(() => validateStrategy(rated({ riskFree: { series: 'T-bill', per: 'bar' } }), 'x.ts', withRate.series.names)).toThrow(/riskFree\.series \('T-bill'\) is not a series in the data/);
    expect(() => validateStrategy(rated({ riskFree: { series: 'RF', per: 'month' as 'bar' } }), 'x.ts', withRate.series.names)).toThrow(/riskFree\.per \('month'\) must be 'bar'/);
    const base = smallStrategy();
    expect(() => validateStrategy({ ...base, model: { ...base.model, seriesUnits: { RF: 'bps' as 'percent' } } }, 'x.ts', withRate.series.names)).toThrow(/model\.seriesUnits\.RF \('bps'\) must be 'fraction' or 'percent'/);
  });

  it('leaves the rate out of the default time-series factors', () => {
    const strategy = rated();
    const panel = preparePanel(withRate, strategy.dataChecks).panel;
    const aligned = alignSeries(withRate, strategy, dates);
    const model = new ModelFitter(strategy, panel, aligned).fit(History.internal(panel, aligned, 150), undefined);
    expect(model.factors).not.toContain('RF');
    expect(model.factors).toContain('market');
  });
});
