import type { CovarianceSettings } from './factor-covariance.js';

export type ModelKind = 'time-series' | 'cross-sectional' | 'statistical';

/** Settings of the risk side of every model kind. */
export interface RiskSettings extends CovarianceSettings {
  /**
   * Smallest specific variance per bar an asset may have (a residual variance
   * near zero would let the optimizer treat the asset as riskless). Default:
   * 10% of the cross-sectional median.
   */
  readonly specificVarianceFloor?: number;
}

/** What every fitter reads: the returns of a rolling window ending at `asOf`. */
export interface WindowFitInput {
  readonly asOf: string;
  /** The window's bars, oldest first. */
  readonly dates: readonly string[];
  readonly assets: readonly string[];
  /** Asset returns over the window, date-major (`T × N`), `NaN` = missing. */
  readonly returns: Float64Array;
  /** Fewest observations an asset needs to be fitted. */
  readonly minObservations: number;
  readonly risk?: RiskSettings;
}

/** Statistics of one factor over the estimation window. */
export interface FactorStat {
  readonly factor: string;
  /** Mean factor return per bar over the window. */
  readonly meanReturn: number;
  /** Newey-West t-statistic of that mean (Fama-MacBeth for cross-sectional models). */
  readonly tStat: number;
  /** Lags used for `tStat`. */
  readonly lags: number;
  /** Time-series models: median |t| of the assets' loadings on this factor (`NaN` otherwise). */
  readonly medianAbsLoadingT: number;
  /** Cross-sectional models: mean rank IC of the exposure against next-period returns (`NaN` otherwise). */
  readonly ic: number;
  /** Newey-West t-statistic of the mean IC. */
  readonly icTStat: number;
}

export interface RiskSummary {
  readonly covarianceMethod: string;
  /** Ledoit-Wolf intensity applied to the factor correlations (0 when not applied). */
  readonly shrinkage: number;
  readonly specificVarianceFloor: number;
  /** Assets whose specific variance was raised to the floor. */
  readonly flooredAssets: number;
  /** Belsley condition index of the regressors (√(λmax/λmin) of their correlation matrix). */
  readonly conditionIndex: number;
}

/**
 * A fitted factor model at one date: loadings `B` (N × K), factor covariance
 * `F` (K × K), specific variances `D` (N). Risk of weights `w` is
 * `w'BFB'w + w'Dw`. Assets that were left out of the fit have `NaN` rows.
 */
export interface FactorModel {
  readonly asOf: string;
  readonly kind: ModelKind;
  readonly assets: readonly string[];
  readonly factors: readonly string[];
  /** Date-span of the estimation window. */
  readonly windowStart: string;
  readonly windowEnd: string;
  /** N × K, asset-major: `loadings[i * K + k]`. */
  readonly loadings: Float64Array;
  /** Per-asset intercept (mean return not explained by the factors), per bar; 0 for cross-sectional and statistical models. */
  readonly alpha: Float64Array;
  /** Residual variance per asset, per bar, after the floor. */
  readonly specificVariance: Float64Array;
  readonly rSquared: Float64Array;
  /** Observations used per asset (0 when left out). */
  readonly observations: Int32Array;
  /** K × K, row-major, per bar. */
  readonly factorCovariance: Float64Array;
  /** Factor returns over the window, `T × K` date-major, dated by `factorReturnDates`. */
  readonly factorReturns: Float64Array;
  readonly factorReturnDates: readonly string[];
  readonly factorStats: readonly FactorStat[];
  readonly risk: RiskSummary;
  /** Assets with some data in the window that had too few observations to fit. */
  readonly droppedAssets: number;
  /** Dates of the window left out of the fit (cross-sections too small to regress). */
  readonly droppedDates: number;
  /** Things a researcher should know about this fit (collinearity, dropped data). */
  readonly warnings: readonly string[];
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
  const { systematic, specific } = decomposeRisk(model, w);
  return systematic + specific;
}

/** Predicted variance per bar of asset `i` alone: `bᵢ'Fbᵢ + Dᵢ` (`predictedVariance` of a unit weight on `i`). */
export function assetVariance(model: FactorModel, i: number): number {
  const K = model.factors.length;
  let systematic = 0;
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) systematic += model.loadings[i * K + a] * model.factorCovariance[a * K + b] * model.loadings[i * K + b];
  }
  return systematic + model.specificVariance[i];
}

/** Factor (`w'BFB'w`) and specific (`w'Dw`) parts of the predicted variance per bar. */
export function decomposeRisk(model: FactorModel, w: Float64Array): { systematic: number; specific: number } {
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
  return { systematic, specific };
}
