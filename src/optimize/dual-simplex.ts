import type { LinearProgram, LpSolution, LpSolver } from './linear-program.js';

/**
 * A bounded dual simplex for LPs with few rows and many bounded columns: the
 * trade-space portfolio LP (a handful of portfolio-wide rows, a few columns
 * per asset, each between two finite bounds). There every column can start
 * at the bound its cost favours, which is dual feasible with the all-slack
 * basis, so no phase 1 is needed; the basis is m × m and kept as an explicit
 * inverse. Each iteration prices the pivot row over A's columns (CSC, built
 * once per solve) and takes a long step through the breakpoints of the dual ratio test,
 * flipping boxed columns between their bounds (the bound-flipping ratio test),
 * so one iteration can move hundreds of columns.
 *
 * It is a fast path, not a general solver: an LP whose columns cannot start
 * dual feasible (a favourable cost on an infinite bound), a singular basis,
 * an iteration limit or duals that drift beyond tolerance come back `failed`,
 * for the next backend. So does an LP that looks infeasible: the verdict,
 * and the diagnosis of which limits conflict, are left to the next backend
 * (HiGHS). Its answers carry duals, so `optimizePortfolio` certifies each one
 * (duality gap and stationarity) before using it.
 *
 * Reference: A. Koberstein, "The dual simplex method, techniques for a fast
 * and stable implementation", PhD thesis, Paderborn 2005 (the bounded dual
 * simplex and its bound-flipping ratio test).
 */
export function solveDualSimplex(lp: LinearProgram, options: DualSimplexOptions = {}): LpSolution {
  const started = performance.now();
  const outcome = new DualSimplex(lp, options.maxIterations).solve();
  return { ...outcome, solveMs: performance.now() - started };
}

export interface DualSimplexOptions {
  /** Iterations before giving up (default 1,000 + 20 per row). */
  readonly maxIterations?: number;
}

/** The dual simplex as an `LpSolver` (name `dual-simplex`); put HiGHS after it for the LPs it declines. */
export function createDualSimplexSolver(options: DualSimplexOptions = {}): LpSolver {
  return { name: 'dual-simplex', solve: (lp) => Promise.resolve(solveDualSimplex(lp, options)) };
}

/** A basic variable this far outside a bound (relative to 1 + |bound|) is infeasible. */
const PRIMAL_TOLERANCE = 1e-10;
/** A reduced cost this far on the wrong side of zero is a dual infeasibility. */
const DUAL_TOLERANCE = 1e-9;
/** Smallest |pivot-row entry| a column may enter with. */
const PIVOT_TOLERANCE = 1e-9;
/** Iterations between fresh computations of the basis inverse, basic values and duals. */
const REFACTOR_EVERY = 32;

const BASIC = 0;
const AT_LOWER = 1;
const AT_UPPER = 2;

/** Breakpoints left for the final sorted walk of the ratio test. */
const SMALL_GROUP = 16;

type Outcome = Omit<LpSolution, 'solveMs'>;

class DualSimplex {
  readonly #lp: LinearProgram;
  readonly #m: number;
  readonly #n: number;
  /** Maximisation costs of the n columns, then 0 for the m row activities. */
  readonly #cost: Float64Array;
  readonly #lower: Float64Array;
  readonly #upper: Float64Array;
  /** A's columns (CSC), for the entering column and bound flips; `lp` holds its rows, for pricing. */
  readonly #colStarts: Int32Array;
  readonly #colRows: Int32Array;
  readonly #colValues: Float64Array;
  readonly #status: Uint8Array;
  readonly #value: Float64Array;
  readonly #reduced: Float64Array;
  readonly #basis: Int32Array;
  /** Row-major m × m inverse of the basis matrix (columns of [A, −I]). */
  readonly #inverse: Float64Array;
  readonly #dual: Float64Array;
  readonly #maxIterations: number;
  readonly #sign: number;

