/**
 * Cross-sectional standardisation. Each function returns a new vector, leaves
 * `NaN` entries as `NaN`, and ignores them when computing statistics.
 */

/**
 * Clip values to the `fraction` and `1 - fraction` empirical quantiles (linear
 * interpolation between order statistics) of the finite entries.
 * @example winsorize(Float64Array.of(1, 2, 3, 100), 0.25) // [1.75, 2, 3, 27.25]
 */
export function winsorize(x: Float64Array, fraction: number): Float64Array {
  if (!(fraction >= 0 && fraction < 0.5)) throw new RangeError(`winsorize: fraction (${fraction}) must be in [0, 0.5)`);
  const finite = Float64Array.from(x.filter((v) => Number.isFinite(v))).sort();
  if (finite.length === 0) return x.slice();
  const lo = quantileSorted(finite, fraction);
  const hi = quantileSorted(finite, 1 - fraction);
  return x.map((v) => (Number.isNaN(v) ? v : Math.min(hi, Math.max(lo, v))));
}

/** Quantile `q` of sorted values, interpolating linearly (type 7, as R's default). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Subtract the mean and divide by the sample standard deviation of the finite
 * entries. A constant vector (zero deviation) maps to zeros.
 * @example zScore(Float64Array.of(1, 2, 3)) // [-1, 0, 1]
 */
export function zScore(x: Float64Array): Float64Array {
  let n = 0;
  let sum = 0;
  for (const v of x) if (Number.isFinite(v)) { sum += v; n++; }
  if (n === 0) return x.slice();
  const mean = sum / n;
  let ss = 0;
  for (const v of x) if (Number.isFinite(v)) ss += (v - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  return x.map((v) => (Number.isNaN(v) ? v : sd > 0 ? (v - mean) / sd : 0));
}
