/**
 * Times the 16-trial × 4-fold study of strategies/momentum-study.ts on the
 * sample with 1 and with 2 worker threads, and checks that both give the same
 * statistics. Not a test: it prints figures.
 *
 *   npm run bench:study
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMarket } from '../src/data/load-market.js';
import { runStudy } from '../src/engine/run-study.js';
import { createHighsSolver } from '../src/optimize/highs-solver.js';
import { openDatabase } from '../src/store/open-database.js';
import { loadStrategy } from '../src/strategy/load-strategy.js';

const market = loadMarket('data/sample');
const strategy = await loadStrategy('strategies/momentum-study.ts', market.series.names);
const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'factorlab-bench-study-')), 'study.sqlite'));
const results = [];
for (const workers of [1, 2]) {
  const started = performance.now();
  const result = await runStudy({ strategy, market, db, solvers: [await createHighsSolver()], settings: { folds: 4, workers } });
  const seconds = (performance.now() - started) / 1000;
  results.push(result);
  console.log(`${workers} worker(s): ${seconds.toFixed(1)} s for ${result.trials.length} trials × ${result.folds.length} folds (${result.trials.length * result.folds.length * 2} walk-forward runs), peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
}
console.log(`identical statistics with 1 and 2 workers: ${JSON.stringify(results[0].stats) === JSON.stringify(results[1].stats)}`);
db.close();
