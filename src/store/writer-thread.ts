import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { CONNECTION_PRAGMAS, type Db } from './open-database.js';
import type { SqlChannel, SqlValue } from './sql-channel.js';

/**
 * Committed transactions that may wait for the writer thread before `commit`
 * blocks: enough to ride out a slow transaction, few enough that a writer
 * slower than the engine cannot let queued rows grow without bound.
 */
const MAX_IN_FLIGHT = 2;

/**
 * The thread's young generation: its garbage is the deserialised rows of a
 * transaction or two, and a small nursery keeps the process's peak memory low.
 */
const YOUNG_GENERATION_MIB = 4;

/** Longer than any transaction, including SQLite's 5 s wait for another writer's lock. */
const STALL_MS = 120_000;

/** How a queued value is encoded: a number in `values`, an index into the transaction's strings, or NULL. */
const NUMBER = 0;
const STRING = 1;
const NULL = 2;

/** Slots of the shared state: transactions finished (written or failed), whether one failed, whether the connection closed. */
const DONE = 0;
const FAILED = 1;
const CLOSED = 2;

/**
 * The writer thread, in plain JavaScript (CommonJS, needing no TypeScript
 * loader: about 2 MiB instead of 35). It opens its own connection with the
 * main connection's settings and executes each message as one transaction.
 * After a failure it executes nothing more: later transactions would build on
 * rows that are not there.
 */
