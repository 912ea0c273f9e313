import { defaultNeweyWestLags, neweyWestMean } from '../stats/newey-west.js';
import { returnStats, type ReturnStats } from './return-stats.js';
import { minimumTrackRecordLength, probabilisticSharpeRatio, sharpeMoments } from './sharpe-tests.js';

/** Summary statistics of a run, from its daily rows (with the distribution statistics of `returnStats`). */
export interface PerformanceSummary extends ReturnStats {
  readonly days: number;
  readonly totalReturn: number;
  /** Compound annual growth rate. */
  readonly annualReturn: number;
  /** Standard deviation of daily net returns × √(bars per year). */
  readonly annualVolatility: number;
  /**
   * Mean / standard deviation (n − 1) of daily net returns in excess of the
   * risk-free return (each row's `riskFree`; 0 without a rate) × √(bars per year).
   */
  readonly sharpe: number;
  /** Largest peak-to-trough fall of NAV, as a positive fraction. */
  readonly maxDrawdown: number;
  /** Mean turnover over the bars that traded. */
  readonly averageTurnover: number;
  /** Σ turnover per year. */
  readonly annualTurnover: number;
  /** Σ cost over the initial NAV. */
  readonly totalCost: number;
  readonly barsPerYear: number;
  /** Probabilistic Sharpe Ratio against 0 (per-bar Sharpe of excess returns, raw kurtosis). */
  readonly probabilisticSharpe: number;
  /** Bars of track record needed for 95% confidence that the Sharpe ratio is positive. */
  readonly minTrackRecordBars: number;
  /** Bias statistic of the book: sd of each bar's return over the volatility predicted at the previous close (1 is right). */
  readonly bookBiasStatistic: number;
  /** Mean rank IC of the signal against the next period's returns, and its Newey-West t-statistic. */
  readonly signalIc: number;
  readonly signalIcTStat: number;
}

export interface DailyPerformanceRow {
  readonly nav: number;
  readonly netReturn: number;
  readonly turnover: number;
  readonly cost: number;
  /** Ex-ante volatility per bar of the book at the close of this bar (`NaN` when unknown). */
  readonly predictedVol?: number;
  /** The bar's risk-free return; Sharpe-type statistics use `netReturn − riskFree` (default 0). */
  readonly riskFree?: number;
}

/** What a run knows beyond its daily rows. */
export interface PerformanceExtras {
  /** Rank IC of each rebalance's signal against the assets' compounded returns until the next rebalance. */
  readonly signalIcs?: readonly number[];
}

/**
 * Summarise daily rows. Statistics that are undefined (volatility of fewer than
 * two returns, Sharpe of a zero-variance series) are `NaN`; callers store them
 * as NULL.
 */
