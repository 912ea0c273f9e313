import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { writeMarketCsv } from '../../src/data/write-market-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'factorlab-cli-'));

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/factorlab.js', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('factorlab CLI', () => {
  beforeAll(() => writeMarketCsv(join(dir, 'market'), generateSyntheticMarket({ seed: 9, assets: 15, days: 200 }).market));

  it('runs a strategy, prints JSON, and lists the run', () => {
    const db = join(dir, 'runs.sqlite');
    const run = cli('run', 'test/fixtures/strategies/small-momentum.ts', '--data', join(dir, 'market'), '--db', db, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { runId: number; summary: { days: number }; outcome: { bars: number; warmupBars: number } };
    // Statistics cover the invested period: the run's 200 bars less the warm-up before the first position.
    expect(out.outcome.bars).toBe(200);
    expect(out.outcome.warmupBars).toBeGreaterThan(40);
    expect(out.summary.days).toBe(200 - out.outcome.warmupBars);
    const runs = cli('runs', '--db', db, '--json');
    expect(runs.code).toBe(0);
    expect((JSON.parse(runs.stdout) as Array<{ id: number; status: string }>)[0]).toMatchObject({ id: out.runId, status: 'finished' });
  }, 60_000);

  it('prints the model fitted at a date, with its statistics and the portfolio risk', () => {
    const data = join(dir, 'market');
    const table = cli('model', 'test/fixtures/strategies/small-momentum.ts', '--data', data, '--date', '2021-06-15');
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('fixture-momentum: time-series model fitted on 2021-06-15');
    expect(table.stdout).toMatch(/R² across assets: min/);
    expect(table.stdout).toMatch(/portfolio from an empty book: \d+ positions; predicted volatility/);
    const json = JSON.parse(cli('model', 'test/fixtures/strategies/small-momentum.ts', '--data', data, '--date', '2021-06-15', '--json').stdout) as {
      factors: Array<{ factor: string; tStat: number }>;
      portfolio: { annualVolatility: number };
      previousFit: { bars: number };
    };
    expect(json.factors.map((f) => f.factor)).toEqual(['market', 'inflation_surprise', 'rate_change']);
    expect(json.portfolio.annualVolatility).toBeGreaterThan(0);
    expect(json.previousFit.bars).toBe(14);
    const early = cli('model', 'test/fixtures/strategies/small-momentum.ts', '--data', data, '--date', '2021-01-20');
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/--date 2021-01-20: the model needs 60 bars of history, the data has 20 by then \(first possible date 2021-03-01\)/);
    expect(cli('model', 'test/fixtures/strategies/small-momentum.ts').stderr).toMatch(/model needs --date yyyy-mm-dd \(got none\)/);
  }, 60_000);

  it('hedges a book with chosen instruments and prints exposures before and after', () => {
    const data = join(dir, 'market');
    const book = join(dir, 'book.csv');
    writeFileSync(book, 'asset,weight\nA003,0.4\nA004,-0.1\n');
    const r = cli('hedge', 'test/fixtures/strategies/small-momentum.ts', '--data', data, '--book', book, '--date', '2021-06-15', '--instruments', 'A001,A002', '--factors', 'market', '--json');
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { exposuresBefore: number[]; exposuresAfter: number[]; trades: Array<{ asset: string }> };
    expect(Math.abs(out.exposuresBefore[0])).toBeGreaterThan(0.05);
    expect(Math.abs(out.exposuresAfter[0])).toBeLessThan(1e-8);
    expect(out.trades.every((t) => ['A001', 'A002'].includes(t.asset))).toBe(true);
    writeFileSync(book, 'asset,weight\nZZZ,0.4\n');
    const stressed = JSON.parse(cli('stress', '1', '--db', join(dir, 'runs.sqlite'), '--samples', '200', '--json').stdout) as {
      shocks: Array<{ name: string; portfolioReturn: number }>;
      worstWindows: Array<{ bars: number }>;
      bootstrap: { samples: number; maxDrawdown: { p05: number; p95: number } };
    };
    expect(stressed.shocks[0].name).toBe('market −30%');
    expect(stressed.worstWindows.map((w) => w.bars)).toEqual([1, 1, 1, 5, 5, 5, 20, 20, 20]);
    expect(stressed.bootstrap.samples).toBe(200);
    expect(stressed.bootstrap.maxDrawdown.p95).toBeGreaterThanOrEqual(stressed.bootstrap.maxDrawdown.p05);
    const compared = cli('compare', 'r1', '1', '--db', join(dir, 'runs.sqlite'));
    expect(compared.stdout).toMatch(/r1 fixture-momentum\s+1 fixture-momentum/);
    expect(cli('compare', 's9', '--db', join(dir, 'runs.sqlite')).stderr).toMatch(/compare: study 9 is not in/);
    const bad = cli('hedge', 'test/fixtures/strategies/small-momentum.ts', '--data', data, '--book', book, '--date', '2021-06-15', '--instruments', 'A001', '--factors', 'market');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/book\.csv:2 column 'asset': 'ZZZ' is not an asset of the market/);
  }, 60_000);
});
