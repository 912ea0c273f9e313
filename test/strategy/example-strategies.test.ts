import { readdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Market } from '../../src/core/panel.js';
import { loadMarket } from '../../src/data/load-market.js';
import { runStrategy } from '../../src/app/run-strategy.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { loadStrategy } from '../../src/strategy/load-strategy.js';

/** Each rebalance's targets: net Σw, the smallest weight, and the exposure Σ w·b to the model's market loading (fit in force). */
function targetStats(db: Db, runId: number): Array<{ date: string; status: string; net: number; minWeight: number; beta: number; hedgeNet: number }> {
  return db
    .prepare(
      `SELECT r.date, r.status, sum(t.weight) AS net, min(t.weight) AS minWeight,
              sum(t.weight * coalesce(l.loading, 0)) AS beta,
              sum(CASE WHEN t.asset IN ('A002', 'A064', 'A072') THEN t.weight ELSE 0 END) AS hedgeNet
       FROM rebalances r JOIN targets t ON t.run_id = r.run_id AND t.date = r.date
       LEFT JOIN fit_loadings l ON l.run_id = t.run_id AND l.asset = t.asset AND l.factor = 'market'
         AND l.date = (SELECT max(f.date) FROM fits f WHERE f.run_id = r.run_id AND f.date <= r.date)
       WHERE r.run_id = ? GROUP BY r.date ORDER BY r.date`,
    )
    .all(runId) as Array<{ date: string; status: string; net: number; minWeight: number; beta: number; hedgeNet: number }>;
}

describe('the example strategies of docs/strategies.md run on the sample data and keep their promises', () => {
  let market: Market;
  let db: Db;
  const run = async (file: string): Promise<number> => {
    const strategy = await loadStrategy(file, market.series.names);
    const result = await runStrategy({ strategy, market, db, solvers: [await createHighsSolver()], from: '2023-01-01', to: '2023-03-31' });
    return result.runId;
  };
  beforeAll(() => {
    market = loadMarket('data/sample');
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'factorlab-examples-')), 'examples.sqlite'));
    return () => db.close();
  });

  it('every module in strategies/ loads and finishes a quarter', async () => {
    for (const file of readdirSync('strategies').filter((f) => f.endsWith('.ts'))) {
      const runId = await run(join('strategies', file));
      expect((db.prepare('SELECT status FROM runs WHERE id = ?').get(runId) as { status: string }).status, file).toBe('finished');
    }
  }, 180_000);

  it('factor-neutral (momentum-neutral): dollar-neutral targets within the weight cap', async () => {
    const runId = await run('strategies/momentum-neutral.ts');
    const rows = targetStats(db, runId).filter((r) => r.status === 'optimal');
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) expect(Math.abs(r.net)).toBeLessThan(1e-8);
    const maxAbs = db.prepare('SELECT max(abs(weight)) AS x FROM targets WHERE run_id = ?').get(runId) as { x: number };
    expect(maxAbs.x).toBeLessThanOrEqual(0.05 + 1e-9);
  }, 60_000);

  it('factor-tilted (beta-tilted-carry): dollar-neutral with a model beta inside 0.3 ± 0.05', async () => {
    const rows = targetStats(db, await run('strategies/beta-tilted-carry.ts')).filter((r) => r.status === 'optimal');
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) {
      expect(Math.abs(r.net)).toBeLessThan(1e-8);
      expect(r.beta).toBeGreaterThanOrEqual(0.25 - 1e-7);
      expect(r.beta).toBeLessThanOrEqual(0.35 + 1e-7);
    }
  }, 60_000);

  it('long-only (long-only-low-vol): no short weight, fully invested', async () => {
    const rows = targetStats(db, await run('strategies/long-only-low-vol.ts'));
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows) {
      expect(r.minWeight).toBeGreaterThanOrEqual(-1e-12);
      expect(r.net).toBeCloseTo(1, 8);
    }
  }, 60_000);

  it('hedged (hedged-momentum): the long book is hedged to |beta| ≤ 0.05 by shorting the three instruments', async () => {
    const runId = await run('strategies/hedged-momentum.ts');
    const rows = targetStats(db, runId);
    const hedges = db.prepare("SELECT count(*) AS n FROM events WHERE run_id = ? AND kind = 'hedge'").get(runId) as { n: number };
    expect(hedges.n).toBe(rows.length);
    for (const r of rows) {
      expect(Math.abs(r.beta)).toBeLessThanOrEqual(0.05 + 1e-7);
      expect(r.hedgeNet).toBeLessThan(0);
      expect(r.net - r.hedgeNet).toBeCloseTo(1, 8);
    }
  }, 60_000);
});
