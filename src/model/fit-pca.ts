import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { ModelError } from '../core/errors.js';
import type { FactorModel, FactorStat, WindowFitInput } from './factor-model.js';
import { finishModel } from './finish-model.js';
import { defaultNeweyWestLags, neweyWestMean } from '../stats/newey-west.js';

export interface PcaFitInput extends WindowFitInput {
  /** A fixed number of components, or… */
  readonly components?: number;
  /** …the fewest components whose eigenvalues explain this share of the variance (default 0.5). */
  readonly explainedVariance?: number;
  /** Upper bound on the number of components (default 10). */
  readonly maxComponents?: number;
  /** The previous fit, whose loadings fix each component's sign. */
  readonly previous?: FactorModel;
}

/**
 * Statistical factor model: principal components of the window's returns.
 * Assets with at least `minObservations` returns are demeaned and their
 * missing returns set to 0 (their mean); the eigenvectors `vₖ` of the sample
 * covariance (via the smaller of the N × N and T × T Gram matrices) give
 * loadings `√M·vₖ` (M assets fitted) and factor returns `rₜ·vₖ/√M` (raw
 * returns, missing ones at the asset's mean), so the first factor is close to an
 * equal-weighted market, its loadings are O(1), and factor means are real. Signs are kept stable
 * across refits: each component is flipped, if needed, to correlate positively
 * with the previous fit's loadings on the same factor over the shared assets
 * (first fit: loadings sum to a positive number).
 *
 * @throws ModelError `too-few-assets` when fewer than 2 assets (or fewer assets
 *   than components) have enough observations
 */
export function fitPca(input: PcaFitInput): FactorModel {
  const { asOf, dates, assets, returns } = input;
  const T = dates.length;
  const N = assets.length;
  const members: number[] = [];
  const means = new Float64Array(N).fill(NaN);
  const counts = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let t = 0; t < T; t++) {
      const r = returns[t * N + i];
      if (!Number.isNaN(r)) { s += r; counts[i]++; }
    }
    if (counts[i] >= Math.max(3, input.minObservations)) {
      members.push(i);
      means[i] = s / counts[i];
    }
  }
  const M = members.length;
  const fixed = input.components;
  if (fixed !== undefined && !(Number.isInteger(fixed) && fixed >= 1)) throw new RangeError(`model.components (${fixed}) must be a positive integer`);
  const maxComponents = Math.min(fixed ?? input.maxComponents ?? 10, M - 1, T - 1);
  if (M < 2 || maxComponents < 1 || (fixed !== undefined && fixed > maxComponents)) {
    throw new ModelError('too-few-assets', `${asOf}: ${M} assets have ${input.minObservations} returns in the ${T}-bar window; ${fixed ?? 1} principal component(s) need more assets and bars than that`);
  }
  // X: T × M demeaned, missing = 0.
  const X = new Matrix(T, M);
  members.forEach((i, j) => {
    for (let t = 0; t < T; t++) {
      const r = returns[t * N + i];
      X.set(t, j, Number.isNaN(r) ? 0 : r - means[i]);
    }
  });
  const { values, vectors } = topEigen(X, maxComponents);
  const total = totalVariance(X);
  const share = input.explainedVariance ?? 0.5;
  if (!(share > 0 && share <= 1)) throw new RangeError(`model.explainedVariance (${share}) must be in (0, 1]`);
  let K = fixed ?? 0;
  if (fixed === undefined) {
    let acc = 0;
    while (K < maxComponents && acc < share * total) acc += values[K++];
  }
  const factors = Array.from({ length: K }, (_, k) => `pc${k + 1}`);
  const scale = Math.sqrt(M);
  const loadings = new Float64Array(N * K).fill(NaN);
  for (let k = 0; k < K; k++) {
    const sign = componentSign(vectors[k], members, input.previous, factors[k], assets);
    members.forEach((i, j) => (loadings[i * K + k] = sign * vectors[k][j] * scale));
  }
  // Factor returns of the raw (not demeaned) returns, so their means are real;
  // `offset` is the part that comes from the assets' means.
  const offset = new Float64Array(K);
  for (let k = 0; k < K; k++) for (const i of members) offset[k] += (means[i] * loadings[i * K + k]) / M;
  const factorReturns = new Float64Array(T * K);
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < K; k++) {
      let s = 0;
      members.forEach((i, j) => (s += X.get(t, j) * loadings[i * K + k]));
      factorReturns[t * K + k] = s / M + offset[k];
    }
  }
  const residualVariance = new Float64Array(N).fill(NaN);
  const rSquared = new Float64Array(N).fill(NaN);
  const observations = new Int32Array(N);
  members.forEach((i, j) => {
    let rss = 0;
    let tss = 0;
    for (let t = 0; t < T; t++) {
      if (Number.isNaN(returns[t * N + i])) continue;
      const x = X.get(t, j);
      let fitted = 0;
      for (let k = 0; k < K; k++) fitted += loadings[i * K + k] * (factorReturns[t * K + k] - offset[k]);
      rss += (x - fitted) ** 2;
      tss += x * x;
    }
    residualVariance[i] = rss / Math.max(1, counts[i] - K - 1);
    rSquared[i] = tss > 0 ? 1 - rss / tss : 0;
    observations[i] = counts[i];
  });
  const alpha = new Float64Array(N).map((_, i) => (observations[i] > 0 ? 0 : NaN));
  const lags = defaultNeweyWestLags(T);
  const factorStats: FactorStat[] = factors.map((name, k) => {
    const test = neweyWestMean(Float64Array.from({ length: T }, (_, t) => factorReturns[t * K + k]), lags);
    return { factor: name, meanReturn: test.mean, tStat: test.tStat, lags: test.lags, medianAbsLoadingT: NaN, ic: NaN, icTStat: NaN };
  });
  const dropped = counts.reduce((n, c, i) => (c > 0 && Number.isNaN(means[i]) ? n + 1 : n), 0);
  const explained = values.slice(0, K).reduce((a, b) => a + b, 0) / total;
  return finishModel(
    {
      asOf,
      kind: 'statistical',
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
      droppedDates: 0,
      warnings: [`${K} component(s) explain ${(100 * explained).toFixed(1)}% of the variance of ${M} assets`, ...(dropped > 0 ? [`${dropped} asset(s) with fewer than ${input.minObservations} returns left out`] : [])],
    },
    input.risk,
  );
}

