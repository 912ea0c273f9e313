/**
 * Kernels shared by the rolling factors. Each reads a date-major window
 * (`bars × n`, as `History.window` returns it) one asset column at a time and
 * skips `NaN` entries.
 */

/**
 * Apply `stat` to the finite values of each asset's column; `NaN` for an asset
 * with fewer than `minValid` of them.
 * @param window date-major `bars × n`
 * @param stat receives a scratch buffer holding the asset's `count` finite values in date order
 */
export function perAsset(window: Float64Array, n: number, minValid: number, stat: (values: Float64Array, count: number) => number): Float64Array {
  const bars = window.length / n;
  const values = new Float64Array(bars);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let s = 0; s < bars; s++) {
      const v = window[s * n + i];
      if (!Number.isNaN(v)) values[count++] = v;
    }
    out[i] = count >= minValid ? stat(values, count) : NaN;
  }
  return out;
}

/**
 * Each asset's compounded return `Π(1 + rₛ) − 1` over its finite entries of a
 * date-major window, in date order, in one date-major pass (contiguous reads,
 * where a per-asset loop would stride across the window); `NaN` for an asset
 * with fewer than `minValid` finite entries.
 */
export function compoundEach(window: Float64Array, n: number, minValid: number): Float64Array {
  const bars = window.length / n;
  const growth = new Float64Array(n).fill(1);
  const count = new Int32Array(n);
  for (let s = 0; s < bars; s++) {
    const row = s * n;
    for (let i = 0; i < n; i++) {
      const r = window[row + i];
      if (r !== r) continue;
      growth[i] *= 1 + r;
      count[i]++;
    }
  }
  for (let i = 0; i < n; i++) growth[i] = count[i] >= minValid ? growth[i] - 1 : NaN;
  return growth;
}

/** Least-squares fit of `y = alpha + beta·x` (`NaN` slope when `x` has no variance). */
export interface LineFit {
  readonly alpha: number;
  readonly beta: number;
  /** Residual variance with `count − 2` degrees of freedom. */
  readonly residualVariance: number;
  readonly count: number;
}

/**
 * Regress each asset's column on the common regressor `x` (one value per bar)
 * over the bars where both exist and `include(x)` holds (asked once per bar);
 * `NaN` fields for an asset with fewer than `minValid` pairs. The sums run in
 * one date-major pass (contiguous reads), each asset's in date order.
 */
export function regressEachOn(
  window: Float64Array,
  n: number,
  x: Float64Array,
  minValid: number,
  include: (xValue: number) => boolean = () => true,
): LineFit[] {
  const bars = x.length;
  const usable = new Uint8Array(bars);
  for (let s = 0; s < bars; s++) usable[s] = !Number.isNaN(x[s]) && include(x[s]) ? 1 : 0;
  const count = new Int32Array(n);
  const sx = new Float64Array(n);
  const sy = new Float64Array(n);
  const sxx = new Float64Array(n);
  const sxy = new Float64Array(n);
  const syy = new Float64Array(n);
  accumulateLineSums(window, n, x, usable, count, sx, sy, sxx, sxy, syy);
  const fits: LineFit[] = [];
  for (let i = 0; i < n; i++) {
    const c = count[i];
    const cxx = sxx[i] - (sx[i] * sx[i]) / c;
    if (c < Math.max(minValid, 3) || !(cxx > 0)) {
      fits.push({ alpha: NaN, beta: NaN, residualVariance: NaN, count: c });
      continue;
    }
    const cxy = sxy[i] - (sx[i] * sy[i]) / c;
    const cyy = syy[i] - (sy[i] * sy[i]) / c;
    const beta = cxy / cxx;
    fits.push({ alpha: (sy[i] - beta * sx[i]) / c, beta, residualVariance: Math.max(0, cyy - beta * cxy) / (c - 2), count: c });
  }
  return fits;
}

/** The sums of `regressEachOn`, bar by bar over the usable bars, asset by asset within a bar. */
function accumulateLineSums(window: Float64Array, n: number, x: Float64Array, usable: Uint8Array, count: Int32Array, sx: Float64Array, sy: Float64Array, sxx: Float64Array, sxy: Float64Array, syy: Float64Array): void {
  for (let s = 0; s < usable.length; s++) {
    if (!usable[s]) continue;
    const xv = x[s];
    const xx = xv * xv;
    const row = s * n;
    for (let i = 0; i < n; i++) {
      const y = window[row + i];
      if (y !== y) continue;
      count[i]++;
      sx[i] += xv;
      sy[i] += y;
      sxx[i] += xx;
      sxy[i] += xv * y;
      syy[i] += y * y;
    }
  }
}

/** Reject a window length that is not an integer of at least `min`. */
export function checkLookback(factorName: string, lookbackDays: number, min: number): void {
  if (!(Number.isInteger(lookbackDays) && lookbackDays >= min)) {
    throw new RangeError(`${factorName}: lookbackDays (${lookbackDays}) must be an integer >= ${min}`);
  }
}

/** Throw a clear error when the data lacks a column the factor reads. */
export function requireField(factorName: string, history: { hasField(name: string): boolean }, field: string): void {
  if (!history.hasField(field)) throw new RangeError(`${factorName} needs a '${field}' column in the data`);
}
