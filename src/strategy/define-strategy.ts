import type { LimitTerm } from '../optimize/terms/term.js';
import type { TradingCost } from '../optimize/terms/trading-cost.js';
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
  /**
   * Units of series.csv columns, for every use of them as above: `percent`
   * values are divided by 100 (a Fama-French file gives returns in percent).
   * Default `fraction`.
   */
  readonly seriesUnits?: Readonly<Record<string, 'fraction' | 'percent'>>;
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
  /**
   * A categorical column of the data (`sector`, `industry`, `country`) whose
   * categories become industry factors (`sector:tech`, …): 0/1 dummies beside
   * the intercept, with factor returns constrained to a cap-weighted sum of
   * zero (Barra). Each bar uses the labels known at that close.
   */
  readonly industries?: string;
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
  /** Allowed distance of Σw from `net` (default 0). */
  readonly netBand?: number;
  /** Per-asset cap |wᵢ|. */
  readonly maxAbsWeight?: number;
  /** Floor and cap on every asset's signed weight (e.g. `minWeight: -0.01` limits shorts). */
  readonly minWeight?: number;
  readonly maxWeight?: number;
  /** Turnover budget per rebalance Σ|w − w_current|, not applied when building from an empty book. */
  readonly maxTurnover?: number;
  /** Largest trade per asset as a fraction of its 30-bar mean dollar volume (e.g. 0.1 = 10% of ADV). */
  readonly maxTradeAdv?: number;
}

/** A limit on a factor exposure `B'w`: exactly `target` (band 0) or within `band` of it. */
export interface ExposureTarget {
  readonly target: number;
  readonly band?: number;
}

/** Hedging: after the book is built, trade only `instruments` to bring `factors` into their bands. */
export interface HedgeSettings {
  /** Asset ids used as hedges (e.g. a liquid index proxy and a few large assets). */
  readonly instruments: readonly string[];
  /** Model factors to hedge ('market', a series, 'pc1', …). */
  readonly factors: readonly string[];
  /** Allowed |exposure| after hedging (default 0). */
  readonly band?: number;
  /** Largest hedge position per instrument, |h| (default 1). */
  readonly maxAbsWeight?: number;
}

export interface PortfolioSettings<F extends string> {
  /**
   * `max-alpha`: maximise alpha'w minus linear costs. `min-distance`: hold the
   * weights the signal returns as closely as the limits allow (L1). `min-exposure`:
   * minimise |B'w| over `minimize`/`minimizeModel` (the signal's NaNs still set the universe).
   */
  readonly objective: 'max-alpha' | 'min-distance' | 'min-exposure';
  /** Factors (keys of `factors`) the portfolio must be neutral to, on their raw exposures. */
  readonly neutral?: readonly F[];
  /** Model factors ('market', a series, a factor portfolio, or 'pc1'…) whose fitted loadings must net to zero. */
  readonly neutralToModel?: readonly string[];
  /** Allowed |exposure| for every neutral factor (default 0: exact neutrality). */
  readonly neutralBand?: number;
  /** Tilts on raw exposures: `B'w` at a target (within its band). */
  readonly tilts?: Readonly<Partial<Record<F, ExposureTarget>>>;
  /** Tilts on model loadings. */
  readonly tiltsToModel?: Readonly<Record<string, ExposureTarget>>;
  /** For `min-exposure`: raw exposures and model loadings whose |B'w| is minimised. */
  readonly minimize?: readonly F[];
  readonly minimizeModel?: readonly string[];
  /**
   * Group limits on each group's net and gross weight. The groups are a
   * categorical column of the data (`by: 'sector'`, the labels known at the
   * decision), or `of(ctx)`, one label per asset ('' for none). `minNet: 0,
   * maxNet: 0` makes the book group-neutral.
   */
  readonly groups?: GroupSettings<F>;
  readonly longOnly?: boolean;
  readonly limits: PortfolioLimits;
  /** Scale the book to this annualised ex-ante volatility from the risk model, as far as the limits allow. */
  readonly targetVolatility?: number;
  readonly hedge?: HedgeSettings;
  /**
   * Further limits as term objects (`LimitTerm`, docs/optimizer.md "Terms"), after the ones the
   * fields above give: a term, or a function of the rebalance's universe that builds one (for
   * terms with a value per asset, in the universe's order).
   */
  readonly constraints?: ReadonlyArray<LimitTerm | ((universe: UniverseView) => LimitTerm)>;
  /**
   * When no weights satisfy the limits: `hold` the current book, `relax` limits
   * in a fixed order (turnover, trade size, tilts, groups, neutrality) until it
   * is feasible, or `stop` the run. Every occurrence is recorded.
   */
  readonly onInfeasible?: 'hold' | 'relax' | 'stop';
}

/** What a constraint function is given: the universe of one rebalance (asset ids, in the problem's order) and its context. */
export interface UniverseView {
  readonly assets: readonly string[];
  readonly ctx: StrategyContext<string>;
}

interface GroupLimitSettings {
  readonly minNet?: number;
  readonly maxNet?: number;
  readonly maxGross?: number;
}

