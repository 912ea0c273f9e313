import { Matrix, inverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/core/errors.js';
import { Random } from '../../src/core/random.js';
import { fitCrossSection } from '../../src/model/fit-cross-section.js';
import { fitPca } from '../../src/model/fit-pca.js';
import { fitTimeSeries } from '../../src/model/fit-time-series.js';

const dates = (t: number): string[] => Array.from({ length: t }, (_, i) => `2024-${String(Math.floor(i / 28) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`);

/** A small regression problem: T bars, two factors, one asset with noise. */
function smallProblem(T: number, seed: number): { f1: Float64Array; f2: Float64Array; y: Float64Array } {
  const rng = new Random(seed);
  const f1 = Float64Array.from({ length: T }, () => rng.normal());
  const f2 = Float64Array.from({ length: T }, () => rng.normal());
  const y = Float64Array.from({ length: T }, (_, t) => 0.3 + 1.5 * f1[t] - 0.7 * f2[t] + 0.5 * rng.normal());
  return { f1, f2, y };
}

/** Independent closed form: b = (X'WX + Λ)⁻¹ X'Wy with explicit matrices (ml-matrix inverse). */
function closedForm(X: number[][], y: number[], w: number[], penalty: number[]): number[] {
  const Xm = new Matrix(X);
  const W = Matrix.diag(w);
  const A = Xm.transpose().mmul(W).mmul(Xm).add(Matrix.diag(penalty));
  return inverse(A).mmul(Xm.transpose()).mmul(W).mmul(Matrix.columnVector(y)).to1DArray();
}

describe('time-series estimators against the normal equations', () => {
  const T = 30;
  const { f1, f2, y } = smallProblem(T, 4);
  const X = Array.from({ length: T }, (_, t) => [1, f1[t], f2[t]]);
  const base = { asOf: 'x', dates: dates(T), assets: ['a'], returns: y, factorReturns: new Map([['f1', f1], ['f2', f2]]), minObservations: 5 };

  it('WLS with a half-life weights bar t by 2^(−(T−1−t)/h)', () => {
    const model = fitTimeSeries({ ...base, estimator: { method: 'wls', halfLifeDays: 10 } });
    const w = Array.from({ length: T }, (_, t) => 2 ** (-(T - 1 - t) / 10));
    const b = closedForm(X, Array.from(y), w, [0, 0, 0]);
    expect(model.alpha[0]).toBeCloseTo(b[0], 10);
    expect(model.loadings[0]).toBeCloseTo(b[1], 10);
    expect(model.loadings[1]).toBeCloseTo(b[2], 10);
  });

  it('ridge penalises loadings by λ·n·var(fₖ), never the intercept', () => {
    const lambda = 0.5;
    const variance = (v: Float64Array): number => {
      const m = v.reduce((a, b) => a + b) / v.length;
      return v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1);
    };
    const model = fitTimeSeries({ ...base, estimator: { method: 'ridge', ridgeLambda: lambda } });
    const b = closedForm(X, Array.from(y), Array(T).fill(1), [0, lambda * T * variance(f1), lambda * T * variance(f2)]);
    expect(model.alpha[0]).toBeCloseTo(b[0], 10);
    expect(model.loadings[0]).toBeCloseTo(b[1], 10);
    expect(model.loadings[1]).toBeCloseTo(b[2], 10);
    // Shrinkage pulls loadings towards zero relative to OLS.
    const ols = fitTimeSeries(base);
    expect(Math.abs(model.loadings[0])).toBeLessThan(Math.abs(ols.loadings[0]));
  });

  it('ridge fits collinear factors that OLS rejects, and the error names the pair', () => {
    const twin = f1.map((v) => 2 * v);
    const collinear = { ...base, factorReturns: new Map([['f1', f1], ['twin', twin]]) };
    expect(() => fitTimeSeries(collinear)).toThrow(ModelError);
    expect(() => fitTimeSeries(collinear)).toThrow(/f1 and twin.*use estimator 'ridge'/);
    const model = fitTimeSeries({ ...collinear, estimator: { method: 'ridge', ridgeLambda: 0.1 } });
    // Both loadings share the signal: 1 × f1 split so that b1 + 2 b2 ≈ 1.5.
    expect(model.loadings[0] + 2 * model.loadings[1]).toBeCloseTo(1.5, 0);
    expect(model.warnings.some((w) => w.startsWith('collinearity'))).toBe(true);
  });

  it('loading t-statistics equal the classical OLS ones', () => {
    const model = fitTimeSeries(base);
    const b = closedForm(X, Array.from(y), Array(T).fill(1), [0, 0, 0]);
    const resid = X.map((row, t) => y[t] - row.reduce((s, x, j) => s + x * b[j], 0));
    const s2 = resid.reduce((s, e) => s + e * e, 0) / (T - 3);
    const cov = inverse(new Matrix(X).transpose().mmul(new Matrix(X))).mul(s2);
    const t1 = b[1] / Math.sqrt(cov.get(1, 1));
    expect(model.factorStats[0].medianAbsLoadingT).toBeCloseTo(Math.abs(t1), 8);
  });

  it('a constant factor is a ModelError naming it, whatever the estimator', () => {
    const flat = { ...base, factorReturns: new Map([['f1', f1], ['flat', new Float64Array(T).fill(0.01)]]) };
    for (const method of ['ols', 'ridge'] as const) {
      expect(() => fitTimeSeries({ ...flat, estimator: { method } })).toThrow(/factor 'flat' is constant/);
    }
  });
});

