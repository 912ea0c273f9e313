/**
 * Scale benchmark (not a test; prints figures): for N = 250, 500 and 1000
 * assets × 3,650 daily bars, generated deterministically with the sample
 * generator, runs the factor-neutral study of scale-strategy.ts and prints the
 * wall time of each stage (load, factors, fits, optimisation, accounting,
 * storage, diagnostics), the total, the peak RSS and the SQLite write rate.
 * Each measurement runs in its own process, so peak memory is its own; each
 * size is measured `--repeat` times (default 3) and the median printed with
 * the range, since timings on a shared 2-core machine move by ±30%.
 *
 *   npm run bench                             # all sizes
 *   npm run bench -- --n 1000 --repeat 5      # one size
 *   npm run bench -- --n 1000 --node-defaults # without the young-generation and malloc-arena caps
 *   npm run bench -- --n 1000 --writer direct # SQLite writes on the engine's thread, not a writer thread
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadMarket } from '../../src/data/load-market.js';
import { runStrategy } from '../../src/app/run-strategy.js';
import { StageTotals } from '../../src/engine/stage-clock.js';
import { createDualSimplexSolver } from '../../src/optimize/dual-simplex.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { openDatabase } from '../../src/store/open-database.js';
import { loadStrategy } from '../../src/strategy/load-strategy.js';
import { marketDir } from './bench-market.js';

const { values } = parseArgs({
  options: { n: { type: 'string' }, repeat: { type: 'string', default: '3' }, 'node-defaults': { type: 'boolean', default: false }, child: { type: 'boolean', default: false }, 'csv-only': { type: 'boolean', default: false }, writer: { type: 'string', default: 'thread' } },
});

/**
 * V8's young generation, capped for the measured processes as for a long CLI
 * run (docs/data.md, "Memory"): Node's default 16 MiB semi-spaces hold about
 * 30 MiB of garbage more at peak. `--node-defaults` measures without the cap.
 */
const SEMI_SPACE_MIB = 8;

/**
 * glibc's malloc arenas, capped as the CLI caps them (docs/data.md, "Memory"):
 * each thread that mallocs (the engine, the SQLite writer, V8's helpers) may
 * otherwise get an arena of its own that keeps freed memory resident.
 */
const MALLOC_ARENAS = '2';

/** What one measured process reports (milliseconds, MiB), as one JSON line on stdout. */
interface Measurement {
  readonly stages: Record<string, number>;
  readonly totalMs: number;
  readonly rebalances: number;
  readonly solves: number;
  /** The LP backends' own time in the solves (the dual simplex, HiGHS for what it declines), within the LP stage. */
  readonly solverMs: number;
  readonly sharpe: number;
  readonly rows: number;
  /** SQLite's time executing the run's statements, on the writer thread (overlapping the stages above). */
  readonly writerMs: number;
  readonly peakMiB: number;
  readonly rawMiB: number;
  readonly csvMs: number;
  readonly csvPeakMiB: number;
}

/** Parse the CSV files without the cache, in a process of its own so its peak memory is its own. */
function measureCsv(n: number): Pick<Measurement, 'csvMs' | 'csvPeakMiB'> {
  const started = performance.now();
  loadMarket(marketDir(n), { cache: false });
  return { csvMs: performance.now() - started, csvPeakMiB: process.resourceUsage().maxRSS / 1024 };
}

