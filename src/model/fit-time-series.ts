import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { ModelError } from '../core/errors.js';
import { quantileSorted } from '../core/quantile.js';
import type { FactorModel, FactorStat, WindowFitInput } from './factor-model.js';
import { finishModel } from './finish-model.js';
import { defaultNeweyWestLags, neweyWestMean } from './newey-west.js';

/** How each asset's time-series regression is estimated. */
export interface TimeSeriesEstimator {
  /** `ols` (default), `wls` (exponential half-life weights) or `ridge`. */
  readonly method?: 'ols' | 'wls' | 'ridge';
  /** `wls`: half-life in bars of the weights `2^(−age/h)` (default: a quarter of the window). */
  readonly halfLifeDays?: number;
  /**
   * `ridge`: penalty λ on loadings, scaled per factor by `n · var(fₖ)` so that it
   * acts on standardised factors (default 0.01). Ridge also fits collinear factors.
   */
  readonly ridgeLambda?: number;
}

export interface TimeSeriesFitInput extends WindowFitInput {
  /** Observed factor returns over the same window, one array of length T per factor. */
  readonly factorReturns: ReadonlyMap<string, Float64Array>;
  readonly estimator?: TimeSeriesEstimator;
}

/**
 * Fit `rᵢₜ = αᵢ + Σₖ βᵢₖ fₖₜ + εᵢₜ` for each asset on the bars where its return
 * and every factor return exist: `b = (X'WX + Λ)⁻¹ X'Wy`, with `W = I` (OLS) or
 * exponential weights (WLS), and `Λ = 0` or the ridge penalty on the loadings
 * (never the intercept). Normal equations are accumulated in typed arrays and
 * solved by Cholesky (ml-matrix). With weights rescaled to mean 1 per asset,
 * specific variance is `Σ wε² / (n − K − 1)` and loading t-stats use
 * `s² A⁻¹ (X'WX) A⁻¹`, `A = X'WX + Λ`.
 *
 * @throws ModelError `too-few-factor-observations` when fewer than K + 2 bars
 *   have every factor; `singular-factors` when a factor is constant, or (OLS,
 *   WLS) when the factors are collinear: ridge is the documented fallback
 */
export function fitTimeSeries(input: TimeSeriesFitInput): FactorModel {
  const { dates, assets, returns, asOf } = input;
  const T = dates.length;
  const N = assets.length;
  const factors = [...input.factorReturns.keys()];
  const K = factors.length;
  const P = K + 1;
  const method = input.estimator?.method ?? 'ols';
  const f = factors.map((name) => input.factorReturns.get(name) as Float64Array);
  const rowOk = new Uint8Array(T);
  let usableRows = 0;
  for (let t = 0; t < T; t++) {
    rowOk[t] = f.every((col) => Number.isFinite(col[t])) ? 1 : 0;
    usableRows += rowOk[t];
  }
  const minObs = Math.max(input.minObservations, P + 1);
  if (usableRows < minObs) {
    throw new ModelError(
      'too-few-factor-observations',
      `${asOf}: only ${usableRows} of ${T} bars in the window have every factor (${factors.join(', ')}); need ${minObs}`,
    );
  }
  const factorVariance = f.map((col) => columnVariance(col, rowOk));
  assertFitFeasible(f, rowOk, factorVariance, factors, asOf, method !== 'ridge');
  const weight = barWeights(T, method, input.estimator?.halfLifeDays);
  const lambda = method === 'ridge' ? (input.estimator?.ridgeLambda ?? 0.01) : 0;
  if (!(lambda >= 0)) throw new RangeError(`model.estimator.ridgeLambda (${lambda}) must be >= 0`);

  const loadings = new Float64Array(N * K).fill(NaN);
  const loadingT = new Float64Array(N * K).fill(NaN);
  const alpha = new Float64Array(N).fill(NaN);
  const residualVariance = new Float64Array(N).fill(NaN);
  const rSquared = new Float64Array(N).fill(NaN);
  const observations = new Int32Array(N);
  let dropped = 0;
  const xtx = new Float64Array(P * P);
  const xty = new Float64Array(P);
  const x = new Float64Array(P);
  for (let i = 0; i < N; i++) {
    xtx.fill(0);
    xty.fill(0);
    let count = 0;
    let sw = 0;
    let swy = 0;
    let swyy = 0;
    for (let t = 0; t < T; t++) {
      const y = returns[t * N + i];
      if (!rowOk[t] || Number.isNaN(y)) continue;
      const w = weight[t];
      x[0] = 1;
      for (let k = 0; k < K; k++) x[k + 1] = f[k][t];
      for (let a = 0; a < P; a++) {
        const wxa = w * x[a];
        xty[a] += wxa * y;
        for (let b = 0; b <= a; b++) xtx[a * P + b] += wxa * x[b];
      }
      count++;
      sw += w;
      swy += w * y;
      swyy += w * y * y;
    }
    if (count < minObs) {
      if (count > 0) dropped++;
      continue;
    }
    // Rescale the weights to mean 1 over this asset's bars.
    const scale = count / sw;
    for (let a = 0; a < P; a++) {
      xty[a] *= scale;
      for (let b = 0; b <= a; b++) xtx[b * P + a] = xtx[a * P + b] *= scale;
    }
    const m = new Matrix(toRows(xtx, P));
    const penalised = m.clone();
    for (let k = 0; k < K; k++) penalised.set(k + 1, k + 1, penalised.get(k + 1, k + 1) + lambda * count * factorVariance[k]);
    const chol = new CholeskyDecomposition(penalised);
    if (!chol.isPositiveDefinite()) {
      dropped++;
      continue;
    }
    const coef = chol.solve(Matrix.columnVector(Array.from(xty))).to1DArray();
    const b = Matrix.columnVector(coef);
    // RSS = y'Wy − 2b'X'Wy + b'X'WXb (the last two do not cancel under ridge).
    let bxy = 0;
    for (let a = 0; a < P; a++) bxy += coef[a] * xty[a];
    const rss = Math.max(0, swyy * scale - 2 * bxy + m.mmul(b).dot(b));
    const tss = swyy * scale - (swy * scale) ** 2 / count;
    const s2 = rss / (count - P);
    const ainv = chol.solve(Matrix.eye(P));
    const coefCov = ainv.mmul(m).mmul(ainv);
    alpha[i] = coef[0];
    for (let k = 0; k < K; k++) {
      loadings[i * K + k] = coef[k + 1];
      loadingT[i * K + k] = coef[k + 1] / Math.sqrt(s2 * coefCov.get(k + 1, k + 1));
    }
    residualVariance[i] = s2;
    rSquared[i] = tss > 0 ? 1 - rss / tss : 0;
    observations[i] = count;
  }
  const factorReturns = new Float64Array(T * K);
  for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) factorReturns[t * K + k] = f[k][t];
  const lags = defaultNeweyWestLags(usableRows);
  const factorStats: FactorStat[] = factors.map((name, k) => {
    const test = neweyWestMean(f[k], lags);
    return { factor: name, meanReturn: test.mean, tStat: test.tStat, lags: test.lags, medianAbsLoadingT: medianAbs(loadingT, k, K), ic: NaN, icTStat: NaN };
  });
  return finishModel(
    {
      asOf,
      kind: 'time-series',
      assets,
      factors,
      windowStart: dates[0],
      windowEnd: dates[T - 1],
      loadings,
      alpha,
      residualVariance,
      rSquared,
      observations,
      factorReturns,
      factorReturnDates: dates,
      factorStats,
      droppedAssets: dropped,
      droppedDates: T - usableRows,
      warnings: dropped > 0 ? [`${dropped} asset(s) with fewer than ${minObs} observations left out`] : [],
    },
    input.risk,
  );
}

