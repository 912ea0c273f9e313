import { returnStats } from './return-stats.js';
import { minimumTrackRecordLength, probabilisticSharpeRatio, sharpeMoments } from './sharpe-tests.js';

/** Summary statistics of a run, from its daily rows. */
export interface PerformanceSummary {
  readonly days: number;
  readonly totalReturn: number;
  /** Compound annual growth rate. */
  readonly annualReturn: number;
  /** Standard deviation of daily net returns × √(bars per year). */
  readonly annualVolatility: number;
  /** Mean / standard deviation of daily net returns × √(bars per year), zero risk-free rate. */
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
  readonly sortino: number;
  readonly calmar: number;
  readonly maxDrawdownBars: number;
  readonly hitRate: number;
  readonly skewness: number;
  readonly excessKurtosis: number;
  /** One-bar 95% historical VaR and expected shortfall, and Cornish-Fisher VaR (positive losses). */
  readonly var95: number;
  readonly expectedShortfall95: number;
  readonly cornishFisherVar95: number;
  /** Probabilistic Sharpe Ratio against 0 (per-bar Sharpe, raw kurtosis). */
  readonly probabilisticSharpe: number;
  /** Bars of track record needed for 95% confidence that the Sharpe ratio is positive. */
  readonly minTrackRecordBars: number;
}

export interface DailyPerformanceRow {
  readonly nav: number;
  readonly netReturn: number;
  readonly turnover: number;
  readonly cost: number;
}

/**
 * Summarise daily rows. Statistics that are undefined (volatility of fewer than
 * two returns, Sharpe of a zero-variance series) are `NaN`; callers store them
 * as NULL.
 */
export function summarizePerformance(rows: readonly DailyPerformanceRow[], initialNav: number, barsPerYear: number): PerformanceSummary {
  const days = rows.length;
  const finalNav = days > 0 ? rows[days - 1].nav : initialNav;
  const totalReturn = finalNav / initialNav - 1;
  let mean = 0;
  for (const r of rows) mean += r.netReturn;
  mean /= Math.max(1, days);
  let ss = 0;
  for (const r of rows) ss += (r.netReturn - mean) ** 2;
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
  const moments = days > 1 ? sharpeMoments(returns) : undefined;
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
  return 'not defined for these daily rows';
}
