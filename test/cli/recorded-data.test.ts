import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { writeMarketCsv } from '../../src/data/write-market-csv.js';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/factorlab.js', ...args], { encoding: 'utf8' });

describe('what is computed after a run from its data', () => {
  it('refuses data that changed since the run was recorded, for stress and report, naming both fingerprints', () => {
    const dir = mkdtempSync(join(tmpdir(), 'factorlab-recorded-'));
    const data = join(dir, 'market');
    writeMarketCsv(data, generateSyntheticMarket({ seed: 4, assets: 12, days: 160 }).market);
    const db = join(dir, 'runs.sqlite');
    expect(cli('run', 'test/fixtures/strategies/small-momentum.ts', '--data', data, '--db', db, '--quiet').status).toBe(0);
    expect(cli('stress', '1', '--db', db, '--samples', '50').status).toBe(0);
    // Change one close: the stress scenarios would silently describe other data.
    const prices = join(data, 'prices.csv');
    const lines = readFileSync(prices, 'utf8').split('\n');
    lines[5] = lines[5].replace(/,(\d+)\.(\d)/, ',$1.$2' + '7');
    writeFileSync(prices, lines.join('\n'));
    for (const args of [['stress', '1', '--db', db, '--samples', '50'], ['report', 'r1', '--db', db, '--out', join(dir, 'r.html'), '--quiet']]) {
      const r = cli(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/factorlab: run 1: the data at .*market changed since the run was recorded \(fingerprint [0-9a-f]{12}… recorded, [0-9a-f]{12}… now\)/);
    }
  }, 60_000);

  it('never writes a report over the database, or over a file that is not a previous report unless --force', () => {
    const dir = mkdtempSync(join(tmpdir(), 'factorlab-overwrite-'));
    const data = join(dir, 'market');
    writeMarketCsv(data, generateSyntheticMarket({ seed: 4, assets: 12, days: 160 }).market);
    const db = join(dir, 'runs.sqlite');
    expect(cli('run', 'test/fixtures/strategies/small-momentum.ts', '--data', data, '--db', db, '--quiet').status).toBe(0);
    const before = readFileSync(db);
    const onDb = cli('report', 'r1', '--db', db, '--out', db, '--quiet');
    expect(onDb.status).toBe(2);
    expect(onDb.stderr).toMatch(/--out '.*runs\.sqlite' is the database the report reads/);
    expect(readFileSync(db).equals(before)).toBe(true);
    const notes = join(dir, 'notes.html');
    writeFileSync(notes, '<html>my notes</html>');
    const other = cli('report', 'r1', '--db', db, '--out', notes, '--quiet');
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/exists and is not a factorlab report; refusing to replace it \(choose another file, or pass --force/);
    expect(readFileSync(notes, 'utf8')).toBe('<html>my notes</html>');
    // A previous report is replaced; --force replaces anything else.
    const report = join(dir, 'report.html');
    expect(cli('report', 'r1', '--db', db, '--out', report, '--quiet', '--samples', '100').status).toBe(0);
    expect(cli('report', 'r1', '--db', db, '--out', report, '--quiet', '--samples', '100').status).toBe(0);
    expect(cli('report', 'r1', '--db', db, '--out', notes, '--quiet', '--samples', '100', '--force').status).toBe(0);
    expect(readFileSync(notes, 'utf8')).toContain('<meta name="generator" content="factorlab report">');
  }, 60_000);
});
