import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { defaultNeweyWestLags } from '../stats/newey-west.js';

/** How the factor covariance is estimated from the window's factor returns. */
export interface CovarianceSettings {
  /** `sample` (default), `ewma` (exponential weights) or `newey-west` (autocorrelation-adjusted). */
  readonly method?: 'sample' | 'ewma' | 'newey-west';
  /** Half-life in bars of the `ewma` weights (default: a quarter of the window). */
  readonly halfLifeDays?: number;
  /** Lags of the `newey-west` adjustment (default `floor(4 (T/100)^(2/9))`). */
  readonly neweyWestLags?: number;
  /**
   * Ledoit-Wolf shrinkage of the correlations towards zero: `auto` (default)
   * applies it when the window has fewer than 20 bars per factor, where the
   * sample estimate is noisy.
   */
  readonly shrinkage?: 'auto' | 'ledoit-wolf' | 'none';
}

export interface CovarianceEstimate {
  /** K × K, row-major, per bar. */
  readonly covariance: Float64Array;
  readonly method: 'sample' | 'ewma' | 'newey-west';
  /** Ledoit-Wolf intensity applied (0 when not applied). */
  readonly shrinkage: number;
  /** Bars with every factor present. */
  readonly rows: number;
}

/** Bars per factor below which `shrinkage: 'auto'` applies Ledoit-Wolf. */
export const AUTO_SHRINK_BARS_PER_FACTOR = 20;

/**
 * Estimate the covariance of factor returns `f` (`T × K`, date-major) on the
 * bars where every factor is finite.
 * - sample: `Σ (fₜ − f̄)(fₜ − f̄)' / (T − 1)`.
 * - ewma: weights `wₜ ∝ 2^(−(T−1−t)/h)` summing to 1, weighted mean, and the
 *   weighted cross-products divided by `1 − Σ wₜ²` (unbiased for i.i.d. data).
 * - newey-west: `Γ₀ + Σₗ (1 − l/(L+1))(Γₗ + Γₗ')` with `Γₗ = Σₜ (fₜ − f̄)(fₜ₋ₗ − f̄)' / T`,
 *   the per-bar covariance that makes multi-bar risk right when factor returns
 *   are autocorrelated (positive semi-definite by the Bartlett weights).
 */
export function estimateFactorCovariance(f: Float64Array, K: number, settings: CovarianceSettings = {}): CovarianceEstimate {
  const method = settings.method ?? 'sample';
  const rows = completeRows(f, K);
  const T = rows.length / K;
  const cov = new Float64Array(K * K);
  if (method === 'ewma') {
    const halfLife = settings.halfLifeDays ?? Math.max(1, T / 4);
    if (!(halfLife > 0)) throw new RangeError(`risk.halfLifeDays (${halfLife}) must be positive`);
    const w = Float64Array.from({ length: T }, (_, t) => 2 ** (-(T - 1 - t) / halfLife));
    const total = w.reduce((a, b) => a + b, 0);
    let sumSq = 0;
    for (let t = 0; t < T; t++) {
      w[t] /= total;
      sumSq += w[t] * w[t];
    }
    const mean = weightedMean(rows, K, w);
    for (let t = 0; t < T; t++) addOuter(cov, rows, K, t, t, mean, w[t] / (1 - sumSq));
  } else {
    const mean = weightedMean(rows, K, new Float64Array(T).fill(1 / T));
    if (method === 'sample') {
      for (let t = 0; t < T; t++) addOuter(cov, rows, K, t, t, mean, 1 / (T - 1));
    } else {
      const L = Math.min(settings.neweyWestLags ?? defaultNeweyWestLags(T), T - 1);
      for (let t = 0; t < T; t++) addOuter(cov, rows, K, t, t, mean, 1 / T);
      for (let l = 1; l <= L; l++) {
        const weight = (1 - l / (L + 1)) / T;
        for (let t = l; t < T; t++) {
          addOuter(cov, rows, K, t, t - l, mean, weight);
          addOuter(cov, rows, K, t - l, t, mean, weight);
        }
      }
    }
  }
  const mode = settings.shrinkage ?? 'auto';
  const shrink = mode === 'ledoit-wolf' || (mode === 'auto' && T < AUTO_SHRINK_BARS_PER_FACTOR * K);
  const intensity = shrink && K > 1 ? ledoitWolfIntensity(standardizeColumns(rows, K), K) : 0;
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) if (a !== b) cov[a * K + b] *= 1 - intensity;
  return { covariance: cov, method, shrinkage: intensity, rows: T };
}

