/**
 * Newey-West (1987) heteroskedasticity- and autocorrelation-consistent
 * inference, with Bartlett weights `1 − l/(L+1)`.
 */

/**
 * Default lag: `floor(4 (T/100)^(2/9))` (Newey and West 1994's rule of thumb),
 * raised to `horizonBars − 1` when the series are overlapping `horizonBars`-bar
 * returns, whose autocorrelation reaches that far by construction.
 */
export function defaultNeweyWestLags(observations: number, horizonBars = 1): number {
  return Math.max(horizonBars - 1, Math.floor(4 * (observations / 100) ** (2 / 9)));
}

export interface MeanTest {
  readonly mean: number;
  /** Newey-West standard error of the mean. */
  readonly standardError: number;
  readonly tStat: number;
  readonly observations: number;
  readonly lags: number;
}

/**
 * Mean of the finite values of `x` with its Newey-West standard error:
 * `S = γ₀ + 2 Σₗ (1 − l/(L+1)) γₗ` with autocovariances `γₗ` divided by T,
 * `se = √(S/T)`. Missing values are dropped before lagging.
 * @example neweyWestMean(Float64Array.of(1, 2, 3, 4), 1) // mean 2.5, se 0.625, t 4
 */
export function neweyWestMean(x: Float64Array, lags: number): MeanTest {
  const values = x.filter((v) => Number.isFinite(v));
  const T = values.length;
  if (!(Number.isInteger(lags) && lags >= 0)) throw new RangeError(`neweyWestMean: lags (${lags}) must be a non-negative integer`);
  if (T < 2) return { mean: T === 1 ? values[0] : NaN, standardError: NaN, tStat: NaN, observations: T, lags };
  let mean = 0;
  for (const v of values) mean += v;
  mean /= T;
  const L = Math.min(lags, T - 1);
  let s = 0;
  for (let l = 0; l <= L; l++) {
    let gamma = 0;
    for (let t = l; t < T; t++) gamma += (values[t] - mean) * (values[t - l] - mean);
    gamma /= T;
    s += l === 0 ? gamma : 2 * (1 - l / (L + 1)) * gamma;
  }
  const standardError = Math.sqrt(Math.max(0, s) / T);
  return { mean, standardError, tStat: standardError > 0 ? mean / standardError : NaN, observations: T, lags: L };
}
