import type { SqlChannel, SqlValue } from './sql-channel.js';

/** Rows per multi-row INSERT, a power of two: 128 rows of ≤ 17 columns stay far below SQLite's 32,766 bound parameters. */
const ROWS_PER_STATEMENT = 128;

/**
 * Inserts rows into one table through multi-row `INSERT … VALUES (…), (…), …`
 * statements, registered once per chunk size on a `SqlChannel` and reused, so
 * a bar's hundreds of holdings cost a few statement executions instead of one
 * each. Rows are buffered by `add` and handed to the channel by `flush` (and
 * whenever a full statement's worth is buffered): call `flush` before the
 * channel's `commit` that must contain them.
 */
export class BatchInsert {
  readonly #channel: SqlChannel;
  readonly #prefix: string;
  readonly #columns: number;
  readonly #statements = new Map<number, number>();
  #buffer: SqlValue[] = [];

  /** @param insert the statement up to `VALUES`, e.g. `INSERT INTO holdings VALUES` or `INSERT INTO t (a, b) VALUES` */
  constructor(channel: SqlChannel, insert: string, columns: number) {
    this.#channel = channel;
    this.#prefix = insert;
    this.#columns = columns;
  }

  /** Buffer one row (exactly `columns` values). */
  add(...row: SqlValue[]): void {
    if (row.length !== this.#columns) throw new RangeError(`${this.#prefix}: a row has ${row.length} values, expected ${this.#columns}`);
    for (const v of row) this.#buffer.push(v);
    if (this.#buffer.length === ROWS_PER_STATEMENT * this.#columns) this.flush();
  }

  /**
   * Hand every buffered row to the channel, in chunks of powers of two (128,
   * 64, …, 1 rows), so at most eight statements per table are ever prepared:
   * one per row count would keep up to 128 compiled statements per table alive
   * (measured: 100 MiB of the N = 1000 study's peak memory).
   */
  flush(): void {
    const values = this.#buffer;
    this.#buffer = [];
    let rows = values.length / this.#columns;
    let offset = 0;
    for (let chunk = ROWS_PER_STATEMENT; chunk >= 1; chunk >>= 1) {
      while (rows >= chunk) {
        const width = chunk * this.#columns;
        this.#channel.run(this.#statement(chunk), width === values.length ? values : values.slice(offset, offset + width));
        offset += width;
        rows -= chunk;
      }
    }
  }

  /** Drop buffered rows (the transaction they belonged to failed). */
  discard(): void {
    this.#buffer = [];
  }

  #statement(rows: number): number {
    let statement = this.#statements.get(rows);
    if (statement === undefined) {
      const tuple = `(${new Array<string>(this.#columns).fill('?').join(',')})`;
      statement = this.#channel.statement(`${this.#prefix} ${new Array<string>(rows).fill(tuple).join(',')}`);
      this.#statements.set(rows, statement);
    }
    return statement;
  }
}