/**
 * Ledoit and Wolf (2004, "A well-conditioned estimator for large-dimensional
 * covariance matrices") optimal intensity `δ = min(b̄², d²) / d²` for shrinking
 * the sample covariance `S = X'X/T` of demeaned rows `X` (`T × K`) towards `m·I`,
 * `m = tr(S)/K`: `d² = ‖S − mI‖²`, `b̄² = Σₜ ‖xₜxₜ' − S‖² / T²` (Frobenius norms;
 * the paper's 1/K normalisation cancels in the ratio). Applied here to
 * standardised factor returns, it shrinks correlations towards zero.
 */
export function ledoitWolfIntensity(x: Float64Array, K: number): number {
  const T = x.length / K;
  const s = new Float64Array(K * K);
  for (let t = 0; t < T; t++) for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) s[a * K + b] += (x[t * K + a] * x[t * K + b]) / T;
  let m = 0;
  for (let a = 0; a < K; a++) m += s[a * K + a] / K;
  let d2 = 0;
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) d2 += (s[a * K + b] - (a === b ? m : 0)) ** 2;
  let b2 = 0;
  for (let t = 0; t < T; t++) {
    for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) b2 += (x[t * K + a] * x[t * K + b] - s[a * K + b]) ** 2;
  }
  b2 /= T * T;
  return d2 > 0 ? Math.min(b2, d2) / d2 : 1;
}

/**
 * Belsley's condition index `√(λ_max / λ_min)` of a covariance matrix after
 * scaling it to a correlation matrix: above 30 signals strong collinearity.
 */
export function conditionIndex(cov: Float64Array, K: number): number {
  if (K === 1) return 1;
  const corr = new Matrix(K, K);
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) corr.set(a, b, cov[a * K + b] / Math.sqrt(cov[a * K + a] * cov[b * K + b]));
  const eig = new EigenvalueDecomposition(corr, { assumeSymmetric: true }).realEigenvalues;
  const max = Math.max(...eig);
  const min = Math.min(...eig);
  return min > 0 ? Math.sqrt(max / min) : Infinity;
}

function completeRows(f: Float64Array, K: number): Float64Array {
  const T = f.length / K;
  const out: number[] = [];
  for (let t = 0; t < T; t++) {
    const row = f.subarray(t * K, (t + 1) * K);
    if (row.every((v) => Number.isFinite(v))) out.push(...row);
  }
  return Float64Array.from(out);
}

function weightedMean(rows: Float64Array, K: number, w: Float64Array): Float64Array {
  const mean = new Float64Array(K);
  for (let t = 0; t < w.length; t++) for (let k = 0; k < K; k++) mean[k] += w[t] * rows[t * K + k];
  return mean;
}

function addOuter(cov: Float64Array, rows: Float64Array, K: number, t: number, u: number, mean: Float64Array, scale: number): void {
  for (let a = 0; a < K; a++) {
    const da = (rows[t * K + a] - mean[a]) * scale;
    for (let b = 0; b < K; b++) cov[a * K + b] += da * (rows[u * K + b] - mean[b]);
  }
}

function standardizeColumns(rows: Float64Array, K: number): Float64Array {
  const T = rows.length / K;
  const out = new Float64Array(rows.length);
  for (let k = 0; k < K; k++) {
    let mean = 0;
    for (let t = 0; t < T; t++) mean += rows[t * K + k] / T;
    let ss = 0;
    for (let t = 0; t < T; t++) ss += (rows[t * K + k] - mean) ** 2;
    const sd = Math.sqrt(ss / T);
    for (let t = 0; t < T; t++) out[t * K + k] = sd > 0 ? (rows[t * K + k] - mean) / sd : 0;
  }
  return out;
}
