import { quantileSorted } from '../stats/quantile.js';
import { averageRanks, finiteSorted } from '../stats/ranks.js';

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
  const finite = finiteSorted(x);
  if (finite.length === 0) return x.slice();
  const lo = quantileSorted(finite, fraction);
  const hi = quantileSorted(finite, 1 - fraction);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Number.isNaN(x[i]) ? x[i] : Math.min(hi, Math.max(lo, x[i]));
  return out;
}

/**
 * Clip values to `median ± nMad × 1.4826 × MAD` of the finite entries (the MAD
 * scaled to estimate a normal standard deviation): a winsorisation that one
 * wild value cannot move.
 * @example winsorizeMad(Float64Array.of(1, 2, 3, 4, 100), 3) // [1, 2, 3, 4, 7.4478]
 */
export function winsorizeMad(x: Float64Array, nMad: number): Float64Array {
  if (!(nMad > 0)) throw new RangeError(`winsorizeMad: nMad (${nMad}) must be positive`);
  const finite = finiteSorted(x);
  if (finite.length === 0) return x.slice();
  const median = quantileSorted(finite, 0.5);
  const deviations = finite.map((v) => Math.abs(v - median)).sort();
  const reach = nMad * 1.4826 * quantileSorted(deviations, 0.5);
  return x.map((v) => (Number.isNaN(v) ? v : Math.min(median + reach, Math.max(median - reach, v))));
}

export interface ZScoreOptions {
  /**
   * Weights for the mean (e.g. market caps, as Barra does, so the cap-weighted
   * market has zero exposure). The spread is always the equal-weighted standard
   * deviation. Entries with a non-positive or missing weight are left out of the mean.
   */
  readonly weights?: Float64Array;
}

/**
 * Subtract the (optionally weighted) mean and divide by the sample standard
 * deviation of the finite entries. A constant vector maps to zeros.
 * @example zScore(Float64Array.of(1, 2, 3)) // [-1, 0, 1]
 */
export function zScore(x: Float64Array, options: ZScoreOptions = {}): Float64Array {
  const { weights } = options;
  if (weights !== undefined && weights.length !== x.length) throw new RangeError(`zScore: weights has ${weights.length} entries, x has ${x.length}`);
  let n = 0;
  let sum = 0;
  let wSum = 0;
  let wxSum = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) continue;
    sum += v;
    n++;
    const w = weights === undefined ? 1 : weights[i];
    if (w > 0) {
      wSum += w;
      wxSum += w * v;
    }
  }
  if (n === 0) return x.slice();
  const plainMean = sum / n;
  let ss = 0;
  for (const v of x) if (Number.isFinite(v)) ss += (v - plainMean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const center = wSum > 0 ? wxSum / wSum : plainMean;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Number.isNaN(x[i]) ? x[i] : sd > 0 ? (x[i] - center) / sd : 0;
  return out;
}

/**
 * Cross-sectional ranks scaled to [0, 1] (ties share their mean rank); a single
 * finite entry maps to 0.5.
 * @example rank(Float64Array.of(10, NaN, 30, 20, 20)) // [0, NaN, 1, 0.5, 0.5]
 */
export function rank(x: Float64Array): Float64Array {
  const ranks = averageRanks(x);
  let count = 0;
  for (const v of x) if (Number.isFinite(v)) count++;
  return ranks.map((r) => (Number.isNaN(r) ? r : count > 1 ? r / (count - 1) : 0.5));
}
