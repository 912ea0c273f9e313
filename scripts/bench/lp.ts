/**
 * LP benchmark (not a test; prints figures): captures the LPs of the scale
 * study (scale-strategy.ts on the N-asset benchmark market, first weeks) and
 * solves each one under several HiGHS settings and with factorlab's own
 * dual simplex (src/optimize/dual-simplex.ts), printing the time per solve,
 * simplex iterations and the largest objective difference from HiGHS's
 * default settings (which must stay within 1e-6 relative).
 *
 *   npm run bench:lp [-- --n 1000 --weeks 60]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as highsModule from 'highs';
import type { Highs } from 'highs';
import { loadMarket } from '../../src/data/load-market.js';
import { runStrategy } from '../../src/app/run-strategy.js';
import { solveDualSimplex } from '../../src/optimize/dual-simplex.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import type { LinearProgram, LpSolver } from '../../src/optimize/linear-program.js';
import { openDatabase } from '../../src/store/open-database.js';
import { loadStrategy } from '../../src/strategy/load-strategy.js';
import { marketDir } from './bench-market.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '1000' }, weeks: { type: 'string', default: '60' } } });
const n = Number(values.n);
const weeks = Number(values.weeks);

const market = loadMarket(marketDir(n));
const strategy = await loadStrategy('scripts/bench/scale-strategy.ts', market.series.names);
const captured: LinearProgram[] = [];
const highsSolver = await createHighsSolver();
const capturing: LpSolver = { name: 'highs', solve: (lp) => (captured.push(lp), highsSolver.solve(lp)) };
const dates = market.panel.dates;
const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'factorlab-lp-')), 'lp.sqlite'));
await runStrategy({ strategy, market, db, solvers: [capturing], to: dates[Math.min(dates.length - 1, 252 + 7 * weeks)] });
db.close();
const sizes = captured.map((lp) => `${lp.colCost.length}×${lp.rowLower.length}`);
console.log(`LP benchmark on ${process.version}: ${captured.length} LPs from the first ${weeks} weeks of the N=${n} study (columns × rows, e.g. ${sizes[sizes.length - 1]})`);

const highs = await (highsModule.default as unknown as () => Promise<Highs>)();
const infinite = (v: number): number => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v);

interface Variant {
  readonly name: string;
  readonly options: Record<string, string | number | boolean>;
}
const base = { output_flag: false, presolve: 'off', primal_feasibility_tolerance: 1e-10, dual_feasibility_tolerance: 1e-10 };
const variants: Variant[] = [
  { name: 'default (dual simplex chosen)', options: base },
  { name: 'presolve on', options: { ...base, presolve: 'on' } },
  { name: 'serial dual simplex', options: { ...base, simplex_strategy: 1 } },
  { name: 'primal simplex', options: { ...base, simplex_strategy: 4 } },
  { name: 'dual, Devex pricing', options: { ...base, simplex_strategy: 1, simplex_dual_edge_weight_strategy: 1 } },
  { name: 'dual, Dantzig pricing', options: { ...base, simplex_strategy: 1, simplex_dual_edge_weight_strategy: 0 } },
  { name: 'dual, no scaling', options: { ...base, simplex_strategy: 1, simplex_scale_strategy: 0 } },
  { name: 'dual, Devex, no scaling', options: { ...base, simplex_strategy: 1, simplex_dual_edge_weight_strategy: 1, simplex_scale_strategy: 0 } },
  { name: 'interior point + crossover', options: { ...base, solver: 'ipm', run_crossover: 'on' } },
];

/** Every captured LP with the dual simplex; an LP it declines counts as NaN (and as a difference). */
function solveAllDual(): { ms: number; iterations: number; objectives: number[] } {
  const objectives: number[] = [];
  let iterations = 0;
  const started = performance.now();
  for (const lp of captured) {
    const answer = solveDualSimplex(lp);
    objectives.push(answer.status === 'optimal' ? (answer.objective as number) : NaN);
    iterations += answer.iterations ?? 0;
  }
  return { ms: performance.now() - started, iterations, objectives };
}

