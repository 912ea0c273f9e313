import type Database from 'better-sqlite3';
import type { Db } from './open-database.js';

export type SqlValue = number | string | null;

/** Rows per multi-row INSERT: 128 rows of ≤ 17 columns stay far below SQLite's 32,766 bound parameters. */
const ROWS_PER_STATEMENT = 128;

/**
 * Inserts rows into one table through multi-row `INSERT … VALUES (…), (…), …`
 * statements, prepared once per row count and reused, so a bar's hundreds of
 * holdings cost a few statement executions instead of one each. Rows are
 * buffered by `add` and written by `flush` (and whenever a full statement's
 * worth is buffered): call `flush` inside the transaction that must contain them.
 */
export class BatchInsert {
  readonly #db: Db;
  readonly #prefix: string;
  readonly #columns: number;
  readonly #statements = new Map<number, Database.Statement>();
  #buffer: SqlValue[] = [];

  /** @param insert the statement up to `VALUES`, e.g. `INSERT INTO holdings VALUES` or `INSERT INTO t (a, b) VALUES` */
  constructor(db: Db, insert: string, columns: number) {
    this.#db = db;
    this.#prefix = insert;
    this.#columns = columns;
  }

  /** Buffer one row (exactly `columns` values). */
  add(...row: SqlValue[]): void {
    if (row.length !== this.#columns) throw new RangeError(`${this.#prefix}: a row has ${row.length} values, expected ${this.#columns}`);
    for (const v of row) this.#buffer.push(v);
    if (this.#buffer.length === ROWS_PER_STATEMENT * this.#columns) this.flush();
  }

  /** Write every buffered row. */
  flush(): void {
    const rows = this.#buffer.length / this.#columns;
    if (rows === 0) return;
    const values = this.#buffer;
    this.#buffer = [];
    this.#statement(rows).run(values);
  }

  /** Drop buffered rows (the transaction they belonged to failed). */
  discard(): void {
    this.#buffer = [];
  }

  #statement(rows: number): Database.Statement {
    let statement = this.#statements.get(rows);
    if (statement === undefined) {
      const tuple = `(${new Array<string>(this.#columns).fill('?').join(',')})`;
      statement = this.#db.prepare(`${this.#prefix} ${new Array<string>(rows).fill(tuple).join(',')}`);
      this.#statements.set(rows, statement);
    }
    return statement;
  }
}