async function measure(n: number): Promise<Omit<Measurement, 'csvMs' | 'csvPeakMiB'>> {
  const dir = marketDir(n);
  const loadStarted = performance.now();
  const market = loadMarket(dir);
  const loadMs = performance.now() - loadStarted;
  const strategy = await loadStrategy('scripts/bench/scale-strategy.ts', market.series.names);
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'factorlab-bench-')), 'bench.sqlite'));
  const timings = new StageTotals();
  const started = performance.now();
  const result = await runStrategy({ strategy, market, db, solvers: [createDualSimplexSolver(), await createHighsSolver()], observer: timings, writer: values.writer === 'direct' ? 'direct' : 'thread' });
  const runMs = performance.now() - started;
  const rows = (db.prepare(`SELECT (SELECT count(*) FROM daily) + (SELECT count(*) FROM holdings) + (SELECT count(*) FROM trades) + (SELECT count(*) FROM targets)
    + (SELECT count(*) FROM fit_loadings) + (SELECT count(*) FROM fit_assets) + (SELECT count(*) FROM fit_factor_returns) + (SELECT count(*) FROM attribution) + (SELECT count(*) FROM events) AS n`).get() as { n: number }).n;
  db.close();
  const other = runMs - Object.values(timings).reduce((a, b) => a + b, 0);
  return {
    stages: {
      'load (panel cache)': loadMs,
      'factors, signal, problem': timings.factors,
      fits: timings.fits,
      'optimisation (LP)': timings.optimisation,
      accounting: timings.accounting,
      'storage (SQLite)': timings.storage,
      diagnostics: timings.diagnostics,
      'other (data checks, setup)': other,
    },
    totalMs: loadMs + runMs,
    rebalances: result.rebalances,
    solves: result.solveMs.length,
    solverMs: result.solveMs.reduce((a, b) => a + b, 0),
    sharpe: result.summary.sharpe,
    rows,
    writerMs: result.storage.writerMs,
    peakMiB: process.resourceUsage().maxRSS / 1024,
    rawMiB: (market.panel.fieldNames.length * market.panel.dates.length * n * 8) / 2 ** 20,
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Run one measuring process and read its JSON line. */
function child(n: number, csvOnly: boolean): Partial<Measurement> {
  const run = spawnSync(process.execPath, [...(values['node-defaults'] ? [] : [`--max-semi-space-size=${SEMI_SPACE_MIB}`]), '--import', 'tsx', 'scripts/bench/scale.ts', '--child', '--n', String(n), '--writer', String(values.writer), ...(csvOnly ? ['--csv-only'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: values['node-defaults'] ? process.env : { ...process.env, MALLOC_ARENA_MAX: MALLOC_ARENAS },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as Partial<Measurement>;
}

function report(n: number, runs: ReadonlyArray<Measurement>): void {
  const first = runs[0];
  const spread = (pick: (m: Measurement) => number, digits = 2, unit = 1000): string => {
    const xs = runs.map(pick);
    const fmt = (x: number): string => (x / unit).toFixed(digits);
    return `${fmt(median(xs)).padStart(7)}${runs.length > 1 ? `  (${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))})` : ''}`;
  };
  console.log(`\nN=${n} × 3650 bars: ${first.rebalances} rebalances, Sharpe ${first.sharpe.toFixed(3)}; median of ${runs.length} runs (min-max)`);
  console.log(`  ${'total'.padEnd(30)} ${spread((m) => m.totalMs)} s`);
  for (const stage of Object.keys(first.stages)) console.log(`  ${stage.padEnd(30)} ${spread((m) => m.stages[stage])} s`);
  console.log(`  ${'LP stage per rebalance'.padEnd(30)} ${spread((m) => m.stages['optimisation (LP)'] / m.rebalances, 1, 1)} ms`);
  console.log(`  ${'  of which the LP backend'.padEnd(30)} ${spread((m) => m.solverMs)} s (the solves themselves, as the backends time them)`);
  const where = values.writer === 'direct' ? 'on the engine thread (within storage)' : 'by the writer thread (overlapping the stages above)';
  console.log(`  ${'SQLite rows written'.padEnd(30)} ${first.rows} ${where} in ${spread((m) => m.writerMs)} s: ${spread((m) => m.rows / m.writerMs, 2, 1000)} M rows/s`);
  console.log(`  ${'peak RSS'.padEnd(30)} ${spread((m) => m.peakMiB, 0, 1)} MiB; raw panel ${first.rawMiB.toFixed(0)} MiB (fields × bars × assets × 8 B); ratio ${(median(runs.map((m) => m.peakMiB)) / first.rawMiB).toFixed(2)}×`);
  console.log(`  ${'CSV parse, no cache'.padEnd(30)} ${spread((m) => m.csvMs)} s; peak RSS ${spread((m) => m.csvPeakMiB, 0, 1)} MiB`);
}

if (values.child) {
  const n = Number(values.n);
  console.log(JSON.stringify(values['csv-only'] ? measureCsv(n) : await measure(n)));
} else {
  const sizes = values.n === undefined ? [250, 500, 1000] : [Number(values.n)];
  const repeat = Number(values.repeat);
  console.log(`memory settings: ${values['node-defaults'] ? "Node's and glibc's defaults" : `--max-semi-space-size=${SEMI_SPACE_MIB}, MALLOC_ARENA_MAX=${MALLOC_ARENAS}`}`);
  console.log(`scale benchmark on ${process.version}, ${(await import('node:os')).cpus().length} cores (${(await import('node:os')).cpus()[0]?.model ?? 'unknown CPU'})`);
  for (const n of sizes) {
    // Generate the market and write its panel cache here, so every measured run loads from the cache.
    loadMarket(marketDir(n));
    const runs = Array.from({ length: repeat }, () => ({ ...child(n, false), ...child(n, true) }) as Measurement);
    report(n, runs);
  }
}
