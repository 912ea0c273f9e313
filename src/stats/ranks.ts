/** The finite entries of `x`, sorted ascending (plain loops: typed-array callbacks are slow in hot paths). */
export function finiteSorted(x: Float64Array): Float64Array {
  let count = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) count++;
  const out = new Float64Array(count);
  for (let i = 0, j = 0; i < x.length; i++) if (Number.isFinite(x[i])) out[j++] = x[i];
  return out.sort();
}


/** Zero-based ranks of the finite entries, ties at their average rank; `NaN` elsewhere. */
export function averageRanks(x: Float64Array): Float64Array {
  // A native numeric sort; each value's first position by binary search, and
  // the end of its run of ties from one backward pass over the sorted values.
  const sorted = finiteSorted(x);
  const runEnd = new Int32Array(sorted.length);
  for (let j = sorted.length - 1; j >= 0; j--) runEnd[j] = j + 1 < sorted.length && sorted[j + 1] === sorted[j] ? runEnd[j + 1] : j + 1;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      out[i] = NaN;
      continue;
    }
    const first = lowerBound(sorted, x[i]);
    out[i] = (first + runEnd[first] - 1) / 2;
  }
  return out;
}

function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

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