  constructor(lp: LinearProgram, maxIterations: number | undefined) {
    const m = lp.rowLower.length;
    const n = lp.colCost.length;
    this.#lp = lp;
    this.#m = m;
    this.#n = n;
    this.#sign = lp.sense === 'max' ? 1 : -1;
    this.#maxIterations = maxIterations ?? 1000 + 20 * m;
    this.#cost = new Float64Array(n + m);
    this.#lower = new Float64Array(n + m);
    this.#upper = new Float64Array(n + m);
    for (let j = 0; j < n; j++) {
      this.#cost[j] = this.#sign * lp.colCost[j];
      this.#lower[j] = lp.colLower[j];
      this.#upper[j] = lp.colUpper[j];
    }
    this.#lower.set(lp.rowLower, n);
    this.#upper.set(lp.rowUpper, n);
    this.#colStarts = new Int32Array(n + 1);
    this.#colRows = new Int32Array(lp.values.length);
    this.#colValues = new Float64Array(lp.values.length);
    transpose(lp.rowStarts, lp.colIndex, lp.values, m, this.#colStarts, this.#colRows, this.#colValues);
    this.#status = new Uint8Array(n + m);
    this.#value = new Float64Array(n + m);
    this.#reduced = new Float64Array(n + m);
    this.#basis = new Int32Array(m);
    this.#inverse = new Float64Array(m * m);
    this.#dual = new Float64Array(m);
  }

  solve(): Outcome {
    const m = this.#m;
    const n = this.#n;
    // Every column at the bound its cost favours, the row activities basic: dual feasible with y = 0.
    for (let j = 0; j < n; j++) {
      const c = this.#cost[j];
      const atUpper = c > 0 || (c === 0 && !Number.isFinite(this.#lower[j]));
      const bound = atUpper ? this.#upper[j] : this.#lower[j];
      if (!Number.isFinite(bound)) return declined(`column ${j} has no finite bound on the side its cost favours, so the all-slack start is not dual feasible`);
      this.#status[j] = atUpper ? AT_UPPER : AT_LOWER;
      this.#value[j] = bound;
    }
    for (let r = 0; r < m; r++) {
      this.#basis[r] = n + r;
      this.#status[n + r] = BASIC;
    }
    if (!this.#refactor()) return declined('the starting basis is singular');
    const alpha = new Float64Array(n + m);
    const pivotRow = new Float64Array(m);
    const column = new Float64Array(m);
    const flips = new Float64Array(m);
    const candidates = new Int32Array(n + m);
    const keys = new Float64Array(n + m);
    const drops = new Float64Array(n + m);
    for (let iteration = 0; iteration < this.#maxIterations; iteration++) {
      if (iteration > 0 && iteration % REFACTOR_EVERY === 0 && !this.#refactor()) return declined('the basis became singular');
      let r = this.#leavingRow();
      if (r < 0) {
        // Optimal for the running values: confirm with fresh ones.
        if (!this.#refactor()) return declined('the basis became singular');
        r = this.#leavingRow();
        if (r < 0) return { ...this.#finish(), iterations: iteration };
      }
      const p = this.#basis[r];
      const toLower = this.#value[p] < this.#lower[p];
      const slope = toLower ? this.#lower[p] - this.#value[p] : this.#value[p] - this.#upper[p];
      // Pivot row: ρ = e_r' B⁻¹; α_k = ρ'M_k (ρ'A_j for a column of A, −ρ_i for row i's activity).
      for (let i = 0; i < m; i++) pivotRow[i] = this.#inverse[r * m + i];
      this.#price(pivotRow, alpha);
      // α̃ = −s·α (s = +1 when p leaves at its lower bound): the dual step is d ← d + θ·α̃.
      const s = toLower ? 1 : -1;
      const count = collectBreakpoints(this.#status, this.#lower, this.#upper, this.#reduced, alpha, s, keys, drops, candidates);
      if (count === 0) return { ...declined('the LP looks infeasible (no column can enter for a violated row); left to the next backend to confirm'), iterations: iteration };
      // Bound-flipping ratio test: pass breakpoints while the dual objective still improves.
      const at = passBreakpoints(keys, drops, candidates, count, slope);
      if (at < 0) return { ...declined('the LP looks infeasible (every breakpoint of a violated row passed); left to the next backend to confirm'), iterations: iteration };
      // Among the breakpoints tied with the stopping one, enter the column with the largest pivot.
      let q = candidates[at];
      const limit = keys[at] * (1 + 1e-9) + 1e-12;
      for (let e = at + 1; e < count && keys[e] <= limit; e++) if (Math.abs(alpha[candidates[e]]) > Math.abs(alpha[q])) q = candidates[e];
      const aq = -s * alpha[q];
      const dq = this.#reduced[q];
      const thetaD = this.#status[q] === AT_LOWER ? Math.max(0, -dq) / aq : Math.max(0, dq) / -aq;
      dualStep(this.#status, this.#reduced, alpha, s * thetaD);
      this.#reduced[q] = 0;
      this.#reduced[p] = -s * thetaD;
      for (let i = 0; i < m; i++) this.#dual[i] += s * thetaD * pivotRow[i];
      // Flip the passed columns (positions before `at`) to their other bound, and move the basic values with them.
      if (at > 0) {
        flips.fill(0);
        for (let c = 0; c < at; c++) {
          const k = candidates[c];
          const toUpper = this.#status[k] === AT_LOWER;
          this.#addColumn(k, toUpper ? this.#upper[k] - this.#lower[k] : this.#lower[k] - this.#upper[k], flips);
          this.#status[k] = toUpper ? AT_UPPER : AT_LOWER;
          this.#value[k] = toUpper ? this.#upper[k] : this.#lower[k];
        }
        this.#moveBasics(flips);
      }
      // Primal step: q enters, p leaves at the bound it violated.
      this.#ftran(q, column);
      const pivot = column[r];
      if (Math.abs(pivot) < PIVOT_TOLERANCE) return declined('a pivot became too small');
      const bound = toLower ? this.#lower[p] : this.#upper[p];
      const step = (this.#value[p] - bound) / pivot;
      for (let i = 0; i < m; i++) this.#value[this.#basis[i]] -= step * column[i];
      this.#value[q] += step;
      this.#value[p] = bound;
      this.#status[p] = toLower ? AT_LOWER : AT_UPPER;
      this.#status[q] = BASIC;
      this.#basis[r] = q;
      this.#updateInverse(r, column);
    }
    return declined(`no optimum within ${this.#maxIterations} iterations`);
  }

  /** The basic variable furthest outside its bounds (its basis position), or −1. */
  #leavingRow(): number {
    let best = -1;
    let worst = 0;
    for (let i = 0; i < this.#m; i++) {
      const v = this.#basis[i];
      const z = this.#value[v];
      const below = this.#lower[v] - z;
      const above = z - this.#upper[v];
      const excess = below > 0 ? below / (1 + Math.abs(this.#lower[v])) : above > 0 ? above / (1 + Math.abs(this.#upper[v])) : 0;
      if (excess > PRIMAL_TOLERANCE && excess > worst) {
        worst = excess;
        best = i;
      }
    }
    return best;
  }

  /** `out[k] = ρ'M_k` for every column of [A, −I]. */
  #price(rho: Float64Array, out: Float64Array): void {
    priceColumns(this.#colStarts, this.#colRows, this.#colValues, this.#n, rho, out);
  }

  /** `out = M v` for `v` over the n columns and m row activities (`M = [A, −I]`). */
  #times(v: Float64Array, out: Float64Array): void {
    const lp = this.#lp;
    multiplyRows(lp.rowStarts, lp.colIndex, lp.values, this.#m, this.#n, v, out);
  }

  /** `out += delta · M_k`. */
  #addColumn(k: number, delta: number, out: Float64Array): void {
    if (k >= this.#n) {
      out[k - this.#n] -= delta;
      return;
    }
    const end = this.#colStarts[k + 1];
    for (let e = this.#colStarts[k]; e < end; e++) out[this.#colRows[e]] += delta * this.#colValues[e];
  }

  /** Basic values after nonbasic values change by `change` (a sum of `delta · M_k`): `z_B −= B⁻¹ change`. */
  #moveBasics(change: Float64Array): void {
    const m = this.#m;
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += this.#inverse[i * m + j] * change[j];
      this.#value[this.#basis[i]] -= s;
    }
  }

  /** `out = B⁻¹ M_k`. */
  #ftran(k: number, out: Float64Array): void {
    const m = this.#m;
    const column = new Float64Array(m);
    this.#addColumn(k, 1, column);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += this.#inverse[i * m + j] * column[j];
      out[i] = s;
    }
  }

  /** Replace basis position `r` by the column whose FTRAN is `column` (product-form update of the explicit inverse). */
  #updateInverse(r: number, column: Float64Array): void {
    const m = this.#m;
    const inv = this.#inverse;
    const pivot = column[r];
    for (let j = 0; j < m; j++) inv[r * m + j] /= pivot;
    for (let i = 0; i < m; i++) {
      if (i === r || column[i] === 0) continue;
      const f = column[i];
      for (let j = 0; j < m; j++) inv[i * m + j] -= f * inv[r * m + j];
    }
  }

  /**
   * Fresh basis inverse (Gauss-Jordan with partial pivoting), basic values
   * from the nonbasic ones, duals `y = B⁻ᵀc_B` and reduced costs `d = c − M'y`.
   * False when the basis is singular.
   */
  #refactor(): boolean {
    const m = this.#m;
    const n = this.#n;
    // B = M_basis: the slack columns directly, the columns of A in one pass over the rows.
    const work = new Float64Array(m * m);
    const position = new Int32Array(n).fill(-1);
    for (let c = 0; c < m; c++) {
      const k = this.#basis[c];
      if (k >= n) work[(k - n) * m + c] = -1;
      else position[k] = c;
    }
    gatherColumns(this.#lp.rowStarts, this.#lp.colIndex, this.#lp.values, m, position, work);
    const inv = this.#inverse;
    inv.fill(0);
    for (let i = 0; i < m; i++) inv[i * m + i] = 1;
    for (let c = 0; c < m; c++) {
      let pivotRow = c;
      for (let i = c + 1; i < m; i++) if (Math.abs(work[i * m + c]) > Math.abs(work[pivotRow * m + c])) pivotRow = i;
      const pivot = work[pivotRow * m + c];
      if (!(Math.abs(pivot) > 1e-12)) return false;
      if (pivotRow !== c) {
        for (let j = 0; j < m; j++) {
          [work[c * m + j], work[pivotRow * m + j]] = [work[pivotRow * m + j], work[c * m + j]];
          [inv[c * m + j], inv[pivotRow * m + j]] = [inv[pivotRow * m + j], inv[c * m + j]];
        }
      }
      for (let j = 0; j < m; j++) {
        work[c * m + j] /= pivot;
        inv[c * m + j] /= pivot;
      }
      for (let i = 0; i < m; i++) {
        const f = work[i * m + c];
        if (i === c || f === 0) continue;
        for (let j = 0; j < m; j++) {
          work[i * m + j] -= f * work[c * m + j];
          inv[i * m + j] -= f * inv[c * m + j];
        }
      }
    }
    // z_B = −B⁻¹ N z_N.
    const nonbasicValues = new Float64Array(n + m);
    for (let k = 0; k < n + m; k++) if (this.#status[k] !== BASIC) nonbasicValues[k] = this.#value[k];
    const nonbasic = new Float64Array(m);
    this.#times(nonbasicValues, nonbasic);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += inv[i * m + j] * nonbasic[j];
      this.#value[this.#basis[i]] = -s;
    }
    // y = B⁻ᵀ c_B; d = c − M'y (0 on the basic columns up to rounding, set exactly).
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += inv[i * m + j] * this.#cost[this.#basis[i]];
      this.#dual[j] = s;
    }
    this.#price(this.#dual, this.#reduced);
    for (let k = 0; k < n + m; k++) this.#reduced[k] = this.#status[k] === BASIC ? 0 : this.#cost[k] - this.#reduced[k];
    return true;
  }

  /** The answer, once fresh values are primal feasible: refuse it if fresh duals are not dual feasible. */
  #finish(): Outcome {
    const n = this.#n;
    const m = this.#m;
    for (let k = 0; k < n + m; k++) {
      const d = this.#reduced[k];
      const status = this.#status[k];
      if (status === BASIC || this.#lower[k] === this.#upper[k]) continue;
      if (status === AT_LOWER ? d > DUAL_TOLERANCE : d < -DUAL_TOLERANCE) return declined(`reduced cost ${d.toExponential(2)} of ${k < n ? `column ${k}` : `row ${k - n}`} is on the wrong side at the optimum`);
    }
    // Reduced costs within tolerance of the wrong side (of a column or row that is not fixed), and those of
    // basic ones, are rounding: make them 0, so that no dual prices an infinite bound.
    for (let k = 0; k < n + m; k++) {
      const d = this.#reduced[k];
      const status = this.#status[k];
      if (status === BASIC || (this.#lower[k] !== this.#upper[k] && (status === AT_LOWER ? d > 0 : d < 0))) this.#reduced[k] = 0;
    }
    for (let i = 0; i < m; i++) this.#dual[i] = this.#reduced[n + i];
    const x = this.#value.slice(0, n);
    let objective = 0;
    for (let j = 0; j < n; j++) objective += this.#lp.colCost[j] * x[j];
    const rowDual = new Float64Array(m);
    for (let i = 0; i < m; i++) rowDual[i] = this.#sign * this.#dual[i];
    const colDual = new Float64Array(n);
    for (let j = 0; j < n; j++) colDual[j] = this.#status[j] === BASIC ? 0 : this.#sign * this.#reduced[j];
    return { status: 'optimal', x, rowDual, colDual, objective };
  }
}

/** `out[k] = ρ'M_k`: `ρ'A_j` for the columns of A (one pass over the CSC) and `−ρᵢ` for row i's activity. */
function priceColumns(colStarts: Int32Array, colRows: Int32Array, colValues: Float64Array, n: number, rho: Float64Array, out: Float64Array): void {
  for (let j = 0, e = 0; j < n; j++) {
    const end = colStarts[j + 1];
    let sum = 0;
    for (; e < end; e++) sum += rho[colRows[e]] * colValues[e];
    out[j] = sum;
  }
  for (let i = 0; i < rho.length; i++) out[n + i] = -rho[i];
}

/**
 * The dual ratio test's breakpoints: nonbasic, non-fixed columns whose
 * reduced cost moves towards the wrong sign as the dual step grows (α̃ = −s·α
 * positive at a lower bound, negative at an upper one), each with the step
 * `θ = |d| / |α̃|` at which it reaches zero, and the drop in the dual
 * objective's slope when it is passed, `|α|·(u − l)` (infinite for a column
 * that cannot flip). Returns their count.
 */
function collectBreakpoints(status: Uint8Array, lower: Float64Array, upper: Float64Array, reduced: Float64Array, alpha: Float64Array, s: number, keys: Float64Array, drops: Float64Array, candidates: Int32Array): number {
  let count = 0;
  const total = status.length;
  for (let k = 0; k < total; k++) {
    const st = status[k];
    if (st === BASIC || lower[k] === upper[k]) continue;
    const a = -s * alpha[k];
    if (st === AT_LOWER ? a > PIVOT_TOLERANCE : a < -PIVOT_TOLERANCE) {
      const d = reduced[k];
      keys[count] = st === AT_LOWER ? Math.max(0, -d) / a : Math.max(0, d) / -a;
      drops[count] = Math.abs(alpha[k]) * (upper[k] - lower[k]);
      candidates[count++] = k;
    }
  }
  return count;
}

/**
 * The bound-flipping ratio test on `count` breakpoints (`keys` the steps,
 * `drops` the slope each one takes away), starting from the dual objective's
 * slope `slope`: the breakpoints passed, in increasing step, are those whose
 * drops leave the slope positive. Works like quickselect, so it costs O(count)
 * on average instead of a sort: three-way partitions around a pivot step pass
 * whole groups of smaller steps at once, and only the last small group is
 * sorted and walked. Permutes the three arrays so that the passed breakpoints
 * come first, and returns the position of the one that stops the step
 * (`-1` when all are passed: the dual is unbounded). Positions after it are
 * sorted as far as the last group. When a group's sum and the walk through it
 * round differently (the sum says the step stops inside, the walk passes it
 * all), the next breakpoint after the group stops it. Exported for its tests.
 */
export function passBreakpoints(keys: Float64Array, drops: Float64Array, candidates: Int32Array, count: number, slope: number): number {
  let lo = 0;
  let hi = count;
  let left = slope;
  while (hi - lo > SMALL_GROUP) {
    const pivot = medianOfThree(keys[lo], keys[(lo + hi) >>> 1], keys[hi - 1]);
    let lt = lo;
    let i = lo;
    let gt = hi;
    let less = 0;
    let equal = 0;
    while (i < gt) {
      const v = keys[i];
      if (v < pivot) {
        less += drops[i];
        swap(keys, drops, candidates, lt++, i++);
      } else if (v > pivot) {
        swap(keys, drops, candidates, i, --gt);
      } else {
        equal += drops[i++];
      }
    }
    if (!(left - less > 0)) {
      hi = lt;
      continue;
    }
    left -= less;
    if (!(left - equal > 0)) {
      lo = lt;
      hi = gt;
      break;
    }
    left -= equal;
    lo = gt;
  }
  for (let c = lo + 1; c < hi; c++) {
    for (let e = c; e > lo && keys[e - 1] > keys[e]; e--) swap(keys, drops, candidates, e - 1, e);
  }
  for (let c = lo; c < hi; c++) {
    if (!(left - drops[c] > 0)) return c;
    left -= drops[c];
  }
  if (hi === count) return -1;
  // The group's total said the step stops in it, but one-by-one subtraction rounded the other
  // way: stop at the next breakpoint, the smallest step after the group.
  let next = hi;
  for (let c = hi + 1; c < count; c++) if (keys[c] < keys[next]) next = c;
  swap(keys, drops, candidates, hi, next);
  return hi;
}

function medianOfThree(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}

function swap(keys: Float64Array, drops: Float64Array, candidates: Int32Array, a: number, b: number): void {
  const key = keys[a];
  keys[a] = keys[b];
  keys[b] = key;
  const drop = drops[a];
  drops[a] = drops[b];
  drops[b] = drop;
  const candidate = candidates[a];
  candidates[a] = candidates[b];
  candidates[b] = candidate;
}

/** `out = [A, −I] v` from A's rows. */
function multiplyRows(rowStarts: Int32Array, colIndex: Int32Array, values: Float64Array, m: number, n: number, v: Float64Array, out: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let sum = -v[n + i];
    const end = rowStarts[i + 1];
    for (let k = rowStarts[i]; k < end; k++) sum += values[k] * v[colIndex[k]];
    out[i] = sum;
  }
}

/** A's columns from its rows (counting sort by column; rows stay in order within a column). */
function transpose(rowStarts: Int32Array, colIndex: Int32Array, values: Float64Array, m: number, colStarts: Int32Array, colRows: Int32Array, colValues: Float64Array): void {
  const n = colStarts.length - 1;
  const nnz = rowStarts[m];
  for (let k = 0; k < nnz; k++) colStarts[colIndex[k] + 1]++;
  for (let j = 0; j < n; j++) colStarts[j + 1] += colStarts[j];
  const fill = colStarts.slice(0, n);
  for (let i = 0; i < m; i++) {
    const end = rowStarts[i + 1];
    for (let k = rowStarts[i]; k < end; k++) {
      const at = fill[colIndex[k]]++;
      colRows[at] = i;
      colValues[at] = values[k];
    }
  }
}

/** `out[i·m + position[j]] += A_ij` for the columns with a basis position: the structural part of B, from A's rows. */
function gatherColumns(rowStarts: Int32Array, colIndex: Int32Array, values: Float64Array, m: number, position: Int32Array, out: Float64Array): void {
  for (let i = 0; i < m; i++) {
    const end = rowStarts[i + 1];
    for (let e = rowStarts[i]; e < end; e++) {
      const c = position[colIndex[e]];
      if (c >= 0) out[i * m + c] += values[e];
    }
  }
}

/** `d_k −= step · α_k` on the nonbasic columns. */
function dualStep(status: Uint8Array, reduced: Float64Array, alpha: Float64Array, step: number): void {
  for (let k = 0; k < status.length; k++) if (status[k] !== BASIC) reduced[k] -= step * alpha[k];
}

function declined(why: string): Outcome {
  return { status: 'failed', message: `dual simplex: ${why}` };
}
