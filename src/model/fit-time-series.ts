import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { ModelError } from '../core/errors.js';
import type { FactorModel } from './factor-model.js';

export interface TimeSeriesFitInput {
  readonly asOf: string;
  readonly dates: readonly string[];
  readonly assets: readonly string[];
  /** Asset returns over the window, date-major (`T × N`), `NaN` = missing. */
  readonly returns: Float64Array;
  /** Observed factor returns over the same window, one array of length T per factor. */
  readonly factorReturns: ReadonlyMap<string, Float64Array>;
  /** Fewest observations an asset needs to be fitted (at least K + 2). */
  readonly minObservations: number;
}

/**
 * Fit `rᵢₜ = αᵢ + Σₖ βᵢₖ fₖₜ + εᵢₜ` by ordinary least squares for each asset,
 * on the bars where the asset's return and every factor return exist. Normal
 * equations are accumulated in typed arrays and solved by Cholesky (ml-matrix).
 * Specific variance is `RSS / (n - K - 1)`; factor covariance is the sample
 * covariance of the factor returns on the bars where all of them exist.
 *
 * @throws ModelError `too-few-factor-observations` when fewer than K + 2 bars
 *   have every factor, `singular-factors` when the factors are collinear or constant
 */
export function fitTimeSeries(input: TimeSeriesFitInput): FactorModel {
  const { dates, assets, returns, asOf } = input;
  const T = dates.length;
  const N = assets.length;
  const factors = [...input.factorReturns.keys()];
  const K = factors.length;
  const P = K + 1;
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
  const factorCovariance = sampleCovariance(f, rowOk, usableRows);
  assertNotSingular(factorCovariance, factors, asOf);

  const loadings = new Float64Array(N * K).fill(NaN);
  const alpha = new Float64Array(N).fill(NaN);
  const specificVariance = new Float64Array(N).fill(NaN);
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
    let sy = 0;
    let syy = 0;
    for (let t = 0; t < T; t++) {
      const y = returns[t * N + i];
      if (!rowOk[t] || Number.isNaN(y)) continue;
      x[0] = 1;
      for (let k = 0; k < K; k++) x[k + 1] = f[k][t];
      for (let a = 0; a < P; a++) {
        xty[a] += x[a] * y;
        for (let b = 0; b <= a; b++) xtx[a * P + b] += x[a] * x[b];
      }
      count++;
      sy += y;
      syy += y * y;
    }
    if (count < minObs) {
      if (count > 0) dropped++;
      continue;
    }
    for (let a = 0; a < P; a++) for (let b = a + 1; b < P; b++) xtx[a * P + b] = xtx[b * P + a];
    const chol = new CholeskyDecomposition(new Matrix(toRows(xtx, P)));
    if (!chol.isPositiveDefinite()) {
      dropped++;
      continue;
    }
    const coef = chol.solve(Matrix.columnVector(Array.from(xty))).to1DArray();
    // RSS = y'y - 2b'X'y + b'X'Xb = y'y - b'X'y at the least-squares solution.
    let bxy = 0;
    for (let a = 0; a < P; a++) bxy += coef[a] * xty[a];
    const rss = Math.max(0, syy - bxy);
    const tss = syy - (sy * sy) / count;
    alpha[i] = coef[0];
    for (let k = 0; k < K; k++) loadings[i * K + k] = coef[k + 1];
    specificVariance[i] = rss / (count - P);
    rSquared[i] = tss > 0 ? 1 - rss / tss : 0;
    observations[i] = count;
  }
  return {
    asOf,
    kind: 'time-series',
    assets,
    factors,
    windowStart: dates[0],
    windowEnd: dates[T - 1],
    loadings,
    alpha,
    specificVariance,
    rSquared,
    observations,
    factorCovariance,
    droppedAssets: dropped,
  };
}

function toRows(flat: Float64Array, p: number): number[][] {
  return Array.from({ length: p }, (_, a) => Array.from(flat.subarray(a * p, (a + 1) * p)));
}

function sampleCovariance(f: Float64Array[], rowOk: Uint8Array, rows: number): Float64Array {
  const K = f.length;
  const mean = f.map((col) => {
    let s = 0;
    for (let t = 0; t < col.length; t++) if (rowOk[t]) s += col[t];
    return s / rows;
  });
  const cov = new Float64Array(K * K);
  for (let a = 0; a < K; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let t = 0; t < rowOk.length; t++) if (rowOk[t]) s += (f[a][t] - mean[a]) * (f[b][t] - mean[b]);
      cov[a * K + b] = cov[b * K + a] = s / (rows - 1);
    }
  }
  return cov;
}

/** Collinear or constant factors make every regression singular: say which. */
function assertNotSingular(cov: Float64Array, factors: readonly string[], asOf: string): void {
  const K = factors.length;
  for (let k = 0; k < K; k++) {
    if (!(cov[k * K + k] > 0)) {
      throw new ModelError('singular-factors', `${asOf}: factor '${factors[k]}' is constant over the window; remove it or widen the window`);
    }
  }
  const corr = new Matrix(K, K);
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) corr.set(a, b, cov[a * K + b] / Math.sqrt(cov[a * K + a] * cov[b * K + b]));
  }
  const chol = new CholeskyDecomposition(corr);
  const diag = chol.isPositiveDefinite() ? Math.min(...Array.from({ length: K }, (_, k) => chol.lowerTriangularMatrix.get(k, k))) : 0;
  if (diag < 1e-6) {
    throw new ModelError('singular-factors', `${asOf}: factors ${factors.join(', ')} are collinear over the window; drop one of them`);
  }
}
