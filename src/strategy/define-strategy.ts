import type { History } from '../core/history.js';
import type { Cadence } from '../data/calendar.js';
import type { DataCheckSettings } from '../data/check-quality.js';
import type { FactorDefinition } from '../factors/factor.js';
import type { FactorModel, RiskSettings } from '../model/factor-model.js';
import type { TimeSeriesEstimator } from '../model/fit-time-series.js';

interface ModelSettingsBase {
  /** Bars in the rolling estimation window. */
  readonly windowDays: number;
  readonly refitEvery: Cadence;
  /** Fewest observations for an asset to be fitted; default 75% of the window. */
  readonly minObservations?: number;
  /**
   * Bars between a series value's date stamp and the bar it may be used on (its
   * publication lag), for every use of series.csv: model factors, `seriesBeta`
   * factors and `ctx.history.series`. Default 0: stamped on the release date.
   */
  readonly seriesLagDays?: number;
  /** Factor covariance and specific risk settings. */
  readonly risk?: RiskSettings;
}

/** Time-series regression of each asset's returns on observed factor returns. */
export interface TimeSeriesModelSettings<F extends string> extends ModelSettingsBase {
  readonly kind: 'time-series';
  /** Include the cap-weighted market return as a factor (default true). */
  readonly market?: boolean;
  /** Series (from series.csv) used as factors; default: all of them. */
  readonly series?: readonly string[];
  /**
   * Strategy factors turned into observed factor returns: each bar, the equal-weighted
   * top third minus bottom third by the exposure known at the previous close.
   */
  readonly factorPortfolios?: readonly F[];
  readonly estimator?: TimeSeriesEstimator;
}

/** Barra / Fama-MacBeth: regress each bar's returns on the previous close's exposures. */
export interface CrossSectionalModelSettings<F extends string> extends ModelSettingsBase {
  readonly kind: 'cross-sectional';
  /** Strategy factors used as exposures (winsorised at 1%/99% and z-scored each bar). */
  readonly factors: readonly F[];
  /** Regression weights: `sqrt-cap` (√market cap, default when the data has market caps) or `equal`. */
  readonly weighting?: 'sqrt-cap' | 'equal';
  /** Horizon of the forward returns behind the Fama-MacBeth means and ICs (default 1 bar). */
  readonly horizonDays?: number;
  /** Newey-West lags for those t-statistics; default `max(horizonDays − 1, floor(4 (T/100)^(2/9)))`. */
  readonly neweyWestLags?: number;
}

/** Statistical factors: principal components of the window's returns. */
export interface StatisticalModelSettings extends ModelSettingsBase {
  readonly kind: 'statistical';
  /** A fixed number of components… */
  readonly components?: number;
  /** …or the fewest whose eigenvalues explain this share of the variance (default 0.5). */
  readonly explainedVariance?: number;
  /** Upper bound when choosing by explained variance (default 10). */
  readonly maxComponents?: number;
}

/** How the factor model is fitted: one of three kinds, on a rolling window, refitted on a schedule. */
export type ModelSettings<F extends string = string> = TimeSeriesModelSettings<F> | CrossSectionalModelSettings<F> | StatisticalModelSettings;

export interface PortfolioLimits {
  /** Gross exposure cap Σ|w| (fractions of NAV). */
  readonly gross?: number;
  /** Net exposure Σw: 0 dollar-neutral, 1 fully invested (default 0, or 1 when long-only). */
  readonly net?: number;
  /** Per-asset cap |wᵢ|. */
  readonly maxAbsWeight?: number;
  /** Turnover budget per rebalance Σ|w − w_current|, not applied when building from an empty book. */
  readonly maxTurnover?: number;
}

export interface PortfolioSettings<F extends string> {
  /** Maximise alpha'w minus linear trading costs. */
  readonly objective: 'max-alpha';
  /** Factors (keys of `factors`) the portfolio must be neutral to, on their raw exposures. */
  readonly neutral?: readonly F[];
  /** Model factors ('market', a series, a factor portfolio, or 'pc1'…) whose fitted loadings must net to zero. */
  readonly neutralToModel?: readonly string[];
  /** Allowed |exposure| for every neutral factor (default 0: exact neutrality). */
  readonly neutralBand?: number;
  readonly longOnly?: boolean;
  readonly limits: PortfolioLimits;
  /** What to do when no weights satisfy the limits: keep the current book, or stop the run. */
  readonly onInfeasible?: 'hold' | 'stop';
}

/** What a strategy's signal sees at the close of `asOf`: nothing later exists in it. */
export interface StrategyContext<F extends string> {
  readonly asOf: string;
  readonly assets: readonly string[];
  readonly history: History;
  /** Raw exposures of one of the strategy's factors on `asOf` (a copy). */
  exposure(name: F): Float64Array;
  /** The factor model most recently fitted on or before `asOf`. */
  readonly model: FactorModel;
  readonly params: Readonly<Record<string, number | string>>;
}

export interface StrategyDefinition<F extends string = string> {
  readonly name: string;
  readonly description?: string;
  readonly universe?: {
    /** Bars an asset must have traded before it can be held (default: the model window). */
    readonly minHistoryDays?: number;
    /** Median close × volume over the last 30 bars must reach this. */
    readonly minMedianDollarVolume?: number;
  };
  readonly model: ModelSettings<NoInfer<F>>;
  readonly rebalance: Cadence;
  /** Bars between a decision and its execution at the close, at least 1 (default 1). */
  readonly executionLagDays?: number;
  readonly factors: Readonly<Record<F, FactorDefinition>>;
  /** Scores or expected returns per asset (aligned with `ctx.assets`); `NaN` leaves an asset out. */
  readonly signal: (ctx: StrategyContext<F>) => Float64Array;
  readonly portfolio: PortfolioSettings<NoInfer<F>>;
  readonly costs?: { readonly commissionBps?: number; readonly halfSpreadBps?: number };
  /** Values a study may sweep; a single run uses the first of each. */
  readonly params?: Readonly<Record<string, readonly (number | string)[]>>;
  /** Starting NAV (default 1,000,000). */
  readonly initialNav?: number;
  /** Data-quality checks and what their findings do (see docs/data.md). */
  readonly dataChecks?: DataCheckSettings;
}

/**
 * Declare a strategy. The factor keys are inferred, so a misspelt key in
 * `portfolio.neutral` or `ctx.exposure(...)` is a compile error.
 *
 * @example
 * export default defineStrategy({
 *   name: 'momentum',
 *   model: { kind: 'time-series', windowDays: 180, refitEvery: 'month' },
 *   rebalance: 'week',
 *   factors: { momentum: factor.momentum({ lookbackDays: 90, skipDays: 7 }) },
 *   signal: (ctx) => zScore(ctx.exposure('momentum')),
 *   portfolio: { objective: 'max-alpha', limits: { gross: 1, net: 0, maxAbsWeight: 0.05 } },
 * });
 */
export function defineStrategy<F extends string>(definition: StrategyDefinition<F>): StrategyDefinition<F> {
  return definition;
}
