/**
 * Times the demo run stage by stage and reports peak memory and the LP solve
 * time per rebalance. Not a test: it prints figures.
 *
 *   npm run bench:demo [-- --backend dual-simplex|highs|javascript-lp-solver]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadMarket } from '../src/data/load-market.js';
import { runStrategy } from '../src/app/run-strategy.js';
import { BACKENDS, backendsFrom, createSolvers, isBackendName } from '../src/optimize/backends.js';
import { openDatabase } from '../src/store/open-database.js';
import { loadStrategy } from '../src/strategy/load-strategy.js';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'dual-simplex' }, strategy: { type: 'string', default: 'strategies/momentum-neutral.ts' } } });
const t0 = performance.now();
const market = loadMarket('data/sample');
const t1 = performance.now();
const strategy = await loadStrategy(values.strategy, market.series.names);
// As the CLI does: the chosen backend first, the others after it as fallbacks.
const first = values.backend;
if (!isBackendName(first)) throw new RangeError(`--backend '${first}' must be one of ${BACKENDS.join(', ')}`);
const solvers = await createSolvers(backendsFrom(first));
const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'factorlab-bench-')), 'bench.sqlite'));
const t2 = performance.now();
const result = await runStrategy({ strategy, market, db, solvers });
const t3 = performance.now();
const outcomes = db.prepare('SELECT status, count(*) AS n FROM rebalances WHERE run_id = ? GROUP BY status').all(result.runId) as Array<{ status: string; n: number }>;
const reasons = db
  .prepare("SELECT substr(detail, 1, 110) AS reason, count(*) AS n FROM events WHERE run_id = ? AND kind LIKE 'rebalance-%' GROUP BY substr(detail, 1, 40) ORDER BY n DESC LIMIT 3")
  .all(result.runId) as Array<{ reason: string; n: number }>;
const backends = db.prepare("SELECT backend, count(*) AS n FROM rebalances WHERE run_id = ? AND status = 'optimal' GROUP BY backend").all(result.runId) as Array<{ backend: string; n: number }>;
const fallbacks = db.prepare("SELECT count(*) AS n FROM events WHERE run_id = ? AND kind = 'solver-fallback'").get(result.runId) as { n: number };
db.close();

const solves = [...result.solveMs].sort((a, b) => a - b);
const q = (p: number): number => solves[Math.min(solves.length - 1, Math.floor(p * solves.length))];
const mean = solves.reduce((a, b) => a + b, 0) / solves.length;
const universe = market.panel.assets.length;
console.log(`machine: ${process.platform} ${process.arch}, node ${process.version}`);
console.log(`sample: ${universe} assets x ${market.panel.dates.length} days, backends ${solvers.map((x) => x.name).join(' then ')}`);
console.log(`load CSV          ${((t1 - t0) / 1000).toFixed(2)} s`);
console.log(`load strategy+LP  ${((t2 - t1) / 1000).toFixed(2)} s`);
console.log(`walk-forward run  ${((t3 - t2) / 1000).toFixed(2)} s (fits, factors, ${solves.length} LP solves, accounting, SQLite writes)`);
console.log(`  LP solve total  ${(solves.reduce((a, b) => a + b, 0) / 1000).toFixed(2)} s`);
console.log(`LP solve per rebalance: mean ${mean.toFixed(2)} ms, median ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms, max ${solves[solves.length - 1].toFixed(2)} ms`);
console.log(`rebalance outcomes: ${outcomes.map((o) => `${o.status} ${o.n}`).join(', ')}`);
for (const r of reasons) console.log(`  ${r.n} x ${r.reason}...`);
console.log(`answers used by backend: ${backends.map((b) => `${b.backend} ${b.n}`).join(', ')}; fallbacks to a later backend: ${fallbacks.n}`);
console.log(`total             ${((t3 - t0) / 1000).toFixed(2)} s`);
console.log(`peak RSS          ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
