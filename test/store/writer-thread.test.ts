import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchInsert } from '../../src/store/batch-insert.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { WriterThread, WriterThreadError } from '../../src/store/writer-thread.js';

function tempDb(): Db {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'factorlab-writer-')), 'w.sqlite'));
  db.exec('CREATE TABLE t (i INTEGER PRIMARY KEY, s TEXT, x REAL); CREATE TABLE log (n INTEGER)');
  return db;
}

describe('WriterThread', () => {
  it('writes every transaction, in commit order, on its own connection', () => {
    const db = tempDb();
    const writer = new WriterThread(db);
    const batch = new BatchInsert(writer, 'INSERT INTO t VALUES', 3);
    const log = writer.statement('INSERT INTO log VALUES (?)');
    let i = 0;
    // More transactions than may wait in flight, of uneven sizes, so commit both returns early and blocks.
    for (let transaction = 0; transaction < 40; transaction++) {
      for (let k = 0; k < (transaction * 37) % 300; k++, i++) batch.add(i, `r${i}`, k === 3 ? null : i / 4);
      batch.flush();
      writer.run(log, [transaction]);
      writer.commit();
    }
    writer.drain();
    const rows = db.prepare('SELECT i, s, x FROM t ORDER BY i').all();
    expect(rows).toHaveLength(i);
    expect(rows.every((r, j) => (r as { i: number }).i === j && (r as { s: string }).s === `r${j}`)).toBe(true);
    expect(db.prepare('SELECT n FROM log ORDER BY rowid').pluck().all()).toEqual(Array.from({ length: 40 }, (_, k) => k));
    expect(writer.busyMs).toBeGreaterThan(0);
    writer.close();
    // The main connection writes again once the thread is closed.
    db.prepare('INSERT INTO log VALUES (99)').run();
  });

  it('reports a failed transaction by number, keeps the ones before it and writes none after it', () => {
    const db = tempDb();
    const writer = new WriterThread(db);
    const insert = writer.statement('INSERT INTO t (i) VALUES (?)');
    writer.run(insert, [1]);
    writer.commit();
    writer.run(insert, [2]);
    writer.run(insert, [1]);
    let failure: unknown;
    try {
      writer.commit();
      writer.run(insert, [3]);
      writer.commit();
      writer.drain();
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(WriterThreadError);
    expect((failure as WriterThreadError).transaction).toBe(1);
    expect((failure as Error).message).toMatch(/UNIQUE constraint failed: t\.i/);
    expect(() => writer.drain()).toThrow(WriterThreadError);
    writer.close();
    expect(db.prepare('SELECT i FROM t ORDER BY i').pluck().all()).toEqual([1]);
  });

  it('reports a statement the thread cannot prepare', () => {
    const db = tempDb();
    const writer = new WriterThread(db);
    writer.run(writer.statement('INSERT INTO missing VALUES (?)'), [1]);
    writer.commit();
    expect(() => writer.drain()).toThrow(/no such table: missing/);
    writer.close();
  });

  it('refuses an in-memory database, which another connection cannot see', () => {
    expect(() => new WriterThread(openDatabase(':memory:'))).toThrow(/needs a database file/);
  });
});