/** Largest `count` eigenpairs of the covariance `X'X/(T−1)` (vectors of length M, unit norm). */
function topEigen(X: Matrix, count: number): { values: number[]; vectors: Float64Array[] } {
  const T = X.rows;
  const M = X.columns;
  const dual = T < M;
  const gram = dual ? X.mmul(X.transpose()) : X.transpose().mmul(X);
  const eig = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
  const order = eig.realEigenvalues.map((v, j) => [v, j] as const).sort((a, b) => b[0] - a[0]).slice(0, count);
  const values = order.map(([v]) => Math.max(0, v) / (T - 1));
  const vectors = order.map(([v, j]) => {
    const u = eig.eigenvectorMatrix.getColumn(j);
    if (!dual) return Float64Array.from(u);
    // v = X'u / ‖X'u‖ maps an eigenvector of XX' to one of X'X with the same eigenvalue.
    const w = X.transpose().mmul(Matrix.columnVector(u)).to1DArray();
    const norm = Math.sqrt(w.reduce((s, x) => s + x * x, 0)) || Math.sqrt(Math.max(v, 1e-300));
    return Float64Array.from(w, (x) => x / norm);
  });
  return { values, vectors };
}

function totalVariance(X: Matrix): number {
  let s = 0;
  for (let t = 0; t < X.rows; t++) for (let j = 0; j < X.columns; j++) s += X.get(t, j) ** 2;
  return s / (X.rows - 1);
}

function componentSign(v: Float64Array, members: readonly number[], previous: FactorModel | undefined, name: string, assets: readonly string[]): number {
  let dot = 0;
  const k = previous?.factors.indexOf(name) ?? -1;
  if (previous !== undefined && k >= 0 && previous.assets.length === assets.length && previous.assets.every((a, i) => a === assets[i])) {
    const K = previous.factors.length;
    members.forEach((i, j) => {
      const prev = previous.loadings[i * K + k];
      if (Number.isFinite(prev)) dot += prev * v[j];
    });
  }
  if (dot === 0) for (const x of v) dot += x;
  return dot < 0 ? -1 : 1;
}
