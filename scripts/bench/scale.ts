/**
 * Scale benchmark (not a test; prints figures): for N = 250, 500 and 1000
 * assets × 3,650 daily bars, generated deterministically with the sample
 * generator, runs the factor-neutral study of scale-strategy.ts and prints the
 * wall time of each stage (load, factors, fits, optimisation, accounting,
 * storage, diagnostics), the total, the peak RSS and the SQLite write rate.
 * Each size runs in its own process, so peak memory is that size's own.
 *
 *   npm run bench                 # all sizes
 *   npm run bench -- --n 1000     # one size
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadMarket } from '../../src/data/load-market.js';
import { runStrategy } from '../../src/engine/run-strategy.js';
import { emptyTimings } from '../../src/engine/walk-forward.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { openDatabase } from '../../src/store/open-database.js';
import { loadStrategy } from '../../src/strategy/load-strategy.js';
import { marketDir } from './bench-market.js';

const { values } = parseArgs({ options: { n: { type: 'string' }, child: { type: 'boolean', default: false }, 'csv-only': { type: 'boolean', default: false } } });

/** Parse the CSV files without the cache, in a process of its own so its peak memory is its own. */
function measureCsv(n: number): void {
  const started = performance.now();
  const market = loadMarket(marketDir(n), { cache: false });
  const ms = performance.now() - started;
  const rawMiB = (market.panel.fieldNames.length * market.panel.dates.length * n * 8) / 2 ** 20;
  console.log(`  CSV parse (streaming, no cache)  ${(ms / 1000).toFixed(2).padStart(5)} s for ${(market.panel.dates.length * n / 1e6).toFixed(2)} M rows; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (raw panel ${rawMiB.toFixed(0)} MiB)`);
}

async function measure(n: number): Promise<void> {
  const dir = marketDir(n);
  const cachedBefore = existsSync(join(dir, '.factorlab-cache', 'prices.csv.panel'));
  const loadStarted = performance.now();
  const market = loadMarket(dir);
  const loadMs = performance.now() - loadStarted;
  const strategy = await loadStrategy('scripts/bench/scale-strategy.ts', market.series.names);
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'factorlab-bench-')), 'bench.sqlite'));
  const timings = emptyTimings();
  const started = performance.now();
  const result = await runStrategy({ strategy, market, db, solvers: [await createHighsSolver()], timings });
  const runMs = performance.now() - started;
  const rows = (db.prepare(`SELECT (SELECT count(*) FROM daily) + (SELECT count(*) FROM holdings) + (SELECT count(*) FROM trades) + (SELECT count(*) FROM targets)
    + (SELECT count(*) FROM fit_loadings) + (SELECT count(*) FROM fit_assets) + (SELECT count(*) FROM fit_factor_returns) + (SELECT count(*) FROM attribution) + (SELECT count(*) FROM events) AS n`).get() as { n: number }).n;
  db.close();
  const fields = market.panel.fieldNames.length;
  const rawMiB = (fields * market.panel.dates.length * n * 8) / 2 ** 20;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  const other = runMs - Object.values(timings).reduce((a, b) => a + b, 0);
  const stages: Array<[string, number]> = [
    [cachedBefore ? 'load (panel cache)' : 'load (CSV parse, cache written)', loadMs],
    ['factors, signal, problem', timings.factors],
    ['fits', timings.fits],
    ['optimisation (LP)', timings.optimisation],
    ['accounting', timings.accounting],
    ['storage (SQLite)', timings.storage],
    ['diagnostics', timings.diagnostics],
    ['other (data checks, setup)', other],
  ];
  const total = loadMs + runMs;
  console.log(`\nN=${n} × ${market.panel.dates.length} bars: ${result.rebalances} rebalances, Sharpe ${result.summary.sharpe.toFixed(3)}, total ${(total / 1000).toFixed(2)} s`);
  for (const [name, ms] of stages) console.log(`  ${name.padEnd(32)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${((100 * ms) / total).toFixed(0).padStart(3)}%`);
  console.log(`  LP per solve                     ${(timings.optimisation / Math.max(1, result.solveMs.length)).toFixed(1).padStart(7)} ms (${result.solveMs.length} solves)`);
  console.log(`  SQLite rows written              ${rows} (${((rows / timings.storage) * 1000 / 1e6).toFixed(2)} M rows/s of storage time)`);
  console.log(`  peak RSS                         ${peakMiB.toFixed(0)} MiB; raw panel ${rawMiB.toFixed(0)} MiB (${fields} fields × bars × assets × 8 B); ratio ${(peakMiB / rawMiB).toFixed(1)}×`);
}

if (values.child && values['csv-only']) {
  measureCsv(Number(values.n));
} else if (values.child) {
  await measure(Number(values.n));
} else {
  const sizes = values.n === undefined ? [250, 500, 1000] : [Number(values.n)];
  console.log(`scale benchmark on ${process.version}, ${(await import('node:os')).cpus().length} cores (${(await import('node:os')).cpus()[0]?.model ?? 'unknown CPU'})`);
  for (const n of sizes) {
    marketDir(n);
    for (const extra of [[], ['--csv-only']]) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/scale.ts', '--child', '--n', String(n), ...extra], { stdio: 'inherit' });
      if (child.status !== 0) process.exit(child.status ?? 1);
    }
  }
}
