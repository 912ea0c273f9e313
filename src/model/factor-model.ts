/**
 * A fitted factor model at one date: loadings `B` (N × K), factor covariance
 * `F` (K × K), specific variances `D` (N). Risk of weights `w` is
 * `w'BFB'w + w'Dw`. Assets that were left out of the fit have `NaN` rows.
 */
export interface FactorModel {
  readonly asOf: string;
  readonly kind: 'time-series';
  readonly assets: readonly string[];
  readonly factors: readonly string[];
  /** Date-span of the estimation window. */
  readonly windowStart: string;
  readonly windowEnd: string;
  /** N × K, asset-major: `loadings[i * K + k]`. */
  readonly loadings: Float64Array;
  /** Per-asset intercept (mean return not explained by the factors), per bar. */
  readonly alpha: Float64Array;
  /** Residual variance per asset, per bar. */
  readonly specificVariance: Float64Array;
  readonly rSquared: Float64Array;
  /** Observations used per asset (0 when left out). */
  readonly observations: Int32Array;
  /** K × K, row-major, per bar. */
  readonly factorCovariance: Float64Array;
  /** Assets with some data in the window that had too few observations to fit. */
  readonly droppedAssets: number;
}

/** Whether asset `i` has a fitted row. */
export function isFitted(model: FactorModel, i: number): boolean {
  return model.observations[i] > 0;
}

/**
 * Predicted variance per bar of weights `w` (aligned with `model.assets`):
 * `w'BFB'w + Σ wᵢ² Dᵢ`. Assets with zero weight may be unfitted; a non-zero
 * weight on an unfitted asset makes the result `NaN`.
 */
export function predictedVariance(model: FactorModel, w: Float64Array): number {
  const K = model.factors.length;
  const exposure = new Float64Array(K);
  let specific = 0;
  for (let i = 0; i < w.length; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    for (let k = 0; k < K; k++) exposure[k] += wi * model.loadings[i * K + k];
    specific += wi * wi * model.specificVariance[i];
  }
  let systematic = 0;
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) systematic += exposure[a] * model.factorCovariance[a * K + b] * exposure[b];
  }
  return systematic + specific;
}
