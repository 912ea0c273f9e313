import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { writeMarketCsv } from '../../src/data/write-market-csv.js';
import { diffRuns } from '../../src/store/diff-runs.js';
import { openDatabase } from '../../src/store/open-database.js';

const dir = mkdtempSync(join(tmpdir(), 'factorlab-crash-'));
const data = join(dir, 'market');
const strategy = 'test/fixtures/strategies/small-momentum.ts';
const runArgs = (db: string): string[] => ['bin/factorlab.js', 'run', strategy, '--data', data, '--db', db, '--quiet', '--json'];

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Start a run and SIGKILL it once `days` bars of it are stored; resolves with its run id. */
function runAndKill(db: string, days: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, runArgs(db), { stdio: 'ignore' });
    const reader = new Database(db, { readonly: true, fileMustExist: false });
    let runId = 0;
    const poll = setInterval(() => {
      try {
        const row = reader.prepare("SELECT r.id AS id, (SELECT count(*) FROM daily d WHERE d.run_id = r.id) AS n FROM runs r WHERE r.status = 'running' ORDER BY r.id DESC LIMIT 1").get() as { id: number; n: number } | undefined;
        if (row !== undefined && row.n >= days) {
          runId = row.id;
          child.kill('SIGKILL');
        }
      } catch {
        // The schema may not exist yet: keep polling.
      }
    }, 5);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      reader.close();
      if (signal === 'SIGKILL' && runId > 0) resolve(runId);
      else reject(new Error(`the run ended on its own (signal ${signal}) before ${days} days were stored`));
    });
  });
}

/** Every bar of the run is whole: its holdings match its position count and nothing is dated after the last bar. */
function assertWholeDays(db: Database.Database, runId: number): void {
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const run = db.prepare('SELECT status, last_date FROM runs WHERE id = ?').get(runId) as { status: string; last_date: string };
  expect(run.status).toBe('running');
  const last = (db.prepare('SELECT max(date) AS d FROM daily WHERE run_id = ?').get(runId) as { d: string }).d;
  expect(run.last_date).toBe(last);
  for (const table of ['holdings', 'trades', 'rebalances', 'targets', 'events', 'fits', 'fit_assets', 'fit_loadings', 'fit_factors']) {
    const later = db.prepare(`SELECT count(*) AS n FROM ${table} WHERE run_id = ? AND date > ?`).get(runId, last) as { n: number };
    expect(later.n, table).toBe(0);
  }
  const mismatched = db
    .prepare('SELECT count(*) AS n FROM daily d WHERE d.run_id = ? AND d.positions != (SELECT count(*) FROM holdings h WHERE h.run_id = d.run_id AND h.date = d.date)')
    .get(runId) as { n: number };
  expect(mismatched.n).toBe(0);
}

describe('crash safety, resume and determinism', () => {
  beforeAll(() => writeMarketCsv(data, generateSyntheticMarket({ seed: 21, assets: 40, days: 900, delistings: 4 }).market));

  it('a run killed with SIGKILL at several points keeps whole days, and --resume ends identical to an uninterrupted run', async () => {
    const file = join(dir, 'crash.sqlite');
    const baseline = cli(runArgs(file));
    expect(baseline.code, baseline.stderr).toBe(0);
    const baselineId = (JSON.parse(baseline.stdout) as { runId: number }).runId;
    for (const days of [40, 350, 700]) {
      const killed = await runAndKill(file, days);
      const db = openDatabase(file);
      assertWholeDays(db, killed);
      db.close();
      const resumed = cli(['bin/factorlab.js', 'run', '--resume', String(killed), '--db', file, '--quiet', '--json']);
      expect(resumed.code, resumed.stderr).toBe(0);
      const after = openDatabase(file);
      expect((after.prepare('SELECT status FROM runs WHERE id = ?').get(killed) as { status: string }).status).toBe('finished');
      expect(diffRuns(after, baselineId, killed)).toEqual([]);
      after.close();
    }
  }, 120_000);

  it('refuses to resume a finished run or one whose data changed', () => {
    const file = join(dir, 'crash.sqlite');
    const finished = cli(['bin/factorlab.js', 'run', '--resume', '1', '--db', file]);
    expect(finished.code).toBe(2);
    expect(finished.stderr).toMatch(/run 1 is finished; only a run that was interrupted \(status running\) can be resumed/);
    // An interrupted run recorded against other data (its fingerprint differs).
    const db = openDatabase(file);
    const id = Number(
      db.prepare(
        `INSERT INTO runs (strategy, strategy_file, source_hash, config_json, data_source, data_fingerprint, code_version, status, started_at)
         SELECT strategy, strategy_file, source_hash, config_json, data_source, 'other-data', code_version, 'running', started_at FROM runs WHERE id = 1`,
      ).run().lastInsertRowid,
    );
    db.close();
    const changed = cli(['bin/factorlab.js', 'run', '--resume', String(id), '--db', file]);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(new RegExp(`run ${id}: the data at .* changed since the run started`));
  });

  it('two runs writing to one database at the same time both finish, with identical rows', async () => {
    const file = join(dir, 'shared.sqlite');
    const start = (): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, runArgs(file));
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const db = openDatabase(file);
    const ids = (db.prepare("SELECT id FROM runs WHERE status = 'finished' ORDER BY id").all() as Array<{ id: number }>).map((r) => r.id);
    expect(ids).toHaveLength(2);
    // Determinism: the same strategy and data give the same stored rows, value for value.
    expect(diffRuns(db, ids[0], ids[1])).toEqual([]);
    // No NaN or Infinity is stored as a number anywhere.
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    for (const { name } of tables) {
      const columns = (db.prepare(`PRAGMA table_info(${name})`).all() as Array<{ name: string; type: string }>).filter((c) => c.type === 'REAL');
      for (const c of columns) {
        const bad = db.prepare(`SELECT count(*) AS n FROM ${name} WHERE abs(${c.name}) > 1e308`).get() as { n: number };
        expect(bad.n, `${name}.${c.name}`).toBe(0);
      }
    }
    db.close();
  }, 120_000);
});