function solveAll(variant: Variant, warm = false): { ms: number; iterations: number; objectives: number[] } {
  const objectives: number[] = [];
  let iterations = 0;
  let previous: { lp: LinearProgram; colStatus: Int32Array; rowStatus: Int32Array } | undefined;
  const started = performance.now();
  for (const lp of captured) {
    const model = highs.createModel({
      numCols: lp.colCost.length,
      numRows: lp.rowLower.length,
      sense: highs.constants.objectiveSense.maximize,
      colCost: lp.colCost,
      colLower: lp.colLower.map(infinite),
      colUpper: lp.colUpper.map(infinite),
      rowLower: lp.rowLower.map(infinite),
      rowUpper: lp.rowUpper.map(infinite),
      matrix: { format: 'csr', numRows: lp.rowLower.length, numCols: lp.colCost.length, starts: lp.rowStarts, indices: lp.colIndex, values: lp.values },
    });
    model.options.set(variant.options);
    if (warm && previous !== undefined) model.setBasis(mapBasis(previous, lp));
    const { modelStatus } = model.run();
    if (warm && modelStatus === highs.constants.modelStatus.optimal) {
      const basis = model.getBasis();
      previous = { lp, colStatus: basis.colStatus, rowStatus: basis.rowStatus };
    }
    objectives.push(modelStatus === highs.constants.modelStatus.optimal ? model.getObjectiveValue() : NaN);
    iterations += Number(model.info.get('simplex_iteration_count'));
    model.dispose();
  }
  return { ms: performance.now() - started, iterations, objectives };
}

/**
 * The previous LP's basis carried over by column and row name: new columns at
 * their lower bound, new rows basic; then basic entries trimmed or added
 * (slacks of rows) so that exactly one per row is basic.
 */
function mapBasis(previous: { lp: LinearProgram; colStatus: Int32Array; rowStatus: Int32Array }, lp: LinearProgram): { colStatus: Int32Array; rowStatus: Int32Array } {
  const BASIC = 1;
  const LOWER = 0;
  const colIndex = new Map(previous.lp.colNames.map((name, j) => [name, j]));
  const rowIndex = new Map(previous.lp.rowNames.map((name, r) => [name, r]));
  const colStatus = Int32Array.from(lp.colNames, (name) => {
    const j = colIndex.get(name);
    return j === undefined ? LOWER : previous.colStatus[j];
  });
  const rowStatus = Int32Array.from(lp.rowNames, (name) => {
    const r = rowIndex.get(name);
    return r === undefined ? BASIC : previous.rowStatus[r];
  });
  let basic = 0;
  for (const s of colStatus) if (s === BASIC) basic++;
  for (const s of rowStatus) if (s === BASIC) basic++;
  for (let r = 0; r < rowStatus.length && basic < lp.rowLower.length; r++) if (rowStatus[r] !== BASIC) { rowStatus[r] = BASIC; basic++; }
  for (let j = colStatus.length - 1; j >= 0 && basic > lp.rowLower.length; j--) if (colStatus[j] === BASIC) { colStatus[j] = LOWER; basic--; }
  return { colStatus, rowStatus };
}

const ROUNDS = 3;
const DUAL: Variant = { name: 'factorlab dual simplex', options: {} };
const variantsRun = [...variants.map((v) => ({ variant: v, warm: false })), { variant: variants[0], warm: true }, { variant: DUAL, warm: false }];
const times = variantsRun.map(() => [] as number[]);
const iterations = variantsRun.map(() => 0);
const worst = variantsRun.map(() => 0);
const reference = solveAll(variants[0]).objectives;
// Rounds interleave the settings, so a slow spell of this shared machine hits them all alike.
for (let round = 0; round < ROUNDS; round++) {
  variantsRun.forEach(({ variant, warm }, v) => {
    const run = variant === DUAL ? solveAllDual() : solveAll(variant, warm);
    times[v].push(run.ms / captured.length);
    iterations[v] = run.iterations / captured.length;
    worst[v] = Math.max(worst[v], ...run.objectives.map((o, j) => (Number.isNaN(o) !== Number.isNaN(reference[j]) ? Infinity : Number.isNaN(o) ? 0 : Math.abs(o - reference[j]) / (1 + Math.abs(reference[j])))));
  });
}
console.log(`  ${'settings'.padEnd(34)} ${'ms/solve (median of 3)'.padStart(23)} ${'iterations'.padStart(11)}  max |Δobjective|/(1+|objective|)`);
variantsRun.forEach(({ variant, warm }, v) => {
  const sorted = [...times[v]].sort((a, b) => a - b);
  console.log(`  ${(variant.name + (warm ? ', warm basis' : '')).padEnd(34)} ${sorted[1].toFixed(2).padStart(23)} ${iterations[v].toFixed(0).padStart(11)}  ${worst[v].toExponential(1)}`);
});
