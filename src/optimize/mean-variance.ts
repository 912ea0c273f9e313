import * as highsModule from 'highs';
import type { Highs } from 'highs';
import { Matrix, solve } from 'ml-matrix';
import { OptimizerError } from '../core/errors.js';

/** highs ships CommonJS typings for an ES module: its default export is the loader. */
const loadHighs = highsModule.default as unknown as () => Promise<Highs>;
let runtime: Promise<Highs> | undefined;

/**
 * A mean-variance problem under a factor risk model `Σ = B F B' + D`: maximise
 * `α'w − λ·w'Σw` subject to optional bounds on each weight and on `Σw`.
 */
export interface MeanVarianceProblem {
  readonly alpha: Float64Array;
  /** λ > 0. */
  readonly riskAversion: number;
  /** n × K loadings, row-major (asset i's exposures at `i·K … i·K + K − 1`). */
  readonly loadings: Float64Array;
  /** K × K factor covariance, row-major, symmetric positive semi-definite. */
  readonly factorCovariance: Float64Array;
  /** n specific variances, > 0. */
  readonly specificVariance: Float64Array;
  /** `Σw` fixed to this value (1: fully invested), when given. */
  readonly budget?: number;
  /** Per-asset bounds (±Infinity for none). */
  readonly lower?: Float64Array;
  readonly upper?: Float64Array;
}

export interface MeanVarianceSolution {
  readonly weights: Float64Array;
  /** `α'w − λ·w'Σw` at the weights. */
  readonly objective: number;
  /** Ex-ante variance `w'Σw`, and its factor (`w'BFB'w`) and specific (`w'Dw`) parts. */
  readonly variance: number;
  readonly factorVariance: number;
  readonly specificVariance: number;
  /**
   * The largest violation of the KKT conditions at the weights, relative to the largest |α| (the
   * gradient's scale): stationarity on the free weights, the multiplier's sign at a bound.
   * At most `KKT_TOLERANCE`, or the answer is refused.
   */
  readonly kktResidual: number;
  readonly solveMs: number;
}

/** Largest relative KKT residual an answer may have. */
export const KKT_TOLERANCE = 1e-8;

/**
 * Solve a mean-variance problem with HiGHS's convex QP, without forming anything n × n: the
 * variables are the weights `w` and the factor exposures `y = B'w` (K equality rows), the Hessian
 * is `2λ·diag(D)` on `w` and `2λ·F` on `y`, so it has n + K(K + 1)/2 entries.
 * @throws OptimizerError `invalid-problem` for bad shapes or a non-positive λ or specific variance,
 *   `infeasible` when the bounds and budget admit no weights, `no-valid-answer` for any other status
 */
