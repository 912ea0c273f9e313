import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { loadMarket } from '../../src/data/load-market.js';
import { writeMarketCsv } from '../../src/data/write-market-csv.js';
import { runStrategy } from '../../src/app/run-strategy.js';
import { runStudy } from '../../src/app/run-study.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { openDatabase } from '../../src/store/open-database.js';
import { loadStrategy } from '../../src/strategy/load-strategy.js';

export interface ReportFixture {
  readonly dir: string;
  readonly db: string;
  readonly runIds: readonly [number, number];
  readonly studyId: number;
}

/** A small market on disk, two runs of the fixture momentum strategy (different periods) and a 4-trial, 2-fold study, in one database. */
export async function buildReportFixture(): Promise<ReportFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'factorlab-report-'));
  writeMarketCsv(join(dir, 'market'), generateSyntheticMarket({ seed: 41, assets: 16, days: 330 }).market);
  const market = loadMarket(join(dir, 'market'));
  const dbFile = join(dir, 'report.sqlite');
  const db = openDatabase(dbFile);
  try {
    const solvers = [await createHighsSolver()];
    const momentum = await loadStrategy('test/fixtures/strategies/small-momentum.ts', market.series.names);
    const a = await runStrategy({ strategy: momentum, market, db, solvers });
    const b = await runStrategy({ strategy: momentum, market, db, solvers, from: market.panel.dates[200] });
    const studyStrategy = await loadStrategy('test/fixtures/strategies/small-study.ts', market.series.names);
    const study = await runStudy({ strategy: studyStrategy, market, db, solvers, settings: { folds: 2, testBars: 60, trainBars: 100, workers: 1 } });
    return { dir, db: dbFile, runIds: [a.runId, b.runId], studyId: study.studyId };
  } finally {
    db.close();
  }
}
