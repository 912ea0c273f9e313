import type { LinearProgram } from './linear-program.js';

export interface OptimalityCertificate {
  /** Objective of the primal answer, `c'x`. */
  readonly primal: number;
  /** Objective of the dual answer, built from the duals and the bounds they price. */
  readonly dual: number;
  /** Largest |cⱼ − (A'y)ⱼ − zⱼ|: how far the duals are from stationarity. */
  readonly stationarity: number;
  /** Largest |dual| that prices an infinite bound (a dual that cannot be feasible). */
  readonly unboundedDual: number;
}

/**
 * Check an LP answer with its duals instead of trusting the solver: the duals
 * must satisfy stationarity `c = A'y + z`, every non-zero dual must price a
 * finite bound (for a maximisation a positive dual prices the upper bound, a
 * negative one the lower; the reverse for a minimisation), and then by weak
 * duality `|c'x − dual objective|` bounds how far `x` is from optimal.
 */
export function certifyOptimality(lp: LinearProgram, x: Float64Array, rowDual: Float64Array, colDual: Float64Array): OptimalityCertificate {
  const m = lp.rowLower.length;
  const n = lp.colCost.length;
  const residual = Float64Array.from(lp.colCost);
  for (let r = 0; r < m; r++) {
    for (let k = lp.rowStarts[r]; k < lp.rowStarts[r + 1]; k++) residual[lp.colIndex[k]] -= lp.values[k] * rowDual[r];
  }
  let stationarity = 0;
  let primal = 0;
  for (let j = 0; j < n; j++) {
    stationarity = Math.max(stationarity, Math.abs(residual[j] - colDual[j]));
    primal += lp.colCost[j] * x[j];
  }
  const priced = { dual: 0, unboundedDual: 0 };
  priceBounds(rowDual, lp.rowLower, lp.rowUpper, lp.sense === 'max', priced);
  priceBounds(colDual, lp.colLower, lp.colUpper, lp.sense === 'max', priced);
  return { primal, stationarity, ...priced };
}

/**
 * Add `dᵢ · (the bound dᵢ prices)` to `into.dual` (for a maximisation a
 * positive dual prices the upper bound, a negative one the lower; the reverse
 * for a minimisation), and keep in `into.unboundedDual` the largest |dᵢ| that
 * prices an infinite bound.
 */
function priceBounds(duals: Float64Array, lower: Float64Array, upper: Float64Array, upperIsPositive: boolean, into: { dual: number; unboundedDual: number }): void {
  let { dual, unboundedDual } = into;
  for (let i = 0; i < duals.length; i++) {
    const d = duals[i];
    if (d === 0) continue;
    const bound = d > 0 === upperIsPositive ? upper[i] : lower[i];
    if (Number.isFinite(bound)) dual += d * bound;
    else unboundedDual = Math.max(unboundedDual, Math.abs(d));
  }
  into.dual = dual;
  into.unboundedDual = unboundedDual;
}