export async function solveMeanVariance(p: MeanVarianceProblem): Promise<MeanVarianceSolution> {
  const n = p.alpha.length;
  const K = n === 0 ? 0 : p.loadings.length / n;
  const bad = (what: string): never => {
    throw new OptimizerError('invalid-problem', what);
  };
  if (!Number.isInteger(K) || p.factorCovariance.length !== K * K) bad(`loadings (${p.loadings.length}) and factor covariance (${p.factorCovariance.length}) do not fit ${n} assets`);
  if (p.specificVariance.length !== n) bad(`specific variances have ${p.specificVariance.length} entries, expected ${n}`);
  if (!(p.riskAversion > 0)) bad(`risk aversion (${p.riskAversion}) must be > 0`);
  for (let i = 0; i < n; i++) if (!(p.specificVariance[i] > 0) || !Number.isFinite(p.alpha[i])) bad(`asset ${i}: alpha ${p.alpha[i]} and specific variance ${p.specificVariance[i]} must be finite, the variance > 0`);
  runtime ??= loadHighs();
  const highs = await runtime;
  const inf = (v: number): number => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v);
  const cols = n + K;
  const colCost = new Float64Array(cols);
  for (let i = 0; i < n; i++) colCost[i] = -p.alpha[i];
  const colLower = new Float64Array(cols).fill(-highs.infinity);
  const colUpper = new Float64Array(cols).fill(highs.infinity);
  for (let i = 0; i < n; i++) {
    colLower[i] = inf(p.lower?.[i] ?? -Infinity);
    colUpper[i] = inf(p.upper?.[i] ?? Infinity);
  }
  // Rows: y_k − Σ_i B_ik w_i = 0 for each factor, then Σ w = budget.
  const rows = K + (p.budget === undefined ? 0 : 1);
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < n; i++) {
      const b = p.loadings[i * K + k];
      if (b !== 0) {
        indices.push(i);
        values.push(-b);
      }
    }
    indices.push(n + k);
    values.push(1);
    starts.push(indices.length);
  }
  if (p.budget !== undefined) {
    for (let i = 0; i < n; i++) {
      indices.push(i);
      values.push(1);
    }
    starts.push(indices.length);
  }
  const rowBound = Float64Array.from({ length: rows }, (_, r) => (r < K ? 0 : (p.budget as number)));
  // Lower triangle by column: 2λ·D_i on w_i, 2λ·F on y.
  const hStarts = [0];
  const hIndex: number[] = [];
  const hValues: number[] = [];
  const twoLambda = 2 * p.riskAversion;
  for (let i = 0; i < n; i++) {
    hIndex.push(i);
    hValues.push(twoLambda * p.specificVariance[i]);
    hStarts.push(hIndex.length);
  }
  for (let k = 0; k < K; k++) {
    for (let l = k; l < K; l++) {
      const f = p.factorCovariance[l * K + k];
      if (f !== 0 || l === k) {
        hIndex.push(n + l);
        hValues.push(twoLambda * f);
      }
    }
    hStarts.push(hIndex.length);
  }
  // Scale the objective so the Hessian's largest diagonal is 1: variances of 1e-4 leave the QP
  // solver's absolute tolerances loose on the weights otherwise. The minimiser is unchanged.
  let largest = 0;
  for (let j = 0; j < cols; j++) largest = Math.max(largest, Math.abs(hValues[hStarts[j]] ?? 0));
  const scale = largest > 0 ? 1 / largest : 1;
  for (let j = 0; j < cols; j++) colCost[j] *= scale;
  for (let k = 0; k < hValues.length; k++) hValues[k] *= scale;
  const started = performance.now();
  const model = highs.createModel({
    numCols: cols,
    numRows: rows,
    sense: highs.constants.objectiveSense.minimize,
    colCost,
    colLower,
    colUpper,
    rowLower: rowBound,
    rowUpper: rowBound,
    matrix: { format: 'csr', numRows: rows, numCols: cols, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(values) },
    hessian: { format: 'triangular', dimension: cols, starts: Int32Array.from(hStarts), indices: Int32Array.from(hIndex), values: Float64Array.from(hValues) },
  });
  try {
    model.options.set({ output_flag: false, primal_feasibility_tolerance: 1e-10, dual_feasibility_tolerance: 1e-10 });
    const { modelStatus } = model.run();
    const codes = highs.constants.modelStatus;
    if (modelStatus === codes.infeasible) throw new OptimizerError('infeasible', `no weights satisfy the bounds and the budget (${n} assets)`);
    if (modelStatus !== codes.optimal) throw new OptimizerError('no-valid-answer', `HiGHS QP: model status ${modelStatus}`);
    const x = model.getSolution().colValue;
    const weights = polish(p, Float64Array.from({ length: n }, (_, i) => x[i]));
    const kktResidual = kktResidualOf(p, weights);
    if (!(kktResidual <= KKT_TOLERANCE)) throw new OptimizerError('no-valid-answer', `HiGHS QP answer not certified optimal: KKT residual ${kktResidual.toExponential(2)} (tolerance ${KKT_TOLERANCE})`);
    const risk = riskOf(p, weights);
    let expected = 0;
    for (let i = 0; i < n; i++) expected += p.alpha[i] * weights[i];
    return { weights, objective: expected - p.riskAversion * risk.variance, ...risk, kktResidual, solveMs: performance.now() - started };
  } finally {
    model.dispose();
  }
}