/** Groups from a categorical column (`by`) or from a function of the context (`of`). */
export type GroupSettings<F extends string> =
  | (GroupLimitSettings & { readonly by: string; readonly of?: never })
  | (GroupLimitSettings & { readonly of: (ctx: StrategyContext<F>) => readonly string[]; readonly by?: never });

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

/** Funding intervals a day divides into whole events. */
export const FUNDING_INTERVALS_HOURS: readonly number[] = [1, 2, 4, 8, 12, 24];

/**
 * Where funding rates come from and what one value means. `per: 'event'`: the column holds one
 * funding event's rate (the exchange's quote) every `intervalHours` (default 8), and a bar carries
 * one event per interval since the previous bar. `per: 'bar'`: the column already holds each bar's sum.
 * `per: 'file'`: the market's `funding.csv` holds every event at its own time (each asset at its
 * native interval).
 */
export interface FundingSettings {
  readonly per: 'event' | 'bar' | 'file';
  /** Hours between funding events: 1, 2, 4, 8, 12 or 24 (default 8; `per: 'event'` only). */
  readonly intervalHours?: number;
  /** The panel column (default `funding_rate`). */
  readonly field?: string;
  /**
   * Put expected funding in `max-alpha`'s objective, as a holding return: each asset's alpha loses
   * its mean funding per bar over the last `lookbackBars` (to the decision bar) times `horizonBars`,
   * the bars the book is expected to be held (longs pay positive funding). Meaningful when the
   * signal is an expected return over that horizon, in the same units.
   */
  readonly inObjective?: { readonly lookbackBars: number; readonly horizonBars: number };
}

/** The power-law impact cost: `b` and the windows its σ and V are measured on. */
export interface ImpactSettings {
  /** `b` in `b·σ·|T|^{3/2}/√V` (cvxportfolio and Almgren et al. use values near 1). */
  readonly coefficient: number;
  /** Bars of returns for σ, the standard deviation per bar (default 20). */
  readonly volatilityBars?: number;
  /** Bars of close × volume for V, the mean dollar volume per bar (default 30). */
  readonly volumeBars?: number;
}

/** One annual borrow rate for every short (`annualRate`, e.g. 0.03), or a panel column of per-asset annual rates (`field`). */
export interface BorrowSettings {
  readonly annualRate?: number;
  readonly field?: string;
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
  readonly costs?: {
    readonly commissionBps?: number;
    readonly halfSpreadBps?: number;
    /** A panel column of commission in bps per asset and bar, read at the decision (blank: `commissionBps`). */
    readonly feeField?: string;
    /** A panel column of half-spread in bps per asset and bar, read at the decision (blank: `halfSpreadBps`). */
    readonly spreadField?: string;
    /** Extra cost per asset in bps (e.g. wider for illiquid assets), computed at the decision from the context. */
    readonly perAssetBps?: (ctx: StrategyContext<F>) => Float64Array;
    /** Book perpetual funding on the positions held over each bar (longs pay a positive rate, shorts receive it). */
    readonly funding?: FundingSettings;
    /** Borrow fees on shorts: `|short| × annual rate × days / 365` per bar. */
    readonly borrow?: BorrowSettings;
    /** Financing of leverage: negative cash pays `annualSpread` a year (over the risk-free rate, which `riskFree` charges). */
    readonly financing?: { readonly annualSpread: number };
    /** Market impact `coefficient·σ·|T|^{3/2}/√V` on a trade of value `T` (σ: volatility per bar, V: dollar volume per bar, both at the decision). */
    readonly impact?: ImpactSettings;
    /**
     * Further trading costs as term objects (`TradingCost`, docs/optimizer.md "Terms"), priced in the
     * optimizer and charged at execution: a term over all assets, or a function of the decision
     * (`{ assets, ctx, nav }`) that builds one.
     */
    readonly terms?: ReadonlyArray<TradingCost | ((decision: { readonly assets: readonly string[]; readonly ctx: StrategyContext<string>; readonly nav: number }) => TradingCost)>;
  };
  /** Values a study may sweep; a single run uses the first of each. */
  readonly params?: Readonly<Record<string, readonly (number | string)[]>>;
  /** Starting NAV (default 1,000,000). */
  readonly initialNav?: number;
  /**
   * The margin call: when equity (NAV) after a bar's moves is at or below
   * `maintenance × gross exposure` (both in currency), the whole book is sold
   * at that close, paying the linear costs, and the run stops trading there.
   * Default `maintenance: 0`: the call comes when equity is gone.
   */
  readonly margin?: { readonly maintenance?: number };
  /**
   * The risk-free rate, a series of the data. Cash (NAV minus the net
   * position, negative when levered) earns it each bar; models fit excess
   * returns (each asset's return minus it; the market factor is the market's
   * excess return; series factors are used as given); the Sharpe ratio and the
   * PSR family are computed on excess returns (Sortino keeps a zero target). `per: 'bar'`: each value is the
   * bar's return (Fama-French `RF`); `per: 'year'`: an annual rate (a T-bill
   * yield), accrued as `r × days / 365`. Without it, cash earns nothing and
   * statistics are over a zero rate.
   */
  readonly riskFree?: { readonly series: string; readonly per: 'bar' | 'year' };
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
