import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { loadMarket } from '../../src/data/load-market.js';
import { writeMarketCsv } from '../../src/data/write-market-csv.js';
import { summarizePerformance } from '../../src/diagnostics/performance.js';
import { runStrategy } from '../../src/app/run-strategy.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { openDatabase } from '../../src/store/open-database.js';
import { loadStrategy } from '../../src/strategy/load-strategy.js';

describe('runStrategy end to end', () => {
  it('records a whole run in SQLite: run row, daily rows, holdings, trades, fits and summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'factorlab-e2e-'));
    writeMarketCsv(join(dir, 'market'), generateSyntheticMarket({ seed: 3, assets: 20, days: 260, delistings: 3 }).market);
    const market = loadMarket(join(dir, 'market'));
    const strategy = await loadStrategy('test/fixtures/strategies/small-momentum.ts', market.series.names);
    const db = openDatabase(join(dir, 'runs.sqlite'));
    const result = await runStrategy({ strategy, market, db, solvers: [await createHighsSolver()], from: '2021-02-01' });

    const run = db.prepare('SELECT * FROM runs WHERE id = ?').get(result.runId) as Record<string, string>;
    expect(run.status).toBe('finished');
    expect(run.strategy).toBe('fixture-momentum');
    expect(run.data_fingerprint).toBe(market.fingerprint);
    expect(run.source_hash).toBe(strategy.sourceHash);
    expect(run.first_date).toBe('2021-02-01');
    expect(JSON.parse(run.config_json).factors.momentum.label).toBe('momentum(30,3)');

    const daily = db.prepare('SELECT * FROM daily WHERE run_id = ? ORDER BY date').all(result.runId) as Array<Record<string, number>>;
    expect(daily.length).toBe(market.panel.dates.length - market.panel.indexOf('2021-02-01'));
    let prev = 1_000_000;
    for (const d of daily) {
      expect(d.nav - prev).toBeCloseTo(d.gross_return * prev - d.cost, 6);
      prev = d.nav;
    }
    // Holdings of each day add up to that day's net and gross exposure.
    const sums = db.prepare('SELECT date, sum(weight) AS net, sum(abs(weight)) AS gross, count(*) AS n FROM holdings WHERE run_id = ? GROUP BY date').all(result.runId) as Array<Record<string, number>>;
    const byDate = new Map(daily.map((d) => [d.date, d]));
    expect(sums.length).toBeGreaterThan(100);
    for (const s of sums) {
      const d = byDate.get(s.date as unknown as number)!;
      expect(s.net).toBeCloseTo(d.net_exposure, 9);
      expect(s.gross).toBeCloseTo(d.gross_exposure, 9);
      expect(s.n).toBe(d.positions);
    }
    const rebalances = db.prepare("SELECT count(*) AS n FROM rebalances WHERE run_id = ? AND status = 'optimal'").get(result.runId) as { n: number };
    expect(rebalances.n).toBe(result.solveMs.length);
    const trades = db.prepare("SELECT count(*) AS n FROM trades WHERE run_id = ? AND reason = 'rebalance'").get(result.runId) as { n: number };
    expect(trades.n).toBeGreaterThan(0);
    // Trades decided at the close of t execute one bar later, never on the decision bar.
    const dates = market.panel.dates;
    const decided = db.prepare("SELECT date, execute_date FROM rebalances WHERE run_id = ? AND status = 'optimal'").all(result.runId) as Array<{ date: string; execute_date: string | null }>;
    for (const r of decided) expect(r.execute_date).toBe(dates[dates.indexOf(r.date) + 1] ?? null);
    const tradeDates = new Set((db.prepare("SELECT DISTINCT date FROM trades WHERE run_id = ? AND reason = 'rebalance'").all(result.runId) as Array<{ date: string }>).map((r) => r.date));
    expect([...tradeDates].every((d) => decided.some((r) => r.execute_date === d))).toBe(true);
    const fit = db.prepare('SELECT * FROM fits WHERE run_id = ? ORDER BY date LIMIT 1').get(result.runId) as Record<string, string>;
    expect(JSON.parse(fit.factors_json)).toEqual(['market', 'inflation_surprise', 'rate_change']);
    const loadings = db.prepare('SELECT count(*) AS n FROM fit_loadings WHERE run_id = ? AND date = ?').get(result.runId, fit.date) as { n: number };
    expect(loadings.n).toBe(Number(fit.fitted_assets) * 3);
    // Fit statistics, the window's factor returns and the next-period evaluation of each fit.
    const stats = db.prepare('SELECT * FROM fit_factors WHERE run_id = ? AND date = ? ORDER BY factor').all(result.runId, fit.date) as Array<Record<string, number | string | null>>;
    expect(stats.map((r) => r.factor)).toEqual(['inflation_surprise', 'market', 'rate_change']);
    expect(stats.every((r) => typeof r.t_stat === 'number' && r.ic === null)).toBe(true);
    const factorReturns = db.prepare('SELECT count(*) AS n FROM fit_factor_returns WHERE run_id = ? AND date = ?').get(result.runId, fit.date) as { n: number };
    expect(factorReturns.n).toBe(60 * 3);
    const fitCount = (db.prepare('SELECT count(*) AS n FROM fits WHERE run_id = ?').get(result.runId) as { n: number }).n;
    const evaluations = db.prepare('SELECT * FROM fit_evaluations WHERE run_id = ? ORDER BY fit_date').all(result.runId) as Array<Record<string, number | string>>;
    expect(evaluations.length).toBe(fitCount);
    expect(evaluations[0].bias_stat).toBeGreaterThan(0.3);
    expect(Object.keys(JSON.parse(String(evaluations[0].ic_json)))).toEqual(['market', 'inflation_surprise', 'rate_change']);

    // The stored summary equals a recomputation from the stored daily rows of the invested period:
    // from the first bar whose close held a position; the flat warm-up before it is not counted.
    const summary = Object.fromEntries((db.prepare('SELECT metric, value FROM summary WHERE run_id = ?').all(result.runId) as Array<{ metric: string; value: number }>).map((r) => [r.metric, r.value]));
    const first = daily.findIndex((d) => d.gross_exposure > 0);
    expect(first).toBeGreaterThan(0);
    expect(daily.slice(0, first).every((d) => d.net_return === 0 && d.nav === 1_000_000)).toBe(true);
    expect(result.outcome.investedFrom).toBe(daily[first].date as unknown as string);
    expect(result.outcome.warmupBars).toBe(first);
    expect(summary.days).toBe(daily.length - first);
    const recomputed = summarizePerformance(daily.slice(first).map((d) => ({ nav: d.nav, netReturn: d.net_return, turnover: d.turnover, cost: d.cost })), 1_000_000, 365);
    expect(summary.sharpe).toBeCloseTo(recomputed.sharpe, 12);
    expect(summary.annualVolatility).toBeCloseTo(recomputed.annualVolatility, 12);
    expect(summary.maxDrawdown).toBeCloseTo(recomputed.maxDrawdown, 12);
    db.close();
  });

  it('marks a run that throws as failed and keeps only whole days', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'factorlab-fail-'));
    const market = generateSyntheticMarket({ seed: 4, assets: 12, days: 150 }).market;
    const good = await loadStrategy('test/fixtures/strategies/small-momentum.ts', market.series.names);
    let calls = 0;
    const definition = {
      ...good.definition,
      signal: () => {
        calls++;
        if (calls === 3) throw new Error('signal exploded');
        return new Float64Array(market.panel.assets.length).fill(0.1);
      },
    };
    const db = openDatabase(join(dir, 'runs.sqlite'));
    await expect(runStrategy({ strategy: { ...good, definition }, market, db, solvers: [await createHighsSolver()] })).rejects.toThrow('signal exploded');
    const run = db.prepare('SELECT status, error, last_date FROM runs').get() as Record<string, string>;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^strategy 'fixture-momentum': signal threw on \d{4}-\d{2}-\d{2}: signal exploded$/);
    const days = db.prepare('SELECT count(*) AS n, max(date) AS last FROM daily').get() as { n: number; last: string };
    expect(days.last).toBe(run.last_date);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('stores the same rows through the writer thread as on the calling connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'factorlab-writer-'));
    const market = generateSyntheticMarket({ seed: 5, assets: 15, days: 200, delistings: 2 }).market;
    const strategy = await loadStrategy('test/fixtures/strategies/small-momentum.ts', market.series.names);
    const tables = ['daily', 'holdings', 'trades', 'rebalances', 'targets', 'fits', 'fit_assets', 'fit_loadings', 'fit_factors', 'fit_factor_returns', 'fit_evaluations', 'attribution', 'events', 'summary'];
    const stored = async (writer: 'thread' | 'direct'): Promise<Record<string, unknown[]>> => {
      const db = openDatabase(join(dir, `${writer}.sqlite`));
      const result = await runStrategy({ strategy, market, db, solvers: [await createHighsSolver()], writer });
      expect(result.storage.writer).toBe(writer);
      expect(result.storage.writerMs).toBeGreaterThan(0);
      // solve_ms is a wall time, the one column that differs between two runs.
      const rows = Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY ${t === 'trades' || t === 'events' ? 'rowid' : '1, 2, 3'}`).all().map((r) => ({ ...(r as object), solve_ms: 0 }))]));
      db.close();
      return rows;
    };
    const direct = await stored('direct');
    const threaded = await stored('thread');
    expect(direct.holdings.length).toBeGreaterThan(500);
    expect(direct.fit_loadings.length).toBeGreaterThan(100);
    expect(threaded).toEqual(direct);
  });

  it('names the bars a writer thread could not store, keeps the ones before them and marks the run failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'factorlab-writer-fail-'));
    const market = generateSyntheticMarket({ seed: 6, assets: 12, days: 150 }).market;
    const strategy = await loadStrategy('test/fixtures/strategies/small-momentum.ts', market.series.names);
    const db = openDatabase(join(dir, 'runs.sqlite'));
    // A trigger makes the database refuse one day's row, as a full disk or a broken file would.
    const refused = market.panel.dates[100];
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON daily WHEN NEW.date = '${refused}' BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    await expect(runStrategy({ strategy, market, db, solvers: [await createHighsSolver()] })).rejects.toThrow(new RegExp(`storing bars \\S+\\.\\.\\S+ of run 1 failed: disk says no; the bars before them are stored`));
    const run = db.prepare('SELECT status, error, last_date FROM runs').get() as Record<string, string>;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/disk says no/);
    const days = db.prepare('SELECT count(*) AS n, max(date) AS last FROM daily').get() as { n: number; last: string };
    expect(days.last).toBe(run.last_date);
    expect(days.last < refused).toBe(true);
    expect(days.n % 32).toBe(0);
    db.close();
  });
});