/** `w'Σw` for `Σ = BFB' + D`, and its factor and specific parts, from the weights (O(nK + K²)). */
export function riskOf(p: Pick<MeanVarianceProblem, 'loadings' | 'factorCovariance' | 'specificVariance'>, w: Float64Array): { variance: number; factorVariance: number; specificVariance: number } {
  const n = w.length;
  const K = n === 0 ? 0 : p.loadings.length / n;
  const y = new Float64Array(K);
  let specific = 0;
  for (let i = 0; i < n; i++) {
    specific += w[i] * w[i] * p.specificVariance[i];
    for (let k = 0; k < K; k++) y[k] += p.loadings[i * K + k] * w[i];
  }
  let factor = 0;
  for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) factor += y[k] * p.factorCovariance[k * K + l] * y[l];
  return { variance: factor + specific, factorVariance: factor, specificVariance: specific };
}

/**
 * The KKT residual of weights `w`, relative to the largest |α| (or 1): with `g = α − 2λΣw` the
 * gradient and `ν` the budget's multiplier (the mean of `g` over the free weights; 0 without a
 * budget), stationarity asks `g_i = ν` on a free weight, `g_i ≤ ν` at a lower bound and `g_i ≥ ν`
 * at an upper bound. Also the bounds and the budget themselves.
 */
export function kktResidualOf(p: MeanVarianceProblem, w: Float64Array): number {
  const n = w.length;
  const K = n === 0 ? 0 : p.loadings.length / n;
  const y = new Float64Array(K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) y[k] += p.loadings[i * K + k] * w[i];
  const Fy = new Float64Array(K);
  for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) Fy[k] += p.factorCovariance[k * K + l] * y[l];
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sigmaW = p.specificVariance[i] * w[i];
    for (let k = 0; k < K; k++) sigmaW += p.loadings[i * K + k] * Fy[k];
    g[i] = p.alpha[i] - 2 * p.riskAversion * sigmaW;
  }
  const lo = (i: number): number => p.lower?.[i] ?? -Infinity;
  const hi = (i: number): number => p.upper?.[i] ?? Infinity;
  const near = (a: number, b: number): boolean => Number.isFinite(b) && Math.abs(a - b) <= 1e-8 * (1 + Math.abs(b));
  const atLower = (i: number): boolean => near(w[i], lo(i));
  const atUpper = (i: number): boolean => near(w[i], hi(i));
  let nu = 0;
  if (p.budget !== undefined) {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++) if (!atLower(i) && !atUpper(i)) {
      sum += g[i];
      count++;
    }
    nu = count > 0 ? sum / count : 0;
  }
  let scale = 1e-300;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(p.alpha[i]));
  if (scale === 1e-300) scale = 1;
  let worst = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += w[i];
    worst = Math.max(worst, lo(i) - w[i], w[i] - hi(i));
    const d = g[i] - nu;
    if (atLower(i) && !atUpper(i)) worst = Math.max(worst, d / scale);
    else if (atUpper(i) && !atLower(i)) worst = Math.max(worst, -d / scale);
    else if (!atLower(i) && !atUpper(i)) worst = Math.max(worst, Math.abs(d) / scale);
  }
  if (p.budget !== undefined) worst = Math.max(worst, Math.abs(total - p.budget));
  return worst;
}

/**
 * One exact Newton step on the active set of a QP answer: with the weights at a bound held there,
 * solve the stationarity conditions `2λ Σ_FF w_F = α_F − 2λ Σ_FB w_B − ν·1` (and the budget) for
 * the free weights, through `(D + B F B')⁻¹ r = D⁻¹r − D⁻¹B (I + F B'D⁻¹B)⁻¹ F B'D⁻¹ r` (a K × K
 * solve). An active-set QP answer is optimal only to the solver's tolerances; this makes it exact
 * on its active set. Kept only when it stays within the bounds and does not lower the objective.
 */
