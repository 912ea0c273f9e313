import { describe, expect, it } from 'vitest';
import { BatchInsert } from '../../src/store/batch-insert.js';
import { openDatabase } from '../../src/store/open-database.js';
import { DirectChannel } from '../../src/store/sql-channel.js';

describe('BatchInsert', () => {
  it('writes every row once, in order, across full statements and a remainder', () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (i INTEGER, s TEXT, x REAL)');
    const channel = new DirectChannel(db);
    const batch = new BatchInsert(channel, 'INSERT INTO t VALUES', 3);
    for (const count of [0, 1, 127, 128, 129, 300]) {
      db.exec('DELETE FROM t');
      for (let i = 0; i < count; i++) batch.add(i, `r${i}`, i === 5 ? null : i / 2);
      batch.flush();
      channel.commit();
      const rows = db.prepare('SELECT i, s, x FROM t ORDER BY rowid').all() as Array<{ i: number; s: string; x: number | null }>;
      expect(rows).toEqual(Array.from({ length: count }, (_, i) => ({ i, s: `r${i}`, x: i === 5 ? null : i / 2 })));
    }
  });

  it('rejects a row of the wrong width, naming the statement', () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (a, b)');
    expect(() => new BatchInsert(new DirectChannel(db), 'INSERT INTO t VALUES', 2).add(1)).toThrow(/INSERT INTO t VALUES: a row has 1 values, expected 2/);
  });

  it('writes nothing of a failed transaction, and nothing discarded after it', () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (a PRIMARY KEY)');
    const channel = new DirectChannel(db);
    const batch = new BatchInsert(channel, 'INSERT INTO t VALUES', 1);
    const day = (values: number[]): void => {
      for (const v of values) batch.add(v);
      batch.flush();
      channel.commit();
    };
    batch.add(7);
    expect(() => day([1, 1])).toThrow(/UNIQUE/);
    batch.discard();
    day([2]);
    expect(db.prepare('SELECT a FROM t').all()).toEqual([{ a: 2 }]);
  });
});