const WRITER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
const busy = new Float64Array(workerData.busy);
const statements = [];
let db;
let apply;
let failed = false;
const fail = (transaction, err) => {
  failed = true;
  workerData.errors.postMessage({ transaction, message: err instanceof Error ? err.message : String(err) });
  Atomics.store(state, ${FAILED}, 1);
};
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file);
  for (const pragma of workerData.pragmas) db.pragma(pragma);
  // One reused argument array per statement: rows arrive as typed columns, not as JavaScript arrays to collect.
  const args = [];
  apply = db.transaction(({ ops, tags, values, strings }) => {
    let p = 0;
    for (let k = 0; k < ops.length; k += 2) {
      const handle = ops[k];
      const count = ops[k + 1];
      const a = args[handle] ?? (args[handle] = []);
      a.length = count;
      for (let j = 0; j < count; j++, p++) a[j] = tags[p] === ${NUMBER} ? values[p] : tags[p] === ${STRING} ? strings[values[p]] : null;
      statements[handle].run(a);
    }
  });
} catch (err) {
  fail(-1, err);
}
parentPort.on('message', (message) => {
  if (message === 'close') {
    try {
      if (db !== undefined) db.close();
    } finally {
      parentPort.close();
      Atomics.store(state, ${CLOSED}, 1);
      Atomics.notify(state, ${CLOSED});
    }
    return;
  }
  const started = performance.now();
  if (!failed) {
    try {
      for (const sql of message.sql) statements.push(db.prepare(sql));
      apply(message);
    } catch (err) {
      fail(message.transaction, err);
    }
  }
  busy[0] += performance.now() - started;
  Atomics.add(state, ${DONE}, 1);
  Atomics.notify(state, ${DONE});
});
`;

/** A transaction the writer thread could not write; `transaction` counts commits from 0. */
export class WriterThreadError extends Error {
  readonly transaction: number;

  constructor(transaction: number, message: string) {
    super(message);
    this.name = 'WriterThreadError';
    this.transaction = transaction;
  }
}

/**
 * Executes statements on a connection of its own in a worker thread, so
 * SQLite's work for a run overlaps the engine's on a second core. `commit`
 * posts the queued statements as one transaction and returns at once (it
 * blocks only while `MAX_IN_FLIGHT` transactions wait); `drain` waits until
 * all are written. Transactions are written in commit order, each whole or
 * not at all, as on the main connection: a crash loses at most the
 * transactions not yet written, never part of one. The caller must not write
 * on its own connection until `drain` returns (the two would wait for each
 * other's lock). Needs a database file: an in-memory database is private to
 * its connection.
 */
export class WriterThread implements SqlChannel {
  readonly #worker: Worker;
  readonly #state: Int32Array;
  readonly #busy: Float64Array;
  readonly #errors: MessagePort;
  #statements = 0;
  #newSql: string[] = [];
  /** The queued transaction: (statement, value count) pairs, each value's tag and number, and its distinct strings. */
  #ops: number[] = [];
  #tags = new Uint8Array(1 << 16);
  #values = new Float64Array(1 << 16);
  #length = 0;
  #strings = new Map<string, number>();
  #sent = 0;
  #failure: WriterThreadError | undefined;
  #closed = false;

  /** @param pragmas settings of the thread's connection (the main connection's, and any of the caller's after them) */
  constructor(db: Db, pragmas: readonly string[] = CONNECTION_PRAGMAS) {
    if (db.memory) throw new RangeError('a writer thread needs a database file; an in-memory database is private to its connection');
    this.#state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
    this.#busy = new Float64Array(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT));
    const { port1, port2 } = new MessageChannel();
    this.#errors = port1;
    this.#worker = new Worker(WRITER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: db.name,
        pragmas,
        state: this.#state.buffer,
        busy: this.#busy.buffer,
        errors: port2,
      },
      transferList: [port2],
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MIB },
    });
    // The engine never waits on the event loop for the thread: finished work is read from the shared state.
    this.#worker.unref();
    this.#errors.unref();
  }

  statement(sql: string): number {
    this.#newSql.push(sql);
    return this.#statements++;
  }

  run(handle: number, values: readonly SqlValue[]): void {
    if (this.#length + values.length > this.#values.length) this.#grow(this.#length + values.length);
    const tags = this.#tags;
    const encoded = this.#values;
    let p = this.#length;
    for (const v of values) {
      if (typeof v === 'number') {
        tags[p] = NUMBER;
        encoded[p] = v;
      } else if (typeof v === 'string') {
        let index = this.#strings.get(v);
        if (index === undefined) this.#strings.set(v, (index = this.#strings.size));
        tags[p] = STRING;
        encoded[p] = index;
      } else {
        tags[p] = NULL;
      }
      p++;
    }
    this.#length = p;
    this.#ops.push(handle, values.length);
  }

  /**
   * Post the queued transaction as typed columns and one copy of each distinct
   * string: a structured clone of the rows themselves cost the thread 20 MiB of
   * heap for objects that live only until their transaction is written.
   */
  commit(): void {
    if (this.#closed) throw new RangeError('the writer thread is closed');
    this.#throwIfFailed();
    if (this.#ops.length === 0 && this.#newSql.length === 0) return;
    const tags = this.#tags.slice(0, this.#length);
    const values = this.#values.slice(0, this.#length);
    const ops = Int32Array.from(this.#ops);
    this.#worker.postMessage({ transaction: this.#sent, sql: this.#newSql, ops, tags, values, strings: [...this.#strings.keys()] }, [tags.buffer, values.buffer, ops.buffer]);
    this.#newSql = [];
    this.#clear();
    this.#sent++;
    this.#waitUntilDone(this.#sent - MAX_IN_FLIGHT);
    this.#throwIfFailed();
  }

  drain(): void {
    this.#waitUntilDone(this.#sent);
    this.#throwIfFailed();
  }

  /** Wait for the written transactions (a failure stays for `commit`/`drain` to report), then close the thread's connection. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#clear();
    this.#waitUntilDone(this.#sent);
    this.#worker.postMessage('close');
    while (Atomics.load(this.#state, CLOSED) === 0) this.#wait(CLOSED, 0);
    this.#errors.close();
  }

  get busyMs(): number {
    return this.#busy[0];
  }

  #clear(): void {
    this.#ops = [];
    this.#length = 0;
    this.#strings.clear();
  }

  #grow(needed: number): void {
    let size = this.#values.length;
    while (size < needed) size *= 2;
    const tags = new Uint8Array(size);
    const values = new Float64Array(size);
    tags.set(this.#tags.subarray(0, this.#length));
    values.set(this.#values.subarray(0, this.#length));
    this.#tags = tags;
    this.#values = values;
  }

  #waitUntilDone(target: number): void {
    for (let done = Atomics.load(this.#state, DONE); done < target; done = Atomics.load(this.#state, DONE)) this.#wait(DONE, done);
  }

  /** Block until slot `slot` moves from `value`; a thread silent for `STALL_MS` has died (it answers every message, failed or not). */
  #wait(slot: number, value: number): void {
    if (Atomics.wait(this.#state, slot, value, STALL_MS) === 'timed-out') {
      throw new WriterThreadError(this.#sent - 1, `the writer thread gave no answer for ${STALL_MS / 1000} s; it has stopped`);
    }
  }

  #throwIfFailed(): void {
    if (this.#failure === undefined && Atomics.load(this.#state, FAILED) === 1) {
      const failure = receiveMessageOnPort(this.#errors)?.message as { transaction: number; message: string } | undefined;
      this.#failure = new WriterThreadError(failure?.transaction ?? -1, failure?.message ?? 'the writer thread failed');
    }
    if (this.#failure !== undefined) throw this.#failure;
  }
}
