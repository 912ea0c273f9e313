/**
 * Times a study on the sample with 1 and with 2 worker threads, and checks
 * that both give the same statistics and the same return of every trial and
 * fold. Not a test: it prints figures. By default the 64-trial × 4-fold sweep
 * of scripts/bench/sweep-strategy.ts (512 walk-forward runs).
 *
 *   npm run bench:study [-- --strategy strategies/momentum-study.ts --folds 4]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadMarket } from '../src/data/load-market.js';
import { runStudy } from '../src/engine/run-study.js';
import { createHighsSolver } from '../src/optimize/highs-solver.js';
import { openDatabase } from '../src/store/open-database.js';
import { loadStrategy } from '../src/strategy/load-strategy.js';

const { values } = parseArgs({ options: { strategy: { type: 'string', default: 'scripts/bench/sweep-strategy.ts' }, folds: { type: 'string', default: '4' } } });
const market = loadMarket('data/sample');
const strategy = await loadStrategy(values.strategy, market.series.names);
const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'factorlab-bench-study-')), 'study.sqlite'));
const results = [];
for (const workers of [1, 2]) {
  const started = performance.now();
  const result = await runStudy({ strategy, market, db, solvers: [await createHighsSolver()], settings: { folds: Number(values.folds), workers } });
  const seconds = (performance.now() - started) / 1000;
  results.push(result);
  console.log(`${workers} worker(s): ${seconds.toFixed(1)} s for ${result.trials.length} trials × ${result.folds.length} folds (${result.trials.length * result.folds.length * 2} walk-forward runs), peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
}
const [one, two] = results;
const differing = (db.prepare(
  `SELECT count(*) AS n FROM study_tasks a JOIN study_tasks b ON b.study_id = ? AND b.trial = a.trial AND b.fold = a.fold AND b.sample = a.sample
   WHERE a.study_id = ? AND a.returns_json IS NOT b.returns_json`,
).get(two.studyId, one.studyId) as { n: number }).n;
console.log(`identical with 1 and 2 workers: statistics ${JSON.stringify(one.stats) === JSON.stringify(two.stats)}; tasks whose stored daily returns differ: ${differing}`);
db.close();
