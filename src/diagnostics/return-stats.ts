import { quantileSorted } from '../stats/quantile.js';
import { normalQuantile } from '../stats/normal.js';

/** Distribution and path statistics of a run's per-bar net returns. */
export interface ReturnStats {
  /** Mean over downside deviation √(Σ min(r, 0)² / T), annualised. */
  readonly sortino: number;
  /** Annualised return over maximum drawdown. */
  readonly calmar: number;
  /** Longest stretch, in bars, from a NAV peak to the bar it was regained (or the end). */
  readonly maxDrawdownBars: number;
  /** Share of bars with a positive return (bars with a zero return are left out). */
  readonly hitRate: number;
  readonly skewness: number;
  /** Excess kurtosis (0 for a normal distribution). */
  readonly excessKurtosis: number;
  /** One-bar 95% value at risk and expected shortfall, as positive losses. */
  readonly var95: number;
  readonly expectedShortfall95: number;
  /** Cornish-Fisher 95% VaR: the normal quantile corrected for skewness and kurtosis. */
  readonly cornishFisherVar95: number;
}

/**
 * Statistics of per-bar returns. Historical VaR is the loss at the 5% empirical
 * quantile (type 7 interpolation), expected shortfall the mean of the returns at
 * or below it; Cornish-Fisher VaR uses
 * `z = q + (q² − 1)S/6 + (q³ − 3q)K/24 − (2q³ − 5q)S²/36`, q = Φ⁻¹(0.05), S the
 * skewness and K the excess kurtosis, so fat tails raise it above the normal VaR.
 */
export function returnStats(returns: readonly number[], barsPerYear: number, annualReturn: number, maxDrawdown: number): ReturnStats {
  const n = returns.length;
  // Moments in the `d ** k` form every stored summary was computed with: `centralMoments`, the
  // factors' and the Sharpe tests' kernel, rounds m3 differently in the last bit (2.9e-16 relative).
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let downside = 0;
  for (const r of returns) {
    const d = r - mean;
    m2 += d * d;
    m3 += d ** 3;
    m4 += d ** 4;
    downside += Math.min(r, 0) ** 2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const sd = Math.sqrt((m2 * n) / (n - 1));
  const skewness = m2 > 0 ? m3 / m2 ** 1.5 : NaN;
  const excessKurtosis = m2 > 0 ? m4 / (m2 * m2) - 3 : NaN;
  const downsideDeviation = Math.sqrt(downside / n);
  const sorted = Float64Array.from(returns).sort();
  const q05 = quantileSorted(sorted, 0.05);
  const tail = sorted.filter((r) => r <= q05);
  const q = normalQuantile(0.05);
  const z = q + ((q * q - 1) * skewness) / 6 + ((q ** 3 - 3 * q) * excessKurtosis) / 24 - ((2 * q ** 3 - 5 * q) * skewness * skewness) / 36;
  let nav = 1;
  let peak = 1;
  let peakAt = -1;
  let longest = 0;
  returns.forEach((r, t) => {
    nav *= 1 + r;
    if (nav >= peak) {
      peak = nav;
      peakAt = t;
    } else longest = Math.max(longest, t - peakAt);
  });
  const moved = returns.filter((r) => r !== 0);
  return {
    sortino: downsideDeviation > 0 ? (mean / downsideDeviation) * Math.sqrt(barsPerYear) : NaN,
    calmar: maxDrawdown > 0 ? annualReturn / maxDrawdown : NaN,
    maxDrawdownBars: longest,
    hitRate: moved.length > 0 ? moved.filter((r) => r > 0).length / moved.length : NaN,
    skewness,
    excessKurtosis,
    var95: -q05,
    expectedShortfall95: -tail.reduce((a, b) => a + b, 0) / tail.length,
    cornishFisherVar95: -(mean + z * sd),
  };
}

/** Compounded return per calendar year (`yyyy` from each bar's date). */
export function returnsByYear(dates: readonly string[], returns: readonly number[]): Array<{ year: string; return: number; bars: number }> {
  const out: Array<{ year: string; return: number; bars: number }> = [];
  dates.forEach((d, t) => {
    const year = d.slice(0, 4);
    const last = out[out.length - 1];
    if (last === undefined || last.year !== year) out.push({ year, return: returns[t], bars: 1 });
    else {
      last.return = (1 + last.return) * (1 + returns[t]) - 1;
      last.bars++;
    }
  });
  return out;
}
