import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { ModelError } from '../core/errors.js';
import type { FactorModel, FactorStat, RiskSettings } from './factor-model.js';
import { finishModel } from './finish-model.js';
import { defaultNeweyWestLags, neweyWestMean } from './newey-west.js';
import { rankCorrelation } from './rank-correlation.js';

/** Name of the intercept of every cross-sectional regression (the market, or country, factor). */
export const INTERCEPT_FACTOR = 'market';

export interface CrossSectionFitInput {
  readonly asOf: string;
  /** The window's bars, oldest first; the last one is `asOf`. */
  readonly dates: readonly string[];
  readonly assets: readonly string[];
  /** Asset returns per bar of the window, date-major (`T × N`). */
  readonly returns: Float64Array;
  /** Names of the style factors, in the column order of `exposures`. */
  readonly factors: readonly string[];
  /**
   * Standardised exposures known at the close of each bar (`N × K`, asset-major),
   * one entry per bar of the window; `undefined` for a bar where they were not computed.
   */
  readonly exposures: ReadonlyArray<Float64Array | undefined>;
  /** Regression weights per bar (`T × N`, e.g. √market cap); omitted: equal weights. */
  readonly weights?: Float64Array;
  /** Horizon in bars of the forward returns behind the Fama-MacBeth means and the ICs (default 1). */
  readonly horizonBars?: number;
  /** Newey-West lags for the Fama-MacBeth and IC t-statistics (default: `defaultNeweyWestLags`, at least horizon − 1). */
  readonly neweyWestLags?: number;
  /** Fewest residuals an asset needs for its specific variance. */
  readonly minObservations: number;
  readonly risk?: RiskSettings;
}

/**
 * Barra / Fama-MacBeth cross-sectional model. For each bar `s` of the window
 * (but the last), regress the next bar's returns on an intercept and the
 * exposures known at `s`, by weighted least squares: the coefficients are the
 * factor returns of bar `s + 1`, the residuals the specific returns. The
 * factor covariance and specific variances come from those series; loadings are
 * the exposures at `asOf`. Fama-MacBeth means and rank ICs use `horizonBars`-bar
 * forward returns; with overlapping horizons their Newey-West lag is at least
 * `horizonBars − 1`.
 *
 * Cross-sections with fewer than K + 2 complete assets are dropped and counted.
 * @throws ModelError `too-few-cross-sections` when fewer than K + 2 cross-sections remain;
 *   `singular-exposures` naming the date and factor(s) when a cross-section is
 *   constant or collinear
 */
