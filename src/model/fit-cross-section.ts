import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { ModelError } from '../core/errors.js';
import type { FactorModel, FactorStat, WindowFitInput } from './factor-model.js';
import { finishModel } from './finish-model.js';
import { defaultNeweyWestLags, neweyWestMean } from '../stats/newey-west.js';
import { averageRanks, pearson } from '../stats/ranks.js';

/** Name of the intercept of every cross-sectional regression (the market, or country, factor). */
export const INTERCEPT_FACTOR = 'market';

/** `minObservations` here is the fewest residuals an asset needs for its specific variance. */
export interface CrossSectionFitInput extends WindowFitInput {
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
  /**
   * Per-bar regressions kept between refits (keyed by bar date and horizon): a
   * bar's regression depends only on that bar's exposures, weights and the
   * returns after it, so a rolling refit only regresses the new bars.
   */
  readonly cache?: Map<string, CrossSectionBar>;
  /** Industry (or country, sector) dummies beside the styles, Barra style. */
  readonly industries?: IndustryInput;
}

/**
 * Categorical dummies in the cross-sectional regression. With the intercept
 * they are collinear, so, as in Barra's models, their factor returns are
 * constrained to a cap-weighted sum of zero, `Σₖ cₖ fₖ = 0` with `cₖ` the
 * bar's market-cap share of industry `k` (its share of the assets without
 * caps): the intercept is then the market's return and each industry's return
 * is relative to it.
 */
export interface IndustryInput {
  /** Factor-name prefix: the label field (`sector` gives `sector:tech`, …). */
  readonly field: string;
  readonly categories: readonly string[];
  /** Per bar of the window, each asset's category code known at that close (`-1`: none); `undefined` where unknown. */
  readonly codes: ReadonlyArray<Int32Array | undefined>;
  /** Market caps per bar (`T × N`) for the constraint's weights; omitted: equal weights. */
  readonly caps?: Float64Array;
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
  const industries = input.industries;
  const latestCodes = industries?.codes[T - 1];
  // The industries in the model: those with an asset on asOf (its loadings are that bar's labels).
  const listed = industries === undefined || latestCodes === undefined ? [] : [...new Set(Array.from(latestCodes).filter((c) => c >= 0))].sort((a, b) => a - b);
  if (industries !== undefined && listed.length === 0) throw new ModelError('no-industries', `${asOf}: no asset has a '${industries.field}' label on this bar, so the industry factors cannot be formed`);
  const G = listed.length;
  const P = K + 1 + G;
  const h = input.horizonBars ?? 1;
  if (!(Number.isInteger(h) && h >= 1 && h < T)) throw new RangeError(`model.horizonDays (${h}) must be an integer in [1, window)`);
  const factorNames = [INTERCEPT_FACTOR, ...styles, ...listed.map((c) => `${industries?.field}:${industries?.categories[c]}`)];
  const industryAt = (s: number): BarIndustries | undefined =>
    industries === undefined ? undefined : { codes: industries.codes[s], listed, names: industries.categories, ...(industries.caps === undefined ? {} : { caps: industries.caps.subarray(s * N, (s + 1) * N) }) };
  const factorReturns = new Float64Array((T - 1) * P).fill(NaN);
  const horizonReturns = new Float64Array((T - 1) * P).fill(NaN);
  const ic = Array.from({ length: K }, () => new Float64Array(T - 1).fill(NaN));
  const residual = new Float64Array(T * N).fill(NaN);
  const forward = new Float64Array(N);
  let dropped = 0;
  let last: { s: number; members: Int32Array } | undefined;
  for (let s = 0; s < T - 1; s++) {
    const X = exposures[s];
    if (X === undefined) {
      dropped++;
      continue;
    }
    const hasHorizon = s + h <= T - 1;
    const key = `${dates[s]}|${h}`;
    let bar = hasHorizon ? input.cache?.get(key) : undefined;
    if (bar === undefined) {
      for (let i = 0; i < N; i++) forward[i] = hasHorizon ? compound(returns, N, i, s + 1, s + h) : NaN;
      const weights = input.weights?.subarray(s * N, (s + 1) * N);
      const y = returns.subarray((s + 1) * N, (s + 2) * N);
      const regression = regressBarWithIndustries(X, y, weights, K, industryAt(s));
      if (regression === undefined) {
        dropped++;
        continue;
      }
      if (typeof regression === 'string') throw singularError(regression, X, membersOf(X, y, weights, K), styles, dates[s]);
      // With a one-bar horizon the forward return is the next return: the same regression.
      const horizon = !hasHorizon ? undefined : h === 1 ? regression : regressBarWithIndustries(X, forward, weights, K, industryAt(s));
      let barIc: Float64Array | undefined;
      if (horizon !== undefined && typeof horizon !== 'string') {
        const forwardRanks = averageRanks(Float64Array.from(horizon.members, (i) => forward[i]));
        barIc = Float64Array.from({ length: K }, (_, k) => pearson(averageRanks(Float64Array.from(horizon.members, (i) => X[i * K + k])), forwardRanks));
      }
      bar = {
        members: regression.members,
        factorReturns: regression.coefficients,
        residuals: regression.residuals,
        ...(horizon === undefined || typeof horizon === 'string' || barIc === undefined ? {} : { horizonReturns: horizon.coefficients, ic: barIc }),
      };
      if (hasHorizon) input.cache?.set(key, bar);
    }
    for (let a = 0; a < P; a++) factorReturns[s * P + a] = bar.factorReturns[a];
    if (bar.horizonReturns !== undefined && bar.ic !== undefined) {
      for (let a = 0; a < P; a++) horizonReturns[s * P + a] = bar.horizonReturns[a];
      for (let k = 0; k < K; k++) ic[k][s] = bar.ic[k];
    }
    bar.members.forEach((i, j) => (residual[(s + 1) * N + i] = bar.residuals[j]));
    last = { s, members: bar.members };
  }
  const usable = T - 1 - dropped;
  if (usable < P + 1 || last === undefined) {
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
    const exposed = latest !== undefined && Array.from({ length: K }, (_, k) => latest[i * K + k]).every((v) => Number.isFinite(v)) && (latestCodes === undefined || latestCodes[i] >= 0);
    if (count < Math.max(2, input.minObservations) || !exposed) {
      if (count > 0) droppedAssets++;
      continue;
    }
    loadings[i * P] = 1;
    for (let k = 0; k < K; k++) loadings[i * P + k + 1] = latest[i * K + k];
    for (let g = 0; g < G; g++) loadings[i * P + K + 1 + g] = latestCodes?.[i] === listed[g] ? 1 : 0;
    residualVariance[i] = ss / (count - 1);
    const tss = syy - (sy * sy) / count;
    rSquared[i] = tss > 0 ? 1 - ss / tss : 0;
    observations[i] = count;
  }
  const lags = input.neweyWestLags ?? defaultNeweyWestLags(usable, h);
  if (lags < h - 1) throw new RangeError(`model.neweyWestLags (${lags}) must be at least horizonDays − 1 (${h - 1}): overlapping returns are autocorrelated that far`);
  const factorStats: FactorStat[] = factorNames.map((name, a) => {
    const fm = neweyWestMean(column(horizonReturns, P, a), lags);
    const icTest = a === 0 || a > K ? undefined : neweyWestMean(ic[a - 1], lags);
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
      regressorCovariance: { matrix: weightedCovariance(exposures[last.s] as Float64Array, last.members, K, input.weights?.subarray(last.s * N, (last.s + 1) * N)), size: K },
      droppedAssets,
      droppedDates: dropped,
      warnings,
    },
    input.risk,
  );
}

