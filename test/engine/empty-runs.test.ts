import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmptyRunError, StrategyError } from '../../src/core/errors.js';
import { Panel, SeriesSet, type Market } from '../../src/core/panel.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { writeMarketCsv } from '../../src/data/write-market-csv.js';
import { runStrategy } from '../../src/app/run-strategy.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { openDatabase } from '../../src/store/open-database.js';
import type { StrategyDefinition } from '../../src/index.js';
import { smallStrategy } from '../helpers/small-market.js';

const dir = mkdtempSync(join(tmpdir(), 'factorlab-empty-'));
const { market } = generateSyntheticMarket({ seed: 21, assets: 12, days: 150 });

/** The market with a `market_cap` column that exists but is blank (a closes-only download). */
function blankCaps(m: Market): Market {
  const fields = new Map(m.panel.fieldNames.map((f) => [f, f === 'market_cap' ? new Float64Array(m.panel.field(f).length).fill(NaN) : m.panel.field(f)]));
  return { ...m, panel: new Panel(m.panel.dates, m.panel.assets, fields) };
}

async function run(definition: StrategyDefinition, data: Market, period: { from?: string; to?: string } = {}) {
  const db = openDatabase(join(dir, `runs-${Math.random().toString(36).slice(2)}.sqlite`));
  try {
    const err = await runStrategy({ strategy: { definition, file: 'test.ts', sourceHash: 'x' }, market: data, db, solvers: [await createHighsSolver()], ...period }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const row = db.prepare('SELECT status, error, outcome_json FROM runs').get() as { status: string; error: string; outcome_json: string };
    const days = (db.prepare('SELECT count(*) AS n FROM daily').get() as { n: number }).n;
    return { err, row, days };
  } finally {
    db.close();
  }
}

describe('a run that did nothing', () => {
  it('is an EmptyRunError naming every failed fit when the market return cannot be formed (blank market caps)', async () => {
    const { err, row, days } = await run(smallStrategy(), blankCaps(market));
    expect(err).toBeInstanceOf(EmptyRunError);
    expect((err as EmptyRunError).code).toBe('nothing-traded');
    expect((err as EmptyRunError).userError).toBe(true);
    expect((err as Error).message).toMatch(/^the run never held a position over 2021-01-01 \.\. 2021-05-30: every model fit failed \(\d+ of \d+\), first: /);
    // The run is stored, marked failed with the cause, its bars and outcome kept.
    expect(row.status).toBe('failed');
    expect(row.error).toBe((err as Error).message);
    expect(days).toBe(150);
    expect(JSON.parse(row.outcome_json).fits.failed).toBeGreaterThan(0);
  });

  it('names the skipped rebalances when the universe is always empty', async () => {
    const { err } = await run(smallStrategy({ universe: { minMedianDollarVolume: 1e30 } }), market);
    expect((err as Error).message).toMatch(/every rebalance was skipped \(\d+ of \d+\), first: universe has 0 assets/);
  });

  it('names the warm-up when the model window is longer than the data', async () => {
    const { err } = await run(smallStrategy({ model: { kind: 'time-series', windowDays: 400, refitEvery: 'month' } }), market);
    expect((err as Error).message).toMatch(/no model was ever fitted: the model needs 400 bars of history/);
    expect((err as Error).message).toContain('shorten model.windowDays');
  });

  it('names the warm-up when --from and --to lie inside it', async () => {
    const { err } = await run(smallStrategy(), market, { from: market.panel.dates[5], to: market.panel.dates[40] });
    expect((err as Error).message).toMatch(/over 2021-01-06 \.\. 2021-02-10: no model was ever fitted/);
  });

  it('exits 2 from the CLI with one line, for run and for model, when no fit can be made (a constant series factor)', () => {
    const data = join(dir, 'constant-series');
    const constant = new SeriesSet(market.series.dates, new Map(market.series.names.map((name) => [name, new Float64Array(market.series.dates.length).fill(0.5)])));
    writeMarketCsv(data, { ...market, series: constant });
    const r = cli('run', 'test/fixtures/strategies/small-momentum.ts', '--data', data, '--db', join(dir, 'cli.sqlite'), '--quiet');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^factorlab: the run never held a position .*every model fit failed \(\d+ of \d+\), first: .*constant over the window/);
    const m = cli('model', 'test/fixtures/strategies/small-momentum.ts', '--data', data, '--date', '2021-05-01');
    expect(m.status).toBe(2);
    expect(m.stderr).not.toContain('internal error');
    expect(m.stderr).toMatch(/^factorlab: --date 2021-05-01: the time-series model cannot be fitted on 2021-05-01: .*constant over the window/);
  }, 60_000);
});

describe('a blank column', () => {
  it('is an absent one: a strategy that needs it refuses to start; one that does not runs on the equal-weighted market, with a notice', () => {
    const data = join(dir, 'blank-caps');
    writeMarketCsv(data, blankCaps(market));
    const refused = cli('run', 'test/fixtures/strategies/small-momentum.ts', '--data', data, '--db', join(dir, 'blank.sqlite'), '--quiet');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^factorlab: strategy 'fixture-momentum': factors\.size \(logMarketCap\) needs a 'market_cap' column, which .*blank-caps does not have \(or has blank in every row\); add the column to the data or remove the factor\n$/);
    const ran = cli('run', 'test/fixtures/strategies/no-size.ts', '--data', data, '--db', join(dir, 'blank.sqlite'), '--quiet');
    expect(ran.status).toBe(0);
    expect(ran.stdout).toMatch(/! data: .*prices\.csv: column 'market_cap' is blank in every row and is treated as absent: the market return is equal-weighted/);
    expect(ran.stdout).toMatch(/Rebalances traded \/ held \/ skipped\s+\d+ \/ 0 \/ 0/);
    // Recorded with the run.
    const db = openDatabase(join(dir, 'blank.sqlite'));
    const events = db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'data-notice'").get() as { n: number };
    db.close();
    expect(events.n).toBe(1);
  }, 60_000);

  it('refuses, before the first bar, a dollar-volume filter without volumes', async () => {
    const { err } = await run(smallStrategy({ universe: { minMedianDollarVolume: 1e5 } }), { ...market, panel: new Panel(market.panel.dates, market.panel.assets, new Map(market.panel.fieldNames.filter((f) => f !== 'volume').map((f) => [f, market.panel.field(f)]))) });
    expect((err as StrategyError).code).toBe('missing-field');
    expect((err as Error).message).toMatch(/universe\.minMedianDollarVolume needs a 'volume' column/);
  });
});

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/factorlab.js', ...args], { encoding: 'utf8' });
