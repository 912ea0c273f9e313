import { describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import { evaluateModel } from '../../src/model/evaluate-model.js';
import { conditionIndex, estimateFactorCovariance, ledoitWolfIntensity } from '../../src/model/factor-covariance.js';
import { fitTimeSeries } from '../../src/model/fit-time-series.js';
import { defaultNeweyWestLags, neweyWestMean } from '../../src/stats/newey-west.js';
import { rankCorrelation } from '../../src/stats/ranks.js';

describe('Newey-West', () => {
  it('matches the hand-worked series 1, 2, 3, 4 with one lag', () => {
    // mean 2.5; deviations ±1.5, ±0.5; γ₀ = 5/4 = 1.25; γ₁ = (0.75 − 0.25 + 0.75)/4 = 0.3125;
    // S = 1.25 + 2·(1 − 1/2)·0.3125 = 1.5625; se = √(1.5625/4) = 0.625; t = 4.
    const test = neweyWestMean(Float64Array.of(1, 2, 3, 4), 1);
    expect(test.mean).toBe(2.5);
    expect(test.standardError).toBeCloseTo(0.625, 14);
    expect(test.tStat).toBeCloseTo(4, 12);
  });

  it('default lag follows 4(T/100)^(2/9) and never drops below horizon − 1', () => {
    expect(defaultNeweyWestLags(252)).toBe(Math.floor(4 * 2.52 ** (2 / 9)));
    expect(defaultNeweyWestLags(252, 21)).toBe(20);
  });

  it('the Newey-West covariance of one series equals S of the mean test', () => {
    const cov = estimateFactorCovariance(Float64Array.of(1, 2, 3, 4), 1, { method: 'newey-west', neweyWestLags: 1, shrinkage: 'none' });
    expect(cov.covariance[0]).toBeCloseTo(1.5625, 14);
  });
});

describe('factor covariance', () => {
  const rng = new Random(17);
  const T = 60;
  const K = 3;
  const f = Float64Array.from({ length: T * K }, (_, j) => (j % K === 0 ? 0.02 : 0.01) * rng.normal());

  it('sample covariance is Σ(f − f̄)(f − f̄)ᵀ/(T − 1)', () => {
    const est = estimateFactorCovariance(f, K, { shrinkage: 'none' });
    const mean = [0, 1, 2].map((k) => Array.from({ length: T }, (_, t) => f[t * K + k]).reduce((a, b) => a + b) / T);
    let c01 = 0;
    for (let t = 0; t < T; t++) c01 += (f[t * K] - mean[0]) * (f[t * K + 1] - mean[1]);
    expect(est.covariance[1]).toBeCloseTo(c01 / (T - 1), 14);
    expect(est.shrinkage).toBe(0);
  });

  it('EWMA with a very long half-life tends to the sample covariance', () => {
    const sample = estimateFactorCovariance(f, K, { shrinkage: 'none' }).covariance;
    const ewma = estimateFactorCovariance(f, K, { method: 'ewma', halfLifeDays: 1e9, shrinkage: 'none' }).covariance;
    sample.forEach((v, j) => expect(ewma[j]).toBeCloseTo(v, 10));
  });

  it('EWMA with a short half-life follows a recent change in volatility', () => {
    const g = Float64Array.from({ length: 100 }, (_, t) => (t < 80 ? 0.01 : 0.05) * rng.normal());
    const short = estimateFactorCovariance(g, 1, { method: 'ewma', halfLifeDays: 5 }).covariance[0];
    const sample = estimateFactorCovariance(g, 1).covariance[0];
    expect(short).toBeGreaterThan(2 * sample);
  });

  it('Ledoit-Wolf intensity matches the hand-worked four-row case', () => {
    // Rows (2,0), (0,1), (−2,0), (0,−1): S = diag(2, 0.5), m = 1.25, d² = 2·0.75² = 1.125.
    // Each ‖xxᵀ − S‖² = 2² + 0.5² = 4.25 → b̄² = 4·4.25/16 = 1.0625 → δ = 1.0625/1.125.
    expect(ledoitWolfIntensity(Float64Array.of(2, 0, 0, 1, -2, 0, 0, -1), 2)).toBeCloseTo(1.0625 / 1.125, 14);
  });

  it('shrinks only the correlations, more for short windows, and auto applies it below 20 bars per factor', () => {
    // Correlated factors (ρ = 0.6 between the first two), so full shrinkage is not optimal.
    const c = Float64Array.from({ length: 400 * K }, () => rng.normal());
    for (let t = 0; t < 400; t++) c[t * K + 1] = 0.6 * c[t * K] + 0.8 * c[t * K + 1];
    const short = estimateFactorCovariance(c.subarray(0, 12 * K), K);
    const long = estimateFactorCovariance(c, K, { shrinkage: 'ledoit-wolf' });
    const raw = estimateFactorCovariance(c.subarray(0, 12 * K), K, { shrinkage: 'none' });
    expect(short.shrinkage).toBeGreaterThan(0);
    expect(short.shrinkage).toBeGreaterThan(long.shrinkage);
    expect(short.covariance[0]).toBe(raw.covariance[0]);
    expect(short.covariance[1]).toBeCloseTo(raw.covariance[1] * (1 - short.shrinkage), 15);
    expect(estimateFactorCovariance(f, K).shrinkage).toBe(0);
  });

  it('condition index is 1 for uncorrelated factors and infinite for collinear ones', () => {
    expect(conditionIndex(Float64Array.of(4, 0, 0, 9), 2)).toBeCloseTo(1, 12);
    expect(conditionIndex(Float64Array.of(1, 2, 2, 4), 2)).toBeGreaterThan(1e6);
  });
});

describe('specific variance floor and evaluation', () => {
  const rng = new Random(23);
  const T = 400;
  const N = 20;
  const market = Float64Array.from({ length: T }, () => 0.02 * rng.normal());
  const beta = Float64Array.from({ length: N }, () => 1 + 0.3 * rng.normal());
  const vol = Float64Array.from({ length: N }, (_, i) => (i === 0 ? 1e-5 : 0.01 + 0.02 * rng.uniform()));
  const returns = new Float64Array(T * N);
  for (let t = 0; t < T; t++) for (let i = 0; i < N; i++) returns[t * N + i] = beta[i] * market[t] + vol[i] * rng.normal();
  const dates = Array.from({ length: T }, (_, t) => `d${String(t).padStart(4, '0')}`);
  const fit = (risk = {}) =>
    fitTimeSeries({ asOf: dates[199], dates: dates.slice(0, 200), assets: Array.from({ length: N }, (_, i) => `A${i}`), returns: returns.subarray(0, 200 * N), factorReturns: new Map([['market', market.subarray(0, 200)]]), minObservations: 100, risk });

  it('raises a near-zero specific variance to 10% of the median by default, or to a given floor', () => {
    const model = fit();
    expect(model.risk.flooredAssets).toBe(1);
    expect(model.specificVariance[0]).toBeCloseTo(model.risk.specificVarianceFloor, 15);
    expect(fit({ specificVarianceFloor: 0 }).specificVariance[0]).toBeLessThan(1e-9);
  });

  it('the bias statistic is near 1 when returns follow the fitted model (95% band 1 ± √(2/T))', () => {
    const model = fit({ specificVarianceFloor: 0 });
    const ev = evaluateModel(model, returns.subarray(200 * N), dates.slice(200));
    expect(ev?.bars).toBe(200);
    expect(Math.abs((ev?.biasStatistic ?? 0) - 1)).toBeLessThan(2 * Math.sqrt(2 / 200) + 0.05);
    expect(Math.abs((ev?.meanAssetBias ?? 0) - 1)).toBeLessThan(0.1);
  });

  it('the bias statistic exposes a model that under-predicts risk', () => {
    const model = fit({ specificVarianceFloor: 0 });
    const scaled = returns.subarray(200 * N).map((r) => 2 * r);
    expect(evaluateModel(model, scaled, dates.slice(200))?.biasStatistic).toBeGreaterThan(1.7);
  });
});

describe('rank correlation', () => {
  it('is 1 for a monotone relation, averages ties and skips NaN', () => {
    expect(rankCorrelation(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 8, 27, 64))).toBeCloseTo(1, 14);
    // Ranks (0,1,2,3) vs (0.5,0.5,2,3): Pearson of ranks = 0.9486833 (hand-computed).
    expect(rankCorrelation(Float64Array.of(1, 2, 3, 4, NaN), Float64Array.of(5, 5, 6, 7, 1))).toBeCloseTo(0.9486833, 6);
  });
});
