import { Matrix, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import { KKT_TOLERANCE, kktResidualOf, riskOf, solveMeanVariance, type MeanVarianceProblem } from '../../src/optimize/mean-variance.js';

/** A random factor risk model: n assets, K factors, seeded. */
function model(n: number, K: number, seed: number): Omit<MeanVarianceProblem, 'riskAversion'> {
  const r = new Random(seed);
  const loadings = Float64Array.from({ length: n * K }, () => r.normal());
  // F = A A' / K + 0.1·I: symmetric positive definite.
  const A = Array.from({ length: K }, () => Array.from({ length: K }, () => r.normal() * 0.1));
  const factorCovariance = new Float64Array(K * K);
  for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) factorCovariance[k * K + l] = A[k].reduce((s, a, m) => s + a * A[l][m], 0) / K + (k === l ? 0.001 : 0);
  return { alpha: Float64Array.from({ length: n }, () => 0.01 * r.normal()), loadings, factorCovariance, specificVariance: Float64Array.from({ length: n }, () => 0.0004 * (1 + r.uniform())) };
}

/** Σ = B F B' + D as a dense matrix: only the tests form it. */
function sigma(p: Omit<MeanVarianceProblem, 'riskAversion'>): Matrix {
  const n = p.alpha.length;
  const K = p.loadings.length / n;
  const B = new Matrix(Array.from({ length: n }, (_, i) => Array.from(p.loadings.subarray(i * K, (i + 1) * K))));
  const F = new Matrix(Array.from({ length: K }, (_, k) => Array.from(p.factorCovariance.subarray(k * K, (k + 1) * K))));
  const S = B.mmul(F).mmul(B.transpose());
  for (let i = 0; i < n; i++) S.set(i, i, S.get(i, i) + p.specificVariance[i]);
  return S;
}

describe('mean-variance QP with the factor risk model (HiGHS, sparse through y = B\'w)', () => {
  it('unconstrained: w = (2λΣ)⁻¹α, the closed form, to 1e-9', async () => {
    for (const [n, K, seed] of [[6, 2, 1], [40, 3, 2]] as const) {
      const m = model(n, K, seed);
      const lambda = 3;
      const result = await solveMeanVariance({ ...m, riskAversion: lambda });
      const exact = solve(sigma(m).mul(2 * lambda), Matrix.columnVector(Array.from(m.alpha))).getColumn(0);
      for (let i = 0; i < n; i++) expect(Math.abs(result.weights[i] - exact[i])).toBeLessThan(1e-9 * (1 + Math.abs(exact[i])));
    }
  });

  it('minimum variance under a budget: w = Σ⁻¹1 / 1\'Σ⁻¹1, to 1e-9, and its variance is 1 / 1\'Σ⁻¹1', async () => {
    const m = model(12, 2, 3);
    const result = await solveMeanVariance({ ...m, alpha: new Float64Array(12), riskAversion: 1, budget: 1 });
    const z = solve(sigma(m), Matrix.columnVector(new Array(12).fill(1))).getColumn(0);
    const total = z.reduce((a, b) => a + b, 0);
    for (let i = 0; i < 12; i++) expect(Math.abs(result.weights[i] - z[i] / total)).toBeLessThan(1e-9);
    expect(result.variance).toBeCloseTo(1 / total, 12);
    expect(result.variance).toBeCloseTo(result.factorVariance + result.specificVariance, 15);
  });

  it('long-only with caps: the objective agrees to 1e-6 relative with a projected-gradient reference written here', async () => {
    for (const seed of [4, 5, 6]) {
      const n = 15;
      const m = model(n, 3, seed);
      const lambda = 5;
      const lower = new Float64Array(n);
      const upper = new Float64Array(n).fill(0.3);
      const result = await solveMeanVariance({ ...m, riskAversion: lambda, lower, upper });
      // Projected gradient ascent on α'w − λw'Σw over the box, step 1 / (2λ·‖Σ‖₁).
      const S = sigma(m);
      const step = 1 / (2 * lambda * Math.max(...S.to2DArray().map((row) => row.reduce((a, b) => a + Math.abs(b), 0))));
      let w = new Array(n).fill(0);
      for (let it = 0; it < 200_000; it++) {
        const g = S.mmul(Matrix.columnVector(w)).getColumn(0).map((s, i) => m.alpha[i] - 2 * lambda * s);
        w = w.map((x, i) => Math.min(upper[i], Math.max(lower[i], x + step * g[i])));
      }
      const objective = (v: Float64Array): number => v.reduce((s, x, i) => s + m.alpha[i] * x, 0) - lambda * riskOf(m, v).variance;
      const reference = objective(Float64Array.from(w));
      expect(Math.abs(result.objective - reference)).toBeLessThan(1e-6 * Math.abs(reference));
      expect(result.objective).toBeGreaterThanOrEqual(reference - 1e-12);
      for (let i = 0; i < n; i++) {
        expect(result.weights[i]).toBeGreaterThanOrEqual(-1e-9);
        expect(result.weights[i]).toBeLessThanOrEqual(0.3 + 1e-9);
      }
    }
  });

  it('says infeasible for bounds and a budget that admit no weights, and refuses a bad λ', async () => {
    const m = model(4, 1, 7);
    await expect(solveMeanVariance({ ...m, riskAversion: 1, budget: 1, upper: new Float64Array(4).fill(0.2) })).rejects.toThrow(/no weights satisfy/);
    await expect(solveMeanVariance({ ...m, riskAversion: 0 })).rejects.toThrow(/risk aversion \(0\) must be > 0/);
  });
});

describe('the KKT certificate of a mean-variance answer', () => {
  it('is below its tolerance on every solved case, and catches a moved weight', async () => {
    const m = model(20, 3, 8);
    const problem = { ...m, riskAversion: 4, budget: 1, lower: new Float64Array(20).fill(-0.1), upper: new Float64Array(20).fill(0.2) };
    const result = await solveMeanVariance(problem);
    expect(result.kktResidual).toBeLessThanOrEqual(KKT_TOLERANCE);
    expect(kktResidualOf(problem, result.weights)).toBe(result.kktResidual);
    // Move weight between two free assets: the budget still holds, stationarity does not.
    const free = Array.from(result.weights.keys()).filter((i) => result.weights[i] > -0.1 + 1e-6 && result.weights[i] < 0.2 - 1e-6);
    const moved = result.weights.slice();
    moved[free[0]] += 1e-3;
    moved[free[1]] -= 1e-3;
    expect(kktResidualOf(problem, moved)).toBeGreaterThan(1e-4);
  });
});