/** One bar's cross-sectional regression, as cached between refits. */
export interface CrossSectionBar {
  /** Assets in the regression, ascending. */
  readonly members: Int32Array;
  /** Intercept then style factor returns. */
  readonly factorReturns: Float64Array;
  /** Residual per member. */
  readonly residuals: Float64Array;
  /** The same regression on `horizonBars`-bar forward returns, and the rank IC of each style against them. */
  readonly horizonReturns?: Float64Array;
  readonly ic?: Float64Array;
}

/** One bar's industry labels and the constraint's weights, for `regressBarWithIndustries`. */
export interface BarIndustries {
  /** Each asset's category code on the bar (`-1`: none); `undefined`: unknown, the bar is left out. */
  readonly codes: Int32Array | undefined;
  /** The categories reported, in factor order. */
  readonly listed: readonly number[];
  readonly names: readonly string[];
  readonly caps?: Float64Array;
}

/**
 * `regressBar` with industry dummies under the cap-weighted sum-to-zero
 * constraint (see `IndustryInput`), solved by substitution: with `r` the
 * industry of largest weight, the columns `Dₖ − (cₖ / c_r) D_r` (k ≠ r) are
 * regressed beside the intercept and styles, and `f_r = −Σₖ cₖ fₖ / c_r`.
 * The fit (and so every residual) is the unconstrained dummy regression's;
 * only the split between intercept and industries is fixed by the constraint.
 * Coefficients: intercept, styles, then `listed` (`NaN` for a listed industry
 * with no member on the bar). Assets without a label are left out.
 */