function barWeights(T: number, method: 'ols' | 'wls' | 'ridge', halfLifeDays: number | undefined): Float64Array {
  if (method !== 'wls') return new Float64Array(T).fill(1);
  const h = halfLifeDays ?? Math.max(1, T / 4);
  if (!(h > 0)) throw new RangeError(`model.estimator.halfLifeDays (${h}) must be positive`);
  return Float64Array.from({ length: T }, (_, t) => 2 ** (-(T - 1 - t) / h));
}

function toRows(flat: Float64Array, p: number): number[][] {
  return Array.from({ length: p }, (_, a) => Array.from(flat.subarray(a * p, (a + 1) * p)));
}

function columnVariance(col: Float64Array, rowOk: Uint8Array): number {
  let n = 0;
  let mean = 0;
  for (let t = 0; t < col.length; t++) if (rowOk[t]) { n++; mean += col[t]; }
  mean /= n;
  let ss = 0;
  for (let t = 0; t < col.length; t++) if (rowOk[t]) ss += (col[t] - mean) ** 2;
  return ss / (n - 1);
}

function medianAbs(values: Float64Array, k: number, K: number): number {
  const col: number[] = [];
  for (let i = k; i < values.length; i += K) if (Number.isFinite(values[i])) col.push(Math.abs(values[i]));
  return col.length === 0 ? NaN : quantileSorted(Float64Array.from(col).sort(), 0.5);
}

/** A constant factor makes every regression singular, and so do collinear ones without a penalty: say which. */
function assertFitFeasible(f: Float64Array[], rowOk: Uint8Array, variance: number[], factors: readonly string[], asOf: string, needFullRank: boolean): void {
  const K = factors.length;
  for (let k = 0; k < K; k++) {
    let scale = 0;
    for (let t = 0; t < rowOk.length; t++) if (rowOk[t]) scale = Math.max(scale, Math.abs(f[k][t]));
    if (!(variance[k] > (1e-10 * scale) ** 2) || scale === 0) {
      throw new ModelError('singular-factors', `${asOf}: factor '${factors[k]}' is constant over the window; remove it or widen the window`);
    }
  }
  if (!needFullRank || K < 2) return;
  const corr = new Matrix(K, K);
  const rows = rowOk.reduce((acc, v) => acc + v, 0);
  const mean = f.map((col) => col.reduce((s, v, t) => (rowOk[t] ? s + v : s), 0) / rows);
  for (let a = 0; a < K; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let t = 0; t < rowOk.length; t++) if (rowOk[t]) s += (f[a][t] - mean[a]) * (f[b][t] - mean[b]);
      const c = s / (rows - 1) / Math.sqrt(variance[a] * variance[b]);
      corr.set(a, b, c);
      corr.set(b, a, c);
    }
  }
  const chol = new CholeskyDecomposition(corr);
  const diag = chol.isPositiveDefinite() ? Math.min(...Array.from({ length: K }, (_, k) => chol.lowerTriangularMatrix.get(k, k))) : 0;
  if (diag < 1e-6) {
    let worst = [0, 1];
    for (let a = 0; a < K; a++) for (let b = 0; b < a; b++) if (Math.abs(corr.get(a, b)) > Math.abs(corr.get(worst[0], worst[1]))) worst = [a, b];
    throw new ModelError(
      'singular-factors',
      `${asOf}: factors ${factors.join(', ')} are collinear over the window (most correlated: ${factors[worst[0]]} and ${factors[worst[1]]}, ρ = ${corr.get(worst[0], worst[1]).toFixed(4)}); drop one or use estimator 'ridge'`,
    );
  }
}