describe('fitCrossSection (Fama-MacBeth on a tiny panel)', () => {
  // 4 assets with exposure x = −1.5, −0.5, 0.5, 1.5 on every bar; returns on bar
  // s+1 are exactly a_s + g_s·x, so the per-bar regressions recover (a_s, g_s).
  const x = [-1.5, -0.5, 0.5, 1.5];
  const a = [0, 0.01, -0.02, 0.005];
  const g = [0, 0.02, 0.04, 0.0];
  const T = 4;
  const N = 4;
  const returns = new Float64Array(T * N);
  for (let t = 1; t < T; t++) for (let i = 0; i < N; i++) returns[t * N + i] = a[t] + g[t] * x[i];
  const exposures = Array.from({ length: T }, () => Float64Array.from(x));
  const input = { asOf: 'd4', dates: ['d1', 'd2', 'd3', 'd4'], assets: ['A', 'B', 'C', 'D'], returns, factors: ['x'], exposures, minObservations: 2, neweyWestLags: 0 };

  it('recovers each bar’s factor returns and their Fama-MacBeth mean and t-statistic', () => {
    const model = fitCrossSection(input);
    expect(model.factors).toEqual(['market', 'x']);
    const fr = Array.from(model.factorReturns).map((v) => Number(v.toFixed(12)));
    expect(fr).toEqual([0.01, 0.02, -0.02, 0.04, 0.005, 0]);
    // FM mean of g = (0.02 + 0.04 + 0)/3 = 0.02; γ₀ = (0 + 0.0004 + 0.0004)/3;
    // se = √(γ₀/3) = 0.0094281 → t = 2.12132 (lag 0).
    const stat = model.factorStats[1];
    expect(stat.meanReturn).toBeCloseTo(0.02, 12);
    expect(stat.tStat).toBeCloseTo(2.1213203, 6);
    // Exact fits: no residual risk, R² = 1 for every asset with variation.
    expect(model.rSquared[3]).toBeCloseTo(1, 10);
    // Loadings at asOf: intercept 1 and the exposure.
    expect(Array.from(model.loadings.subarray(4, 6))).toEqual([1, 0.5]);
  });

  it('weights change the regression only through the residuals: an exact fit is unchanged', () => {
    const weights = new Float64Array(T * N).map((_, j) => 1 + (j % N));
    const model = fitCrossSection({ ...input, weights });
    expect(model.factorReturns[3]).toBeCloseTo(0.04, 12);
  });

  it('a constant exposure is a ModelError naming the date and factor', () => {
    const flat = Array.from({ length: T }, () => new Float64Array(N).fill(0.3));
    expect(() => fitCrossSection({ ...input, exposures: flat })).toThrow(/d1: exposure 'x' is the same for all 4 assets/);
  });

  it('all-NaN cross-sections are dropped and counted; too few left is a ModelError', () => {
    const holes = exposures.map((e, s) => (s === 1 ? new Float64Array(N).fill(NaN) : e));
    expect(() => fitCrossSection({ ...input, exposures: holes })).toThrow(/too-few|only 2 of 3 cross-sections/);
    const rng = new Random(3);
    const T2 = 30;
    const r2 = Float64Array.from({ length: T2 * N }, () => 0.01 * rng.normal());
    const ex2 = Array.from({ length: T2 }, (_, s) => (s % 10 === 0 ? new Float64Array(N).fill(NaN) : Float64Array.from(x)));
    const model = fitCrossSection({ ...input, dates: dates(T2), returns: r2, exposures: ex2, asOf: dates(T2)[T2 - 1] });
    expect(model.droppedDates).toBe(3);
    expect(model.warnings[0]).toMatch(/3 cross-section/);
  });

  it('refuses Newey-West lags shorter than the forward-return horizon needs', () => {
    expect(() => fitCrossSection({ ...input, horizonBars: 3, neweyWestLags: 1 })).toThrow(/at least horizonDays − 1 \(2\)/);
  });
});

describe('windows too short for the model', () => {
  it('time-series: fewer bars with every factor than factors + 2 is a ModelError naming the date and factors', () => {
    const f = Float64Array.of(0.1, NaN, 0.2, NaN, 0.3, NaN);
    const g = Float64Array.of(1, 2, NaN, 4, NaN, 6);
    const err = (() => {
      try {
        fitTimeSeries({ asOf: '2024-01-06', dates: dates(6), assets: ['a'], returns: new Float64Array(6).fill(0.01), factorReturns: new Map([['f', f], ['g', g]]), minObservations: 2 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).code).toBe('too-few-factor-observations');
    expect((err as ModelError).message).toBe('2024-01-06: only 1 of 6 bars in the window have every factor (f, g); need 4');
  });

  it('statistical: too few assets for the components is a ModelError', () => {
    const returns = Float64Array.from({ length: 20 * 3 }, (_, j) => Math.sin(j));
    expect(() => fitPca({ asOf: 'd', dates: dates(20), assets: ['a', 'b', 'c'], returns, components: 3, minObservations: 10 })).toThrow(/3 assets have 10 returns in the 20-bar window; 3 principal component\(s\) need more/);
  });
});
