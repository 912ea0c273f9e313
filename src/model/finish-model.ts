import { quantileSorted } from '../factors/standardize.js';
import { conditionIndex, estimateFactorCovariance } from './factor-covariance.js';
import type { FactorModel, FactorStat, ModelKind, RiskSettings } from './factor-model.js';

/** What a fitter produces before the shared risk estimates are added. */
export interface RawFit {
  readonly asOf: string;
  readonly kind: ModelKind;
  readonly assets: readonly string[];
  readonly factors: readonly string[];
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly loadings: Float64Array;
  readonly alpha: Float64Array;
  /** Residual variance per asset before the floor (`NaN` when unfitted). */
  readonly residualVariance: Float64Array;
  readonly rSquared: Float64Array;
  readonly observations: Int32Array;
  readonly factorReturns: Float64Array;
  readonly factorReturnDates: readonly string[];
  readonly factorStats: readonly FactorStat[];
  /** Regressor covariance (K' × K') whose condition index is reported; `undefined`: the unshrunk sample covariance of the factor returns. */
  readonly regressorCovariance?: { readonly matrix: Float64Array; readonly size: number };
  readonly droppedAssets: number;
  readonly droppedDates: number;
  readonly warnings: readonly string[];
}

/** Condition index above which a fit carries a collinearity warning (Belsley, Kuh and Welsch). */
export const COLLINEARITY_WARNING_INDEX = 30;

/**
 * Add the risk model to a fit: factor covariance (sample, EWMA or Newey-West,
 * with Ledoit-Wolf shrinkage where configured), the specific-variance floor,
 * and the collinearity diagnosis.
 */
export function finishModel(raw: RawFit, risk: RiskSettings = {}): FactorModel {
  const K = raw.factors.length;
  const estimate = estimateFactorCovariance(raw.factorReturns, K, risk);
  const fitted = raw.residualVariance.filter((v) => Number.isFinite(v)).sort();
  const floor = risk.specificVarianceFloor ?? (fitted.length > 0 ? 0.1 * quantileSorted(fitted, 0.5) : 0);
  if (!(floor >= 0)) throw new RangeError(`risk.specificVarianceFloor (${floor}) must be >= 0`);
  let floored = 0;
  const specificVariance = raw.residualVariance.map((v) => {
    if (!Number.isFinite(v) || v >= floor) return v;
    floored++;
    return floor;
  });
  const regressors = raw.regressorCovariance ?? { matrix: estimateFactorCovariance(raw.factorReturns, K, { shrinkage: 'none' }).covariance, size: K };
  const index = conditionIndex(regressors.matrix, regressors.size);
  const warnings = [...raw.warnings];
  if (index > COLLINEARITY_WARNING_INDEX) warnings.push(`collinearity: condition index ${index.toFixed(1)} > ${COLLINEARITY_WARNING_INDEX} among ${raw.factors.join(', ')}`);
  return {
    asOf: raw.asOf,
    kind: raw.kind,
    assets: raw.assets,
    factors: raw.factors,
    windowStart: raw.windowStart,
    windowEnd: raw.windowEnd,
    loadings: raw.loadings,
    alpha: raw.alpha,
    specificVariance,
    rSquared: raw.rSquared,
    observations: raw.observations,
    factorCovariance: estimate.covariance,
    factorReturns: raw.factorReturns,
    factorReturnDates: raw.factorReturnDates,
    factorStats: raw.factorStats,
    risk: { covarianceMethod: estimate.method, shrinkage: estimate.shrinkage, specificVarianceFloor: floor, flooredAssets: floored, conditionIndex: index },
    droppedAssets: raw.droppedAssets,
    droppedDates: raw.droppedDates,
    warnings,
  };
}
