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
  return {
    days,
    totalReturn,
    annualReturn: days > 0 ? (finalNav / initialNav) ** (barsPerYear / days) - 1 : NaN,
    annualVolatility: sd * Math.sqrt(barsPerYear),
    sharpe: sd > 0 ? (mean / sd) * Math.sqrt(barsPerYear) : NaN,
    maxDrawdown,
    averageTurnover: tradedBars > 0 ? turnoverSum / tradedBars : 0,
    annualTurnover: days > 0 ? (turnoverSum * barsPerYear) / days : 0,
    totalCost: costSum / initialNav,
    barsPerYear,
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
  if (metric === 'sharpe') return 'daily net returns have zero variance';
  return 'not defined for these daily rows';
}
