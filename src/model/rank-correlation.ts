import { averageRanks } from '../factors/standardize.js';

/**
 * Spearman rank correlation of `x` and `y` over the entries where both are
 * finite (ties at their average rank): the information coefficient of a
 * factor against returns. `NaN` with fewer than 3 pairs or a constant side.
 */
export function rankCorrelation(x: Float64Array, y: Float64Array): number {
  let pairs = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) pairs++;
  if (pairs < 3) return NaN;
  const xs = new Float64Array(pairs);
  const ys = new Float64Array(pairs);
  for (let i = 0, j = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    xs[j] = x[i];
    ys[j++] = y[i];
  }
  return pearson(averageRanks(xs), averageRanks(ys));
}

/** Pearson correlation of two equal-length vectors (`NaN` when either is constant). */
export function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}
