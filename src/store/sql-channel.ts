import type Database from 'better-sqlite3';
import type { Db } from './open-database.js';

export type SqlValue = number | string | null;

/**
 * Where a recorder's INSERTs go. Statements are registered once by text and
 * executed by handle; `run` queues an execution and `commit` executes every
 * queued one in a single transaction, in order. Two implementations: on the
 * caller's connection (`DirectChannel`), or on a connection of a writer
 * thread (`WriterThread`), so SQLite's work runs on another core.
 */
export interface SqlChannel {
  /** Register a statement; the handle passed to `run`. */
  statement(sql: string): number;
  /** Queue one execution of statement `handle` with its anonymous parameters (not copied: do not reuse the array). */
  run(handle: number, values: readonly SqlValue[]): void;
  /**
   * Execute the queued statements as one transaction. When it fails, none of
   * them is written, the queue is emptied and the error is thrown (by a writer
   * thread: by this or a later call, since its transactions run behind).
   */
  commit(): void;
  /** Wait until every committed transaction is written; throws the first failure. Afterwards the caller's own connection may write. */
  drain(): void;
  /** Wait for what was committed, then release the channel; failures are reported by `commit` and `drain`, not here. */
  close(): void;
  /** Milliseconds spent executing statements (on the writer thread for `WriterThread`). */
  readonly busyMs: number;
}

/** Executes on the caller's connection, synchronously, at `commit`. */
export class DirectChannel implements SqlChannel {
  readonly #db: Db;
  readonly #statements: Database.Statement[] = [];
  #queue: Array<number | readonly SqlValue[]> = [];
  #busyMs = 0;
  readonly #apply: (queue: ReadonlyArray<number | readonly SqlValue[]>) => void;

  constructor(db: Db) {
    this.#db = db;
    this.#apply = db.transaction((queue: ReadonlyArray<number | readonly SqlValue[]>) => {
      for (let k = 0; k < queue.length; k += 2) this.#statements[queue[k] as number].run(queue[k + 1] as SqlValue[]);
    });
  }

  statement(sql: string): number {
    this.#statements.push(this.#db.prepare(sql));
    return this.#statements.length - 1;
  }

  run(handle: number, values: readonly SqlValue[]): void {
    this.#queue.push(handle, values);
  }

  commit(): void {
    const queue = this.#queue;
    this.#queue = [];
    if (queue.length === 0) return;
    const started = performance.now();
    try {
      this.#apply(queue);
    } finally {
      this.#busyMs += performance.now() - started;
    }
  }

  drain(): void {}

  close(): void {}

  get busyMs(): number {
    return this.#busyMs;
  }
}
