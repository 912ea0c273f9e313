import fc from 'fast-check';
import { inverse, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/core/errors.js';
import { fitTimeSeries } from '../../src/model/fit-time-series.js';
import { assetVariance, predictedVariance } from '../../src/model/factor-model.js';
import type { TimeSeriesEstimator } from '../../src/model/fit-time-series.js';

const dates = (t: number): string[] => Array.from({ length: t }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`);

describe('fitTimeSeries', () => {
  it('matches the hand-worked simple regression y = 0.6 + 0.8x', () => {
    // x = 1..5, y = 1,3,2,5,4: Sxy = 8, Sxx = 10 → slope 0.8, intercept 0.6;
    // residuals -0.4, 0.8, -1.0, 1.2, -0.6 → RSS 3.6, s² = 3.6/3 = 1.2; TSS 10 → R² 0.64.
    const model = fitTimeSeries({
      asOf: '2024-01-05',
      dates: dates(5),
      assets: ['y'],
      returns: Float64Array.of(1, 3, 2, 5, 4),
      factorReturns: new Map([['x', Float64Array.of(1, 2, 3, 4, 5)]]),
      minObservations: 3,
    });
    expect(model.loadings[0]).toBeCloseTo(0.8, 12);
    expect(model.alpha[0]).toBeCloseTo(0.6, 12);
    expect(model.specificVariance[0]).toBeCloseTo(1.2, 12);
    expect(model.rSquared[0]).toBeCloseTo(0.64, 12);
    // Sample variance of x = 1..5 is 2.5.
    expect(model.factorCovariance[0]).toBeCloseTo(2.5, 12);
  });

  it('recovers an exact two-factor relation per asset and skips missing returns', () => {
    const f1 = Float64Array.of(0.1, -0.2, 0.05, 0.3, -0.1, 0.2, 0.0, -0.05);
    const f2 = Float64Array.of(1, 0, -1, 2, 0.5, -0.5, 1.5, -2);
    const T = f1.length;
    const returns = new Float64Array(T * 2);
    for (let t = 0; t < T; t++) {
      returns[t * 2] = 0.5 + 2 * f1[t] - 3 * f2[t];
      returns[t * 2 + 1] = t === 3 ? NaN : -0.1 + 0.5 * f1[t] + 0.25 * f2[t];
    }
    const model = fitTimeSeries({ asOf: 'x', dates: dates(T), assets: ['a', 'b'], returns, factorReturns: new Map([['f1', f1], ['f2', f2]]), minObservations: 5 });
    expect(Array.from(model.loadings).map((v) => Number(v.toFixed(10)))).toEqual([2, -3, 0.5, 0.25]);
    expect(model.alpha[0]).toBeCloseTo(0.5, 10);
    expect(model.rSquared[0]).toBeCloseTo(1, 10);
    expect(Array.from(model.observations)).toEqual([8, 7]);
  });

  it('leaves out assets with too few observations and counts them', () => {
    const f = Float64Array.of(1, 2, 3, 4, 5, 6);
    const returns = Float64Array.of(1, NaN, 2, NaN, 3, NaN, 4, 1, 5, 2, 6, 3);
    const model = fitTimeSeries({ asOf: 'x', dates: dates(6), assets: ['a', 'b'], returns, factorReturns: new Map([['f', f]]), minObservations: 5 });
    expect(model.observations[1]).toBe(0);
    expect(Number.isNaN(model.loadings[1])).toBe(true);
    expect(model.droppedAssets).toBe(1);
  });

  it('raises ModelError naming a constant factor', () => {
    const input = { asOf: '2024-01-06', dates: dates(6), assets: ['a'], returns: Float64Array.of(1, 2, 3, 4, 5, 6), factorReturns: new Map([['flat', new Float64Array(6).fill(0.01)]]), minObservations: 3 };
    const error = (() => { try { fitTimeSeries(input); } catch (e) { return e; } return undefined; })();
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('singular-factors');
    expect((error as ModelError).message).toMatch(/2024-01-06: factor 'flat' is constant/);
  });

  it('predicts variance w\'BFB\'w + w\'Dw (hand-worked)', () => {
    // One factor with variance 2.5 (x = 1..5); asset loading 0.8, specific variance 1.2:
    // weight 0.5 → 0.25·(0.64·2.5 + 1.2) = 0.25·2.8 = 0.7.
    const model = fitTimeSeries({ asOf: 'x', dates: dates(5), assets: ['y'], returns: Float64Array.of(1, 3, 2, 5, 4), factorReturns: new Map([['x', Float64Array.of(1, 2, 3, 4, 5)]]), minObservations: 3 });
    expect(predictedVariance(model, Float64Array.of(0.5))).toBeCloseTo(0.7, 12);
    // One asset alone: 0.64·2.5 + 1.2 = 2.8.
    expect(assetVariance(model, 0)).toBeCloseTo(2.8, 12);
  });

  it('gives each asset\'s own variance as predictedVariance of a unit weight on it', () => {
    const f1 = Float64Array.of(0.1, -0.2, 0.05, 0.3, -0.1, 0.2, 0.0, -0.05);
    const f2 = Float64Array.of(1, 0, -1, 2, 0.5, -0.5, 1.5, -2);
    const returns = Float64Array.from({ length: 24 }, (_, j) => Math.sin(j * 1.7));
    const model = fitTimeSeries({ asOf: 'x', dates: dates(8), assets: ['a', 'b', 'c'], returns, factorReturns: new Map([['f1', f1], ['f2', f2]]), minObservations: 5 });
    for (let i = 0; i < 3; i++) {
      const unit = new Float64Array(3);
      unit[i] = 1;
      expect(assetVariance(model, i)).toBeCloseTo(predictedVariance(model, unit), 14);
    }
  });

  it('matches a straightforward per-asset regression (design matrix, explicit inverse) for OLS, WLS and ridge', () => {
    // The fitter accumulates all assets' normal equations in one date-major pass
    // and solves them with its own Cholesky; the reference builds each asset's
    // design matrix and inverts with ml-matrix. Agreement to 1e-9 relative.
    // K up to 8 covers the kernel's chunks of 4 coefficients (1, 2 and 3 chunks).
    const estimators: TimeSeriesEstimator[] = [{ method: 'ols' }, { method: 'wls', halfLifeDays: 7 }, { method: 'ridge', ridgeLambda: 0.05 }];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom(...estimators), (seed, K, estimator) => {
        let state = seed;
        const uniform = (): number => ((state = (Math.imul(state, 48271) >>> 0) % 2147483647) / 2147483647);
        const T = 30;
        const N = 4;
        const factors = Array.from({ length: K }, () => Float64Array.from({ length: T }, () => uniform() - 0.5));
        factors[0][3] = NaN; // a bar without every factor is left out for all assets
        const returns = Float64Array.from({ length: T * N }, () => (uniform() < 0.1 ? NaN : uniform() - 0.5));
        const names = factors.map((_, k) => `f${k}`);
        const input = { asOf: 'x', dates: dates(T), returns, factorReturns: new Map(names.map((n, k) => [n, factors[k]])), minObservations: 10, estimator, risk: { specificVarianceFloor: 0 } };
        const model = fitTimeSeries({ ...input, assets: ['a', 'b', 'c', 'd'] });
        for (let i = 0; i < N; i++) {
          const expected = referenceFit(returns, N, i, factors, estimator);
          const single = fitTimeSeries({ ...input, assets: ['a'], returns: Float64Array.from({ length: T }, (_, t) => returns[t * N + i]) });
          const close = (a: number, b: number): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
          close(model.alpha[i], expected.coef[0]);
          for (let k = 0; k < K; k++) close(model.loadings[i * K + k], expected.coef[k + 1]);
          close(model.specificVariance[i], expected.s2);
          close(model.rSquared[i], expected.r2);
          expect(model.observations[i]).toBe(expected.n);
          if (K === 1) close(single.factorStats[0].medianAbsLoadingT, Math.abs(expected.t[0]));
        }
      }),
      { numRuns: 60 },
    );
  });
});

/** One asset's regression on its usable bars, written out with a design matrix (the textbook form). */
function referenceFit(returns: Float64Array, N: number, i: number, factors: Float64Array[], estimator: TimeSeriesEstimator): { coef: number[]; s2: number; r2: number; n: number; t: number[] } {
  const T = factors[0].length;
  const K = factors.length;
  const ok = (t: number): boolean => factors.every((f) => Number.isFinite(f[t]));
  const rows = Array.from({ length: T }, (_, t) => t).filter((t) => ok(t) && !Number.isNaN(returns[t * N + i]));
  const h = estimator.halfLifeDays ?? T / 4;
  const rawWeights = rows.map((t) => (estimator.method === 'wls' ? 2 ** (-(T - 1 - t) / h) : 1));
  const meanWeight = rawWeights.reduce((a, b) => a + b, 0) / rows.length;
  const w = rawWeights.map((v) => v / meanWeight);
  const X = new Matrix(rows.map((t) => [1, ...factors.map((f) => f[t])]));
  const y = Matrix.columnVector(rows.map((t) => returns[t * N + i]));
  const W = Matrix.diag(w);
  const M = X.transpose().mmul(W).mmul(X);
  const A = M.clone();
  if (estimator.method === 'ridge') {
    const okRows = Array.from({ length: T }, (_, t) => t).filter(ok);
    factors.forEach((f, k) => {
      const mean = okRows.reduce((s, t) => s + f[t], 0) / okRows.length;
      const variance = okRows.reduce((s, t) => s + (f[t] - mean) ** 2, 0) / (okRows.length - 1);
      A.set(k + 1, k + 1, A.get(k + 1, k + 1) + (estimator.ridgeLambda ?? 0.01) * rows.length * variance);
    });
  }
  const Ainv = inverse(A);
  const b = Ainv.mmul(X.transpose()).mmul(W).mmul(y);
  const residual = y.clone().sub(X.mmul(b));
  const n = rows.length;
  const rss = residual.to1DArray().reduce((s, e, r) => s + w[r] * e * e, 0);
  const yMean = y.to1DArray().reduce((s, v, r) => s + w[r] * v, 0) / n;
  const tss = y.to1DArray().reduce((s, v, r) => s + w[r] * (v - yMean) ** 2, 0);
  const s2 = rss / (n - K - 1);
  const cov = Ainv.mmul(M).mmul(Ainv).mul(s2);
  const coef = b.to1DArray();
  return { coef, s2, r2: 1 - rss / tss, n, t: factors.map((_, k) => coef[k + 1] / Math.sqrt(cov.get(k + 1, k + 1))) };
}