export function regressBarWithIndustries(
  X: Float64Array,
  y: Float64Array,
  weights: Float64Array | undefined,
  K: number,
  industries: BarIndustries | undefined,
): { members: Int32Array; coefficients: Float64Array; residuals: Float64Array } | 'singular' | `singular-industry:${string}` | undefined {
  if (industries === undefined) return regressBar(X, y, weights, K);
  const codes = industries.codes;
  if (codes === undefined) return undefined;
  const N = y.length;
  const candidates = membersOf(X, y, weights, K).filter((i) => codes[i] >= 0);
  const share = new Map<number, number>();
  for (const i of candidates) {
    const c = industries.caps === undefined ? 1 : industries.caps[i];
    share.set(codes[i], (share.get(codes[i]) ?? 0) + (c > 0 ? c : 0));
  }
  const present = [...share.keys()].sort((a, b) => a - b);
  if (present.length === 0) return undefined;
  const reference = present.reduce((best, c) => ((share.get(c) as number) > (share.get(best) as number) ? c : best), present[0]);
  const refShare = share.get(reference) as number;
  if (!(refShare > 0)) return 'singular';
  const others = present.filter((c) => c !== reference);
  const K2 = K + others.length;
  const X2 = new Float64Array(N * K2).fill(NaN);
  for (const i of candidates) {
    for (let k = 0; k < K; k++) X2[i * K2 + k] = X[i * K + k];
    others.forEach((c, j) => (X2[i * K2 + K + j] = codes[i] === c ? 1 : codes[i] === reference ? -(share.get(c) as number) / refShare : 0));
  }
  const fit = regressBar(X2, y, weights, K2);
  if (fit === undefined) return undefined;
  if (fit === 'singular') {
    // A one-member industry with a style that singles it out, or an industry whose members all share a style value.
    for (const c of present) if (candidates.filter((i) => codes[i] === c).length < 2) return `singular-industry:${industries.names[c]}`;
    return regressBar(X, y, weights, K) === 'singular' ? 'singular' : 'singular-industry:';
  }
  const byCode = new Map<number, number>();
  let referenceReturn = 0;
  others.forEach((c, j) => {
    const f = fit.coefficients[1 + K + j];
    byCode.set(c, f);
    referenceReturn -= ((share.get(c) as number) * f) / refShare;
  });
  byCode.set(reference, referenceReturn);
  const coefficients = new Float64Array(1 + K + industries.listed.length);
  coefficients.set(fit.coefficients.subarray(0, 1 + K));
  industries.listed.forEach((c, g) => (coefficients[1 + K + g] = byCode.get(c) ?? NaN));
  return { members: fit.members, coefficients, residuals: fit.residuals };
}

/** Assets with a finite `y`, a positive weight and every exposure. */
function membersOf(X: Float64Array, y: Float64Array, weights: Float64Array | undefined, K: number): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]) || !((weights === undefined ? 1 : weights[i]) > 0)) continue;
    let ok = true;
    for (let k = 0; k < K; k++) if (!Number.isFinite(X[i * K + k])) ok = false;
    if (ok) out.push(i);
  }
  return Int32Array.from(out);
}

/**
 * Weighted least squares of `y` on an intercept and the exposures `X` (N × K)
 * over the complete assets: `undefined` with fewer than K + 2 of them,
 * `'singular'` when the exposures are constant or collinear.
 */
export function regressBar(X: Float64Array, y: Float64Array, weights: Float64Array | undefined, K: number): { members: Int32Array; coefficients: Float64Array; residuals: Float64Array } | 'singular' | undefined {
  const P = K + 1;
  const members = membersOf(X, y, weights, K);
  if (members.length < P + 1) return undefined;
  const xtx = new Float64Array(P * P);
  const xty = new Float64Array(P);
  const row = new Float64Array(P);
  for (const i of members) {
    const w = weights === undefined ? 1 : weights[i];
    row[0] = 1;
    for (let k = 0; k < K; k++) row[k + 1] = X[i * K + k];
    for (let a = 0; a < P; a++) {
      const wxa = w * row[a];
      xty[a] += wxa * y[i];
      for (let b = 0; b <= a; b++) xtx[a * P + b] += wxa * row[b];
    }
  }
  const m = new Matrix(P, P);
  for (let a = 0; a < P; a++) for (let b = 0; b <= a; b++) { m.set(a, b, xtx[a * P + b]); m.set(b, a, xtx[a * P + b]); }
  const chol = new CholeskyDecomposition(m);
  if (!chol.isPositiveDefinite() || minPivot(chol, m) < 1e-10) return 'singular';
  const coefficients = Float64Array.from(chol.solve(Matrix.columnVector(Array.from(xty))).to1DArray());
  const residuals = Float64Array.from(members, (i) => {
    let fitted = coefficients[0];
    for (let k = 0; k < K; k++) fitted += coefficients[k + 1] * X[i * K + k];
    return y[i] - fitted;
  });
  return { members, coefficients, residuals };
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

function weightedCovariance(X: Float64Array, members: ArrayLike<number> & Iterable<number>, K: number, weights: Float64Array | undefined): Float64Array {
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

function singularError(kind: 'singular' | `singular-industry:${string}`, X: Float64Array, members: Int32Array, styles: readonly string[], date: string): ModelError {
  if (kind === 'singular') return singular(X, members, styles, date);
  if (kind === 'singular-industry:') return new ModelError('singular-exposures', `${date}: the styles (${styles.join(', ')}) are collinear with the industry dummies (a style that is constant within every industry); drop it or the industry factors`);
  return new ModelError('singular-exposures', `${date}: industry '${kind.slice('singular-industry:'.length)}' has one asset, so its dummy and that asset's styles cannot be told apart; merge it into a larger group or drop the industry factors`);
}

/** Name the factor(s) that make a cross-section singular: a constant one, else the most correlated pair. */
function singular(X: Float64Array, members: Int32Array, styles: readonly string[], date: string): ModelError {
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
