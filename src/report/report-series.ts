/** The time series a report draws, computed here (not in the browser) so they can be tested. */

/** Growth of 1 from per-bar returns: `equity[t] = Π_{s≤t} (1 + r_s)`. */
export function equityCurve(returns: readonly number[]): number[] {
  let nav = 1;
  return returns.map((r) => (nav *= 1 + r));
}

/** Drawdown from the running peak of an equity curve (peak starting at 1), as a negative fraction: `e_t / max(1, e_0..e_t) − 1`. */
export function drawdownCurve(equity: readonly number[]): number[] {
  let peak = 1;
  return equity.map((e) => {
    peak = Math.max(peak, e);
    return e / peak - 1;
  });
}

/** Below this per-bar sd a window is constant up to rounding, and its Sharpe ratio undefined. */
const SD_FLOOR = 1e-12;

export interface RollingStats {
  /** Annualised Sharpe ratio of the trailing window, `mean / sd · √barsPerYear` (sample sd); null until the window is full or when the window is constant (sd below 1e-12). */
  readonly sharpe: Array<number | null>;
  /** Annualised volatility of the trailing window, `sd · √barsPerYear`. */
  readonly volatility: Array<number | null>;
}

/**
 * Trailing-window Sharpe ratio and volatility, each window computed in two
 * passes (mean, then squared deviations): O(T·window), a few hundred thousand
 * operations for ten years of daily bars, and no cancellation error when a
 * large return leaves the window (running sums would leave a spurious
 * near-zero sd and a huge Sharpe ratio behind it).
 * @param windowBars bars per window, at least 2
 */
export function rollingStats(returns: readonly number[], windowBars: number, barsPerYear: number): RollingStats {
  if (!(Number.isInteger(windowBars) && windowBars >= 2)) throw new RangeError(`rollingStats: windowBars must be an integer >= 2 (got ${windowBars})`);
  const sharpe: Array<number | null> = [];
  const volatility: Array<number | null> = [];
  const scale = Math.sqrt(barsPerYear);
  for (let t = 0; t < returns.length; t++) {
    if (t < windowBars - 1) {
      sharpe.push(null);
      volatility.push(null);
      continue;
    }
    let sum = 0;
    for (let s = t - windowBars + 1; s <= t; s++) sum += returns[s];
    const mean = sum / windowBars;
    let squares = 0;
    for (let s = t - windowBars + 1; s <= t; s++) squares += (returns[s] - mean) ** 2;
    const sd = Math.sqrt(squares / (windowBars - 1));
    volatility.push(sd * scale);
    sharpe.push(sd > SD_FLOOR ? (mean / sd) * scale : null);
  }
  return { sharpe, volatility };
}

export interface HistogramBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/**
 * Equal-width histogram over [min, max] of the finite values; the last bin is
 * closed on the right so every value is counted once.
 */
export function histogram(values: readonly number[], bins: number): HistogramBin[] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [];
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const width = max > min ? (max - min) / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of finite) counts[Math.min(bins - 1, Math.floor((v - min) / width))]++;
  return counts.map((count, b) => ({ from: min + b * width, to: min + (b + 1) * width, count }));
}

/** The worst compounded return over any `bars` consecutive bars, and where it is. */
export function worstWindow(dates: readonly string[], returns: readonly number[], bars: number): { readonly start: string; readonly end: string; readonly value: number } | undefined {
  let worst: { start: string; end: string; value: number } | undefined;
  for (let from = 0; from + bars <= returns.length; from++) {
    let g = 1;
    for (let t = from; t < from + bars; t++) g *= 1 + returns[t];
    if (worst === undefined || g - 1 < worst.value) worst = { start: dates[from], end: dates[from + bars - 1], value: g - 1 };
  }
  return worst;
}
