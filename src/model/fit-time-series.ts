import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { factorCholesky, invertCholesky, solveCholesky } from './small-cholesky.js';
import { ModelError } from '../core/errors.js';
import { quantileSorted } from '../stats/quantile.js';
import type { FactorModel, FactorStat, WindowFitInput } from './factor-model.js';
import { finishModel } from './finish-model.js';
import { defaultNeweyWestLags, neweyWestMean } from '../stats/newey-west.js';

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
 * (never the intercept). Every asset's normal equations are accumulated in one
 * date-major pass over the window and solved by a small typed-array Cholesky.
 * With weights rescaled to mean 1 per asset, specific variance is `Σ wε² / (n − K − 1)` and loading t-stats use
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
  const sums = accumulateNormalEquations(returns, T, N, f, rowOk, weight);
  const L = (P * (P + 1)) / 2;
  let dropped = 0;
  const xtx = new Float64Array(P * P);
  const penalised = new Float64Array(P * P);
  const chol = new Float64Array(P * P);
  const ainv = new Float64Array(P * P);
  const coef = new Float64Array(P);
  for (let i = 0; i < N; i++) {
    const count = sums.count[i];
    if (count < minObs) {
      if (count > 0) dropped++;
      continue;
    }
    // Rescale the weights to mean 1 over this asset's bars.
    const scale = count / sums.xtx[i * L];
    for (let a = 0, e = i * L; a < P; a++) {
      coef[a] = sums.xty[i * P + a] * scale;
      for (let b = 0; b <= a; b++, e++) xtx[b * P + a] = xtx[a * P + b] = sums.xtx[e] * scale;
    }
    penalised.set(xtx);
    for (let k = 0; k < K; k++) penalised[(k + 1) * P + k + 1] += lambda * count * factorVariance[k];
    if (!factorCholesky(penalised, P, chol)) {
      dropped++;
      continue;
    }
    const swyy = sums.swyy[i] * scale;
    const swy = sums.xty[i * P] * scale;
    // RSS = y'Wy − 2b'X'Wy + b'X'WXb (the last two do not cancel under ridge).
    const xty = coef.slice();
    solveCholesky(chol, P, coef);
    let bxy = 0;
    for (let a = 0; a < P; a++) bxy += coef[a] * xty[a];
    const rss = Math.max(0, swyy - 2 * bxy + quadraticForm(xtx, coef, P));
    const tss = swyy - swy ** 2 / count;
    const s2 = rss / (count - P);
    invertCholesky(chol, P, ainv);
    alpha[i] = coef[0];
    for (let k = 0; k < K; k++) {
      loadings[i * K + k] = coef[k + 1];
      loadingT[i * K + k] = coef[k + 1] / Math.sqrt(s2 * sandwichDiagonal(ainv, xtx, P, k + 1));
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

/**
 * Per-asset weighted sums of one window. With `x₀ = 1`, `Σw` is `X'WX[0][0]`
 * and `Σwy` is `X'Wy[0]`.
 */
interface NormalEquationSums {
  /** N × P(P+1)/2: `X'WX` row a, columns 0..a, packed per asset. */
  readonly xtx: Float64Array;
  /** N × P: `X'Wy`. */
  readonly xty: Float64Array;
  /** N: `Σ w y²`. */
  readonly swyy: Float64Array;
  /** N: bars used. */
  readonly count: Int32Array;
}

/**
 * Accumulate every asset's normal equations in one date-major pass over the
 * `T × N` returns (contiguous reads): `X'Wy` and `Σwy²` in date order per asset,
 * as a per-asset loop would. `X'WX` depends on an asset only through its
 * missing bars, so it is the whole window's sum minus the missing bars'
 * products, or (for an asset missing most of the window) the sum of its
 * present bars; both agree with the direct sum to rounding (tested).
 */
function accumulateNormalEquations(returns: Float64Array, T: number, N: number, f: readonly Float64Array[], rowOk: Uint8Array, weight: Float64Array): NormalEquationSums {
  const P = f.length + 1;
  const L = (P * (P + 1)) / 2;
  const chunks = Math.ceil(P / 4);
  const bars = barProducts(f, rowOk, weight, T, chunks);
  const xtyChunks = new Float64Array(chunks * N * 4);
  const swyy = new Float64Array(N);
  const missing = new Int32Array(N);
  const gaps = new GapList();
  accumulateFirstChunk(returns, T, N, bars.xw, chunks, rowOk, weight, xtyChunks, swyy, missing, gaps);
  for (let c = 1; c < chunks; c++) accumulateChunk(returns, T, N, bars.xw, chunks, c, rowOk, xtyChunks.subarray(c * N * 4, (c + 1) * N * 4));
  const xty = new Float64Array(N * P);
  for (let i = 0; i < N; i++) for (let a = 0; a < P; a++) xty[i * P + a] = xtyChunks[(a >> 2) * N * 4 + i * 4 + (a & 3)];
  const count = new Int32Array(N);
  for (let i = 0; i < N; i++) count[i] = bars.usable - missing[i];
  const xtx = assembleXtx(returns, T, N, L, rowOk, bars, missing, count, gaps);
  return { xtx, xty, swyy, count };
}

/** Per bar: `w·x` (padded with zeros to `chunks · 4` per bar) and the packed products `w·xₐ·x_b`; their sum over usable bars. */
interface BarProducts {
  readonly xw: Float64Array;
  readonly products: Float64Array;
  readonly whole: Float64Array;
  readonly usable: number;
}

function barProducts(f: readonly Float64Array[], rowOk: Uint8Array, weight: Float64Array, T: number, chunks: number): BarProducts {
  const P = f.length + 1;
  const L = (P * (P + 1)) / 2;
  const stride = chunks * 4;
  const xw = new Float64Array(T * stride);
  const products = new Float64Array(T * L);
  const whole = new Float64Array(L);
  let usable = 0;
  for (let t = 0; t < T; t++) {
    if (!rowOk[t]) continue;
    usable++;
    const w = weight[t];
    for (let a = 0, e = t * L; a < P; a++) {
      const xa = a === 0 ? 1 : f[a - 1][t];
      xw[t * stride + a] = w * xa;
      for (let b = 0; b <= a; b++, e++) {
        products[e] = xw[t * stride + a] * (b === 0 ? 1 : f[b - 1][t]);
        whole[e - t * L] += products[e];
      }
    }
  }
  return { xw, products, whole, usable };
}

/** Missing cells `t·N + i`, in date order. */
class GapList {
  cells = new Int32Array(1024);
  count = 0;

  push(cell: number): void {
    if (this.count === this.cells.length) {
      const grown = new Int32Array(this.cells.length * 2);
      grown.set(this.cells);
      this.cells = grown;
    }
    this.cells[this.count++] = cell;
  }
}

/**
 * The hot pass: `X'Wy` for coefficients 0..3 with each bar's `w·x` in locals
 * (2-3× faster than a loop over the coefficients; the same products summed in
 * the same order), `Σwy²`, and the missing cells. Kept a small function of its
 * own so V8 optimises it whole instead of re-entering it on-stack per call.
 */
function accumulateFirstChunk(returns: Float64Array, T: number, N: number, xw: Float64Array, chunks: number, rowOk: Uint8Array, weight: Float64Array, out: Float64Array, swyy: Float64Array, missing: Int32Array, gaps: GapList): void {
  for (let t = 0; t < T; t++) {
    if (!rowOk[t]) continue;
    const row = t * N;
    const w = weight[t];
    const o = t * chunks * 4;
    const x0 = xw[o];
    const x1 = xw[o + 1];
    const x2 = xw[o + 2];
    const x3 = xw[o + 3];
    for (let i = 0, base = 0; i < N; i++, base += 4) {
      const y = returns[row + i];
      // y !== y is the NaN test; Number.isNaN costs twice as much in this loop.
      if (y !== y) {
        missing[i]++;
        gaps.push(row + i);
        continue;
      }
      out[base] += x0 * y;
      out[base + 1] += x1 * y;
      out[base + 2] += x2 * y;
      out[base + 3] += x3 * y;
      swyy[i] += w * y * y;
    }
  }
}

/** `X'Wy` for coefficients `4c .. 4c+3`, skipping missing returns. */
function accumulateChunk(returns: Float64Array, T: number, N: number, xw: Float64Array, chunks: number, c: number, rowOk: Uint8Array, out: Float64Array): void {
  for (let t = 0; t < T; t++) {
    if (!rowOk[t]) continue;
    const row = t * N;
    const o = (t * chunks + c) * 4;
    const x0 = xw[o];
    const x1 = xw[o + 1];
    const x2 = xw[o + 2];
    const x3 = xw[o + 3];
    for (let i = 0, base = 0; i < N; i++, base += 4) {
      const y = returns[row + i];
      if (y !== y) continue;
      out[base] += x0 * y;
      out[base + 1] += x1 * y;
      out[base + 2] += x2 * y;
      out[base + 3] += x3 * y;
    }
  }
}

/**
 * `X'WX` per asset: the window's sum minus the missing bars' products when an
 * asset has more bars than gaps, else the sum of its present bars (both in date order).
 */
function assembleXtx(returns: Float64Array, T: number, N: number, L: number, rowOk: Uint8Array, bars: BarProducts, missing: Int32Array, count: Int32Array, gaps: GapList): Float64Array {
  const { products, whole } = bars;
  const xtx = new Float64Array(N * L);
  for (let i = 0; i < N; i++) {
    if (missing[i] > count[i]) {
      for (let t = 0; t < T; t++) {
        const y = returns[t * N + i];
        if (!rowOk[t] || y !== y) continue;
        for (let e = 0; e < L; e++) xtx[i * L + e] += products[t * L + e];
      }
    } else {
      xtx.set(whole, i * L);
    }
  }
  for (let g = 0; g < gaps.count; g++) {
    const cell = gaps.cells[g];
    const i = cell % N;
    if (missing[i] > count[i]) continue;
    const o = ((cell - i) / N) * L;
    for (let e = 0; e < L; e++) xtx[i * L + e] -= products[o + e];
  }
  return xtx;
}

/** `bᵀ M b` for a symmetric `p × p` row-major `M`. */
function quadraticForm(m: Float64Array, b: Float64Array, p: number): number {
  let s = 0;
  for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) s += b[r] * m[r * p + c] * b[c];
  return s;
}

/** Diagonal entry `j` of `A⁻¹ M A⁻¹` (the coefficient covariance up to s²). */
function sandwichDiagonal(ainv: Float64Array, m: Float64Array, p: number, j: number): number {
  let s = 0;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += ainv[j * p + a] * m[a * p + b] * ainv[b * p + j];
  return s;
}

function barWeights(T: number, method: 'ols' | 'wls' | 'ridge', halfLifeDays: number | undefined): Float64Array {
  if (method !== 'wls') return new Float64Array(T).fill(1);
  const h = halfLifeDays ?? Math.max(1, T / 4);
  if (!(h > 0)) throw new RangeError(`model.estimator.halfLifeDays (${h}) must be positive`);
  return Float64Array.from({ length: T }, (_, t) => 2 ** (-(T - 1 - t) / h));
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
