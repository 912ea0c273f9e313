import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataErrorOf } from '../helpers/data-error.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { writeMarketCsv } from '../../src/data/write-market-csv.js';
import { openDatabase } from '../../src/store/open-database.js';

const dir = mkdtempSync(join(tmpdir(), 'factorlab-dbstates-'));
const data = join(dir, 'market');
const db = join(dir, 'runs.sqlite');
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/factorlab.js', ...args], { encoding: 'utf8' });


describe('database files in any state', () => {
  beforeAll(() => {
    writeMarketCsv(data, generateSyntheticMarket({ seed: 6, assets: 12, days: 160 }).market);
    const r = cli('run', 'test/fixtures/strategies/small-momentum.ts', '--data', data, '--db', db, '--quiet');
    expect(r.status).toBe(0);
  }, 60_000);

  it("refuses another application's SQLite file and leaves it byte for byte unmodified (no WAL switch)", () => {
    const foreign = join(dir, 'app.sqlite');
    const other = new Database(foreign);
    other.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES (\'a\');');
    other.close();
    const before = readFileSync(foreign);
    const err = dataErrorOf(() => openDatabase(foreign));
    expect(err.code).toBe('foreign-database');
    expect(err.message).toBe(`${foreign}: is another application's SQLite database (tables: customers); it was left unmodified; pass another --db`);
    expect(readFileSync(foreign).equals(before)).toBe(true);
    const r = cli('runs', '--db', foreign);
    expect(r.status).toBe(2);
    expect(readFileSync(foreign).equals(before)).toBe(true);
  });

  it('names a truncated or corrupted file with SQLite\'s integrity check, in one line', () => {
    const broken = join(dir, 'broken.sqlite');
    copyFileSync(db, broken);
    truncateSync(broken, Math.floor(statSync(broken).size / 3));
    const r = cli('runs', '--db', broken);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/broken\.sqlite: is damaged \(SQLite: .*; PRAGMA integrity_check: .*\); restore it from a copy/);
    const garbled = join(dir, 'garbled.sqlite');
    const bytes = readFileSync(db);
    bytes.fill(0x5a, 100, 4096 * 2);
    writeFileSync(garbled, bytes);
    const g = cli('runs', '--db', garbled);
    expect(g.status).toBe(2);
    expect(g.stderr).not.toContain('    at ');
  });

  it('refuses a directory and a path under a file as --db', () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    expect(dataErrorOf(() => openDatabase(folder)).message).toMatch(/a-folder: is a directory; pass a database file/);
    const under = join(db, 'x.sqlite');
    expect(dataErrorOf(() => openDatabase(under)).message).toMatch(/x\.sqlite: cannot create its folder \(a part of the path is a file\)/);
    expect(cli('runs', '--db', folder).status).toBe(2);
  });

  it('lists runs while another process holds the write lock; a writer waits, then says the database is locked', () => {
    const holder = new Database(db);
    holder.pragma('busy_timeout = 0');
    holder.exec('BEGIN IMMEDIATE');
    try {
      const listed = cli('runs', '--db', db, '--json');
      expect(listed.status).toBe(0);
      expect((JSON.parse(listed.stdout) as unknown[]).length).toBe(1);
      const started = Date.now();
      const writer = cli('run', 'test/fixtures/strategies/small-momentum.ts', '--data', data, '--db', db, '--quiet');
      expect(writer.status).toBe(2);
      expect(writer.stderr).toMatch(/runs\.sqlite: is locked by another writer \(waited 5 s\); try again when it has finished/);
      expect(Date.now() - started).toBeGreaterThan(4500);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    // Nothing stored was lost or changed.
    const after = cli('runs', '--db', db, '--json');
    expect((JSON.parse(after.stdout) as Array<{ status: string }>).map((r) => r.status)).toEqual(['finished']);
  }, 60_000);

  it('caps --workers at the cores and tasks, with a notice', () => {
    const r = cli('study', 'test/fixtures/strategies/small-study.ts', '--data', data, '--db', join(dir, 'study.sqlite'), '--folds', '2', '--test-days', '30', '--train-days', '60', '--workers', '1000', '--quiet', '--json');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/factorlab: notice: --workers 1000 capped at \d+: this machine has \d+ cores and the study 16 tasks/);
  }, 120_000);

  // Permissions do not bind root, so the check runs as an unprivileged user where the tests run as root.
  const asNobody = process.getuid?.() === 0 && spawnSync('runuser', ['-u', 'nobody', '--', 'true']).status === 0;
  it.skipIf(!asNobody)('reads a database in a read-only folder (listing, report), and a writer says what is read-only', () => {
    const folder = mkdtempSync(join(tmpdir(), 'factorlab-ro-'));
    const file = join(folder, 'runs.sqlite');
    copyFileSync(db, file);
    chmodSync(folder, 0o755);
    chmodSync(file, 0o644);
    chmodSync(dir, 0o755);
    chmodSync(data, 0o755);
    const before = readFileSync(file);
    const nobody = (...args: string[]) => spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, 'bin/factorlab.js', ...args], { encoding: 'utf8' });
    const listed = nobody('runs', '--db', file, '--json');
    expect(listed.stderr).toBe('');
    expect((JSON.parse(listed.stdout) as unknown[]).length).toBe(1);
    const out = join(mkdtempSync(join(tmpdir(), 'factorlab-ro-out-')), 'r.html');
    chmodSync(dirname(out), 0o777);
    expect(nobody('report', 'r1', '--db', file, '--out', out, '--quiet', '--samples', '100').status).toBe(0);
    const writer = nobody('run', 'test/fixtures/strategies/small-momentum.ts', '--data', data, '--db', file, '--quiet');
    expect(writer.status).toBe(2);
    expect(writer.stderr).toMatch(/runs\.sqlite: is read-only \(the file or its folder, which holds the journal, cannot be written\); reading works/);
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 60_000);
});