export function fitCrossSection(input: CrossSectionFitInput): FactorModel {
  const { asOf, dates, assets, returns, exposures } = input;
  const T = dates.length;
  const N = assets.length;
  const styles = input.factors;
  const K = styles.length;
  const P = K + 1;
  const h = input.horizonBars ?? 1;
  if (!(Number.isInteger(h) && h >= 1 && h < T)) throw new RangeError(`model.horizonDays (${h}) must be an integer in [1, window)`);
  const factorNames = [INTERCEPT_FACTOR, ...styles];
  const factorReturns = new Float64Array((T - 1) * P).fill(NaN);
  const horizonReturns = new Float64Array((T - 1) * P).fill(NaN);
  const ic = Array.from({ length: K }, () => new Float64Array(T - 1).fill(NaN));
  const residual = new Float64Array(T * N).fill(NaN);
  const xtx = new Float64Array(P * P);
  const xty = new Float64Array(P);
  const xtyH = new Float64Array(P);
  const forward = new Float64Array(N);
  let dropped = 0;
  let lastRegressors: Float64Array | undefined;
  for (let s = 0; s < T - 1; s++) {
    const X = exposures[s];
    if (X === undefined) {
      dropped++;
      continue;
    }
    const hasHorizon = s + h <= T - 1;
    for (let i = 0; i < N; i++) forward[i] = hasHorizon ? compound(returns, N, i, s + 1, s + h) : NaN;
    const members: number[] = [];
    for (let i = 0; i < N; i++) {
      const y = returns[(s + 1) * N + i];
      const w = input.weights === undefined ? 1 : input.weights[s * N + i];
      if (!Number.isFinite(y) || !(w > 0)) continue;
      let ok = true;
      for (let k = 0; k < K; k++) if (!Number.isFinite(X[i * K + k])) ok = false;
      if (ok) members.push(i);
    }
    if (members.length < P + 1) {
      dropped++;
      continue;
    }
    xtx.fill(0);
    xty.fill(0);
    xtyH.fill(0);
    for (const i of members) {
      const w = input.weights === undefined ? 1 : input.weights[s * N + i];
      const y = returns[(s + 1) * N + i];
      for (let a = 0; a < P; a++) {
        const xa = a === 0 ? 1 : X[i * K + a - 1];
        xty[a] += w * xa * y;
        if (Number.isFinite(forward[i])) xtyH[a] += w * xa * forward[i];
        for (let b = 0; b <= a; b++) xtx[a * P + b] += w * xa * (b === 0 ? 1 : X[i * K + b - 1]);
      }
    }
    const m = new Matrix(P, P);
    for (let a = 0; a < P; a++) for (let b = 0; b <= a; b++) { m.set(a, b, xtx[a * P + b]); m.set(b, a, xtx[a * P + b]); }
    const chol = new CholeskyDecomposition(m);
    if (!chol.isPositiveDefinite() || minPivot(chol, m) < 1e-10) throw singular(X, members, styles, dates[s]);
    const f = chol.solve(Matrix.columnVector(Array.from(xty))).to1DArray();
    for (let a = 0; a < P; a++) factorReturns[s * P + a] = f[a];
    if (hasHorizon) {
      const fh = chol.solve(Matrix.columnVector(Array.from(xtyH))).to1DArray();
      for (let a = 0; a < P; a++) horizonReturns[s * P + a] = fh[a];
      for (let k = 0; k < K; k++) ic[k][s] = rankCorrelation(Float64Array.from(members, (i) => X[i * K + k]), Float64Array.from(members, (i) => forward[i]));
    }
    for (const i of members) {
      let fitted = f[0];
      for (let k = 0; k < K; k++) fitted += f[k + 1] * X[i * K + k];
      residual[(s + 1) * N + i] = returns[(s + 1) * N + i] - fitted;
    }
    lastRegressors = weightedCovariance(X, members, K, input.weights?.subarray(s * N, (s + 1) * N));
  }
  const usable = T - 1 - dropped;
  if (usable < P + 1 || lastRegressors === undefined) {
    throw new ModelError('too-few-cross-sections', `${asOf}: only ${usable} of ${T - 1} cross-sections in the window could be regressed on ${styles.join(', ')}; need ${P + 1}`);
  }

  const latest = exposures[T - 1];
  const loadings = new Float64Array(N * P).fill(NaN);
  const residualVariance = new Float64Array(N).fill(NaN);
  const rSquared = new Float64Array(N).fill(NaN);
  const observations = new Int32Array(N);
  let droppedAssets = 0;
  for (let i = 0; i < N; i++) {
    let count = 0;
    let ss = 0;
    let sy = 0;
    let syy = 0;
    for (let t = 1; t < T; t++) {
      const e = residual[t * N + i];
      if (Number.isNaN(e)) continue;
      const y = returns[t * N + i];
      count++;
      ss += e * e;
      sy += y;
      syy += y * y;
    }
    const exposed = latest !== undefined && Array.from({ length: K }, (_, k) => latest[i * K + k]).every((v) => Number.isFinite(v));
    if (count < Math.max(2, input.minObservations) || !exposed) {
      if (count > 0) droppedAssets++;
      continue;
    }
    loadings[i * P] = 1;
    for (let k = 0; k < K; k++) loadings[i * P + k + 1] = latest[i * K + k];
    residualVariance[i] = ss / (count - 1);
    const tss = syy - (sy * sy) / count;
    rSquared[i] = tss > 0 ? 1 - ss / tss : 0;
    observations[i] = count;
  }
  const lags = input.neweyWestLags ?? defaultNeweyWestLags(usable, h);
  if (lags < h - 1) throw new RangeError(`model.neweyWestLags (${lags}) must be at least horizonDays − 1 (${h - 1}): overlapping returns are autocorrelated that far`);
  const factorStats: FactorStat[] = factorNames.map((name, a) => {
    const fm = neweyWestMean(column(horizonReturns, P, a), lags);
    const icTest = a === 0 ? undefined : neweyWestMean(ic[a - 1], lags);
    return { factor: name, meanReturn: fm.mean / h, tStat: fm.tStat, lags: fm.lags, medianAbsLoadingT: NaN, ic: icTest?.mean ?? NaN, icTStat: icTest?.tStat ?? NaN };
  });
  const warnings: string[] = [];
  if (dropped > 0) warnings.push(`${dropped} cross-section(s) with fewer than ${P + 1} complete assets left out`);
  if (droppedAssets > 0) warnings.push(`${droppedAssets} asset(s) without exposures on ${asOf} or enough residuals left out`);
  return finishModel(
    {
      asOf,
      kind: 'cross-sectional',
      assets,
      factors: factorNames,
      windowStart: dates[0],
      windowEnd: dates[T - 1],
      loadings,
      alpha: new Float64Array(N).map((_, i) => (observations[i] > 0 ? 0 : NaN)),
      residualVariance,
      rSquared,
      observations,
      factorReturns,
      factorReturnDates: dates.slice(1),
      factorStats,
      regressorCovariance: { matrix: lastRegressors, size: K },
      droppedAssets,
      droppedDates: dropped,
      warnings,
    },
    input.risk,
  );
}

