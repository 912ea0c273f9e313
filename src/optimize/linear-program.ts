/**
 * A solver-neutral linear programme:
 * optimise `colCost'x` subject to `rowLower <= A x <= rowUpper` and
 * `colLower <= x <= colUpper`, with `A` in compressed sparse rows.
 */
export interface LinearProgram {
  readonly sense: 'max' | 'min';
  readonly colNames: readonly string[];
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly rowNames: readonly string[];
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  /** CSR: row r has entries `rowStarts[r] .. rowStarts[r+1]-1`. */
  readonly rowStarts: Int32Array;
  readonly colIndex: Int32Array;
  readonly values: Float64Array;
}

export type LpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'failed';

export interface LpSolution {
  readonly status: LpStatus;
  /** Column values when `status` is `optimal`. */
  readonly x?: Float64Array;
  readonly objective?: number;
  /** Row duals and reduced costs, from backends that give them (for the duality-gap check). */
  readonly rowDual?: Float64Array;
  readonly colDual?: Float64Array;
  /** What the backend said when it did not return an optimum. */
  readonly message?: string;
  readonly solveMs: number;
  /** Simplex iterations, from backends that count them. */
  readonly iterations?: number;
}

/** One LP backend. Implementations live in one adapter file each. */
export interface LpSolver {
  readonly name: string;
  solve(lp: LinearProgram): Promise<LpSolution>;
}

/** Accumulates rows of an LP in CSR form, in typed arrays that grow as needed. */
export class LpBuilder {
  private readonly names: string[] = [];
  private readonly seen = new Set<string>();
  private readonly lower: number[] = [];
  private readonly upper: number[] = [];
  private readonly starts: number[] = [0];
  private cols = new Int32Array(1024);
  private vals = new Float64Array(1024);
  private length = 0;
  private open = false;

  /** Add a row; names must be unique (backends that key rows by name would merge duplicates). */
  addRow(name: string, lower: number, upper: number, cols: readonly number[], vals: readonly number[]): void {
    this.beginRow(name, lower, upper);
    for (let k = 0; k < cols.length; k++) this.push(cols[k], vals[k]);
    this.endRow();
  }

  /** Start a row whose entries follow by `push`, closed by `endRow` (as `addRow`, without arrays). */
  beginRow(name: string, lower: number, upper: number): void {
    if (this.open) throw new Error(`LP row '${this.names[this.names.length - 1]}' was not ended`);
    if (this.seen.has(name)) throw new RangeError(`LP row '${name}' is defined twice`);
    this.seen.add(name);
    this.names.push(name);
    this.lower.push(lower);
    this.upper.push(upper);
    this.open = true;
  }

  /** An entry of the open row; zeros are left out. */
  push(col: number, value: number): void {
    if (value === 0) return;
    if (this.length === this.cols.length) {
      const cols = new Int32Array(this.length * 2);
      cols.set(this.cols);
      this.cols = cols;
      const vals = new Float64Array(this.length * 2);
      vals.set(this.vals);
      this.vals = vals;
    }
    this.cols[this.length] = col;
    this.vals[this.length++] = value;
  }

  endRow(): void {
    this.starts.push(this.length);
    this.open = false;
  }

  build(columns: {
    sense: 'max' | 'min';
    names: readonly string[];
    cost: Float64Array;
    lower: Float64Array;
    upper: Float64Array;
  }): LinearProgram {
    if (this.open) throw new Error(`LP row '${this.names[this.names.length - 1]}' was not ended`);
    return {
      sense: columns.sense,
      colNames: columns.names,
      colCost: columns.cost,
      colLower: columns.lower,
      colUpper: columns.upper,
      rowNames: this.names,
      rowLower: Float64Array.from(this.lower),
      rowUpper: Float64Array.from(this.upper),
      rowStarts: Int32Array.from(this.starts),
      colIndex: this.cols.slice(0, this.length),
      values: this.vals.slice(0, this.length),
    };
  }
}
