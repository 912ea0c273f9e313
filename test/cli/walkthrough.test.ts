import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMarket } from '../../src/data/load-market.js';
import { preparePanel } from '../../src/data/prepare-panel.js';
import { readCsv } from '../../src/data/csv-lines.js';

/**
 * docs/data.md, "A real-data walkthrough", step by step on a copy of the
 * committed fixtures (data/walkthrough/): check the data, run each strategy,
 * list the runs, compare them and write a report.
 */
const work = mkdtempSync(join(tmpdir(), 'factorlab-walkthrough-'));
cpSync('data/walkthrough', work, { recursive: true });
const db = join(work, 'runs.sqlite');

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/factorlab.js', ...args], { encoding: 'utf8', cwd: process.cwd() });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the real-data walkthrough', () => {
  it('step 1: check-data reads the per-ticker folder, its actions and the R factor file, and the crypto export', () => {
    const stocks = cli('check-data', join(work, 'stocks'));
    expect(stocks.code).toBe(0);
    expect(stocks.stdout).toContain('8 assets × 375 dates (2022-01-03 .. 2023-06-30)');
    expect(stocks.stdout).toContain('series: Mkt.RF, SMB, HML, RF');
    expect(stocks.stdout).toMatch(/notice: .*actions\.csv: 1 split\(s\) and 2 dividend\(s\) applied/);
    expect(stocks.stdout).toContain('no findings');
    const crypto = cli('check-data', join(work, 'crypto'));
    expect(crypto.code).toBe(0);
    expect(crypto.stdout).toContain('labels: sector (3 categories)');
    expect(crypto.stdout).toMatch(/column 'market_cap' is blank in every row and is treated as absent/);
  });

  it("the actions give the vendor's total returns: each ex-date return matches Adj Close (an independent adjustment), to its 4 decimals", () => {
    const { panel } = preparePanel(loadMarket(join(work, 'stocks'), { cache: false }));
    const n = panel.assets.length;
    for (const [asset, date] of [['DLTA', '2022-09-13'], ['BRVO', '2022-11-10'], ['GOLF', '2023-02-15']]) {
      const rows = readCsv(join(work, 'stocks', `${asset}.csv`)).rows;
      const k = rows.findIndex((r) => r.cells[0] === date);
      const vendor = Number(rows[k].cells[5]) / Number(rows[k - 1].cells[5]) - 1;
      const ours = panel.field('return')[panel.indexOf(date) * n + panel.assets.indexOf(asset)];
      expect(Math.abs(ours - vendor)).toBeLessThan(2e-4);
      // The close is the one traded that day, not a back-adjusted level.
      expect(panel.field('close')[panel.indexOf(date) * n + panel.assets.indexOf(asset)]).toBe(Number(rows[k].cells[4]));
    }
  });

  it('step 2: runs the Fama-French strategy (excess returns, cash at RF) and the sector-neutral crypto carry', () => {
    const ff = cli('run', 'data/walkthrough/ff-three-factor.ts', '--data', join(work, 'stocks'), '--db', db, '--json');
    expect(ff.stderr).toBe('');
    expect(ff.code).toBe(0);
    const ffOut = JSON.parse(ff.stdout) as { runId: number; outcome: { dataNotices: string[]; rebalances: { traded: number } } };
    expect(ffOut.outcome.rebalances.traded).toBeGreaterThan(5);
    expect(ffOut.outcome.dataNotices.join('\n')).toMatch(/excess over series 'RF'/);
    const crypto = cli('run', 'data/walkthrough/crypto-sector-carry.ts', '--data', join(work, 'crypto'), '--db', db, '--json');
    expect(crypto.stderr).toBe('');
    expect(crypto.code).toBe(0);
    expect((JSON.parse(crypto.stdout) as { outcome: { rebalances: { traded: number } } }).outcome.rebalances.traded).toBeGreaterThan(20);
  }, 60_000);

  it("says how to make 'factorlab' importable when a strategy file sits outside any project that has it", () => {
    const outside = cli('run', join(work, 'ff-three-factor.ts'), '--data', join(work, 'stocks'), '--db', join(work, 'other.sqlite'));
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/ff-three-factor\.ts: imports 'factorlab', which cannot be found from its folder; install it in that project \(npm install \//);
  });

  it('step 3: lists, compares and reports the runs', () => {
    const runs = JSON.parse(cli('runs', '--db', db, '--json').stdout) as Array<{ id: number; status: string; strategy: string }>;
    expect(runs.map((r) => r.status)).toEqual(['finished', 'finished']);
    const compare = cli('compare', '1', '2', '--db', db);
    expect(compare.code).toBe(0);
    expect(compare.stdout).toMatch(/walkthrough-ff3-momentum\s+2 walkthrough-sector-carry/);
    const out = join(work, 'report.html');
    const report = cli('report', 'r1', '--compare', 'r2', '--db', db, '--out', out);
    expect(report.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).toContain('walkthrough-sector-carry');
  }, 60_000);
});
