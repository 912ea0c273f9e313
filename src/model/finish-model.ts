import { quantileSorted } from '../stats/quantile.js';
import { conditionIndex, estimateFactorCovariance } from './factor-covariance.js';
import type { FactorModel, RiskSettings } from './factor-model.js';

/** What a fitter produces before the shared risk estimates are added. */
export interface RawFit extends Omit<FactorModel, 'specificVariance' | 'factorCovariance' | 'risk'> {
  /** Residual variance per asset before the floor (`NaN` when unfitted). */
  readonly residualVariance: Float64Array;
  /** Regressor covariance (K' × K') whose condition index is reported; `undefined`: the unshrunk sample covariance of the factor returns. */
  readonly regressorCovariance?: { readonly matrix: Float64Array; readonly size: number };
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
  const { residualVariance: _raw, regressorCovariance: _regressors, ...fit } = raw;
  return {
    ...fit,
    specificVariance,
    factorCovariance: estimate.covariance,
    risk: { covarianceMethod: estimate.method, shrinkage: estimate.shrinkage, specificVarianceFloor: floor, flooredAssets: floored, conditionIndex: index },
    warnings,
  };
}