/** Compound return of asset `i` over bars `from..to` inclusive (`NaN` if any is missing). */
function compound(returns: Float64Array, N: number, i: number, from: number, to: number): number {
  let g = 1;
  for (let t = from; t <= to; t++) g *= 1 + returns[t * N + i];
  return g - 1;
}

function column(rows: Float64Array, P: number, a: number): Float64Array {
  return Float64Array.from({ length: rows.length / P }, (_, s) => rows[s * P + a]);
}

function minPivot(chol: CholeskyDecomposition, m: Matrix): number {
  const L = chol.lowerTriangularMatrix;
  let min = Infinity;
  for (let a = 0; a < m.rows; a++) min = Math.min(min, L.get(a, a) ** 2 / m.get(a, a));
  return min;
}

function weightedCovariance(X: Float64Array, members: readonly number[], K: number, weights: Float64Array | undefined): Float64Array {
  let sw = 0;
  const mean = new Float64Array(K);
  for (const i of members) {
    const w = weights === undefined ? 1 : weights[i];
    sw += w;
    for (let k = 0; k < K; k++) mean[k] += w * X[i * K + k];
  }
  for (let k = 0; k < K; k++) mean[k] /= sw;
  const cov = new Float64Array(K * K);
  for (const i of members) {
    const w = (weights === undefined ? 1 : weights[i]) / sw;
    for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) cov[a * K + b] += w * (X[i * K + a] - mean[a]) * (X[i * K + b] - mean[b]);
  }
  return cov;
}

/** Name the factor(s) that make a cross-section singular: a constant one, else the most correlated pair. */
function singular(X: Float64Array, members: readonly number[], styles: readonly string[], date: string): ModelError {
  const K = styles.length;
  const cov = weightedCovariance(X, members, K, undefined);
  for (let k = 0; k < K; k++) {
    if (!(cov[k * K + k] > 1e-14)) {
      return new ModelError('singular-exposures', `${date}: exposure '${styles[k]}' is the same for all ${members.length} assets, so it cannot be told apart from the market intercept; drop it or standardise it`);
    }
  }
  if (K < 2) return new ModelError('singular-exposures', `${date}: exposure '${styles[0]}' is almost the same for all ${members.length} assets; drop it or standardise it`);
  let worst: [number, number] = [0, 1];
  let best = -1;
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < a; b++) {
      const r = Math.abs(cov[a * K + b]) / Math.sqrt(cov[a * K + a] * cov[b * K + b]);
      if (r > best) { best = r; worst = [a, b]; }
    }
  }
  return new ModelError('singular-exposures', `${date}: exposures ${styles[worst[0]]} and ${styles[worst[1]]} are collinear across the ${members.length} assets (|ρ| = ${best.toFixed(4)}); drop or orthogonalise one`);
}
