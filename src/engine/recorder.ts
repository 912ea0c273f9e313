import type { QualityReport } from '../data/check-quality.js';
import type { ModelEvaluation } from '../model/evaluate-model.js';
import type { FactorStat, RiskSummary } from '../model/factor-model.js';
import type { EventRecord, RebalanceRecord } from '../strategy/decision-record.js';

/** What the engine reports for one bar; a recorder writes it atomically. */
export interface DayRecord {
  readonly date: string;
  readonly nav: number;
  /** Mark-to-market P&L over NAV at the previous close. */
  readonly grossReturn: number;
  /** NAV change over NAV at the previous close (gross return minus cost). */
  readonly netReturn: number;
  /** Trading cost paid this bar, in currency. */
  readonly cost: number;
  /** The bar's risk-free return (0 without a rate): excess return = `netReturn − riskFreeReturn`. */
  readonly riskFreeReturn: number;
  /** Interest cash earned (negative: paid) over the bar at the risk-free rate, in currency; 0 without one. */
  readonly cashInterest: number;
  /** Σ|traded value| over NAV before trading. */
  readonly turnover: number;
  readonly grossExposure: number;
  readonly netExposure: number;
  /** Ex-ante volatility per bar of the closing book from the latest model (NaN when unknown). */
  readonly predictedVol: number;
  /** Closing weights of non-zero positions. */
  readonly holdings: ReadonlyArray<{ readonly asset: string; readonly weight: number }>;
  readonly trades: ReadonlyArray<TradeRecord>;
  readonly fit?: FitRecord;
  /** This bar's gross return split into model-factor contributions and the specific rest (when a model was in force). */
  readonly attribution?: {
    readonly factors: readonly string[];
    readonly contributions: Float64Array;
    readonly specific: number;
    /** Each holding cost's P&L over NAV at the previous close (funding, borrow, financing), when the strategy has them. */
    readonly holding?: ReadonlyArray<{ readonly name: string; readonly contribution: number }>;
  };
  /** The holding costs settled this bar (with `costs.funding`, `borrow`, `financing`), in booking order. */
  readonly holdingCosts?: readonly HoldingCostRecord[];
  /** How the previous fit did over the bars since it (on refit days and the last bar). */
  readonly evaluation?: ModelEvaluation;
  readonly rebalance?: RebalanceRecord;
  readonly events: ReadonlyArray<EventRecord>;
}

/** One holding cost's settlement on a bar: total P&L in currency (received positive) and its part per asset held. */
export interface HoldingCostRecord {
  readonly name: string;
  readonly pnl: number;
  /** Per asset held (financing, a charge on cash, has none); `events`: funding events in the bar, NaN when not counted. */
  readonly perAsset: ReadonlyArray<{ readonly asset: string; readonly pnl: number; readonly events: number }>;
}

export interface TradeRecord {
  readonly asset: string;
  /** Traded value over NAV before trading (signed). */
  readonly weight: number;
  readonly cost: number;
  /** `margin`: the book liquidated at a margin call. */
  readonly reason: 'rebalance' | 'delisting' | 'stale' | 'margin';
}

export interface FitRecord {
  readonly kind: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly factors: readonly string[];
  readonly factorCovariance: Float64Array;
  readonly fittedAssets: number;
  readonly droppedAssets: number;
  readonly droppedDates: number;
  readonly risk: RiskSummary;
  readonly factorStats: readonly FactorStat[];
  /** Factor returns over the window, `dates.length × K` date-major. */
  readonly factorReturns: Float64Array;
  readonly factorReturnDates: readonly string[];
  readonly warnings: readonly string[];
  readonly assets: ReadonlyArray<{
    readonly asset: string;
    readonly alpha: number;
    readonly loadings: Float64Array;
    readonly specificVariance: number;
    readonly rSquared: number;
    readonly observations: number;
  }>;
}

/** Where a run's rows go. The engine defines it; the SQLite store implements it. */
export interface Recorder {
  /**
   * The recorder keeps only each bar's date, NAV and returns (a study's
   * windows): the engine then leaves out of the day record what only storage
   * would read (holdings, fit records, fit evaluations, attribution). Trading,
   * the summary and every number the recorder keeps are the same.
   */
  readonly returnsOnly?: boolean;
  /** The data-quality findings and the policies applied to them, before the first bar. */
  recordDataQuality?(report: QualityReport): void;
  recordDay(day: DayRecord): void;
}