export function summarizePerformance(rows: readonly DailyPerformanceRow[], initialNav: number, barsPerYear: number, extras: PerformanceExtras = {}): PerformanceSummary {
  const days = rows.length;
  const finalNav = days > 0 ? rows[days - 1].nav : initialNav;
  const totalReturn = finalNav / initialNav - 1;
  const excess = rows.map((r) => r.netReturn - (r.riskFree ?? 0));
  let mean = 0;
  for (const x of excess) mean += x;
  mean /= Math.max(1, days);
  let ss = 0;
  for (const x of excess) ss += (x - mean) ** 2;
  const sd = days > 1 ? Math.sqrt(ss / (days - 1)) : NaN;
  let peak = initialNav;
  let maxDrawdown = 0;
  let tradedBars = 0;
  let turnoverSum = 0;
  let costSum = 0;
  for (const r of rows) {
    peak = Math.max(peak, r.nav);
    maxDrawdown = Math.max(maxDrawdown, 1 - r.nav / peak);
    if (r.turnover > 0) tradedBars++;
    turnoverSum += r.turnover;
    costSum += r.cost;
  }
  const annualReturn = days > 0 ? (finalNav / initialNav) ** (barsPerYear / days) - 1 : NaN;
  const returns = rows.map((r) => r.netReturn);
  const dist = days > 1 ? returnStats(returns, barsPerYear, annualReturn, maxDrawdown) : undefined;
  const moments = days > 1 ? sharpeMoments(excess) : undefined;
  const psrDefined = moments !== undefined && Number.isFinite(moments.sharpe);
  return {
    days,
    totalReturn,
    annualReturn,
    annualVolatility: sd * Math.sqrt(barsPerYear),
    sharpe: sd > 0 ? (mean / sd) * Math.sqrt(barsPerYear) : NaN,
    maxDrawdown,
    averageTurnover: tradedBars > 0 ? turnoverSum / tradedBars : 0,
    annualTurnover: days > 0 ? (turnoverSum * barsPerYear) / days : 0,
    totalCost: costSum / initialNav,
    barsPerYear,
    sortino: dist?.sortino ?? NaN,
    calmar: dist?.calmar ?? NaN,
    maxDrawdownBars: dist?.maxDrawdownBars ?? 0,
    hitRate: dist?.hitRate ?? NaN,
    skewness: dist?.skewness ?? NaN,
    excessKurtosis: dist?.excessKurtosis ?? NaN,
    var95: dist?.var95 ?? NaN,
    expectedShortfall95: dist?.expectedShortfall95 ?? NaN,
    cornishFisherVar95: dist?.cornishFisherVar95 ?? NaN,
    probabilisticSharpe: psrDefined ? probabilisticSharpeRatio(moments.sharpe, days, moments.skewness, moments.kurtosis) : NaN,
    minTrackRecordBars: psrDefined ? minimumTrackRecordLength(moments.sharpe, moments.skewness, moments.kurtosis) : NaN,
    bookBiasStatistic: biasStatistic(rows),
    ...signalIcStats(extras.signalIcs ?? []),
  };
}

/**
 * Why a statistic of `summary` is undefined (`NaN`), for the record that stores
 * it as NULL: every undefined value gets a reason.
 */
export function undefinedReason(metric: keyof PerformanceSummary, summary: PerformanceSummary): string {
  if (summary.days === 0) return 'the run has no bars';
  if (metric === 'annualReturn') return `final NAV is not positive (total return ${(summary.totalReturn * 100).toFixed(1)}%), so no compound rate exists`;
  if (summary.days < 2) return 'fewer than 2 daily returns';
  if (metric === 'sharpe' || metric === 'probabilisticSharpe' || metric === 'minTrackRecordBars' || metric === 'skewness' || metric === 'excessKurtosis') {
    return metric === 'minTrackRecordBars' && Number.isFinite(summary.sharpe) ? 'the Sharpe ratio is not positive, so no track record reaches 95% confidence' : 'daily net returns have zero variance';
  }
  if (metric === 'sortino') return 'no daily net return is negative';
  if (metric === 'calmar') return 'the run has no drawdown';
  if (metric === 'hitRate') return 'every daily net return is zero';
  if (metric === 'bookBiasStatistic') return 'fewer than 2 bars with a predicted volatility';
  if (metric === 'signalIc' || metric === 'signalIcTStat') return 'fewer than 2 rebalances whose signal could be scored against later returns';
  return 'not defined for these daily rows';
}

function biasStatistic(rows: readonly DailyPerformanceRow[]): number {
  const z: number[] = [];
  for (let t = 1; t < rows.length; t++) {
    const predicted = rows[t - 1].predictedVol;
    if (predicted !== undefined && predicted > 0 && Number.isFinite(rows[t].netReturn)) z.push(rows[t].netReturn / predicted);
  }
  if (z.length < 2) return NaN;
  const mean = z.reduce((a, b) => a + b, 0) / z.length;
  return Math.sqrt(z.reduce((s, x) => s + (x - mean) ** 2, 0) / (z.length - 1));
}

function signalIcStats(ics: readonly number[]): { signalIc: number; signalIcTStat: number } {
  const finite = Float64Array.from(ics.filter((x) => Number.isFinite(x)));
  if (finite.length < 2) return { signalIc: NaN, signalIcTStat: NaN };
  const test = neweyWestMean(finite, defaultNeweyWestLags(finite.length));
  return { signalIc: test.mean, signalIcTStat: test.tStat };
}