function polish(p: MeanVarianceProblem, w: Float64Array): Float64Array {
  const n = w.length;
  const K = n === 0 ? 0 : p.loadings.length / n;
  const lo = (i: number): number => p.lower?.[i] ?? -Infinity;
  const hi = (i: number): number => p.upper?.[i] ?? Infinity;
  const near = (a: number, b: number): boolean => Number.isFinite(b) && Math.abs(a - b) <= 1e-8 * (1 + Math.abs(b));
  const free = Array.from({ length: n }, (_, i) => i).filter((i) => !near(w[i], lo(i)) && !near(w[i], hi(i)));
  if (free.length === 0) return w;
  const fixed = new Float64Array(n);
  const isFree = new Uint8Array(n);
  for (const i of free) isFree[i] = 1;
  for (let i = 0; i < n; i++) if (isFree[i] === 0) fixed[i] = w[i];
  const yFixed = new Float64Array(K);
  for (let i = 0; i < n; i++) if (isFree[i] === 0) for (let k = 0; k < K; k++) yFixed[k] += p.loadings[i * K + k] * fixed[i];
  const twoLambda = 2 * p.riskAversion;
  // Σ_FF⁻¹ r for a vector r over the free assets.
  const G = new Matrix(K, K);
  for (const i of free) for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) G.set(k, l, G.get(k, l) + (p.loadings[i * K + k] * p.loadings[i * K + l]) / p.specificVariance[i]);
  const F = new Matrix(Array.from({ length: K }, (_, k) => Array.from(p.factorCovariance.subarray(k * K, (k + 1) * K))));
  const inner = Matrix.eye(K).add(F.mmul(G));
  const sigmaSolve = (r: Float64Array): Float64Array => {
    const u = new Float64Array(K);
    for (const i of free) for (let k = 0; k < K; k++) u[k] += (p.loadings[i * K + k] * r[i]) / p.specificVariance[i];
    const v = K === 0 ? [] : solve(inner, F.mmul(Matrix.columnVector(Array.from(u)))).getColumn(0);
    const out = new Float64Array(n);
    for (const i of free) {
      let bv = 0;
      for (let k = 0; k < K; k++) bv += p.loadings[i * K + k] * v[k];
      out[i] = (r[i] - bv) / p.specificVariance[i];
    }
    return out;
  };
  // Right-hand side: (α_F − 2λ B_F F yFixed) / 2λ.
  const Fy = new Float64Array(K);
  for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) Fy[k] += p.factorCovariance[k * K + l] * yFixed[l];
  const rhs = new Float64Array(n);
  for (const i of free) {
    let bfy = 0;
    for (let k = 0; k < K; k++) bfy += p.loadings[i * K + k] * Fy[k];
    rhs[i] = (p.alpha[i] - twoLambda * bfy) / twoLambda;
  }
  let out = sigmaSolve(rhs);
  if (p.budget !== undefined) {
    const ones = new Float64Array(n);
    for (const i of free) ones[i] = 1 / twoLambda;
    const z = sigmaSolve(ones);
    let sumOut = 0;
    let sumZ = 0;
    let sumFixed = 0;
    for (let i = 0; i < n; i++) {
      if (isFree[i] === 1) {
        sumOut += out[i];
        sumZ += z[i];
      } else sumFixed += fixed[i];
    }
    const nu = (sumOut + sumFixed - p.budget) / sumZ;
    out = out.map((x, i) => x - nu * z[i]);
  }
  for (let i = 0; i < n; i++) if (isFree[i] === 0) out[i] = fixed[i];
  for (let i = 0; i < n; i++) if (out[i] < lo(i) - 1e-12 || out[i] > hi(i) + 1e-12 || !Number.isFinite(out[i])) return w;
  const value = (v: Float64Array): number => v.reduce((acc, x, i) => acc + p.alpha[i] * x, 0) - p.riskAversion * riskOf(p, v).variance;
  return value(out) >= value(w) - 1e-15 * (1 + Math.abs(value(w))) ? out : w;
}
