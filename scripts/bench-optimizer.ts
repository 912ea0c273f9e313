/**
 * Optimizer benchmark. Not a test: it prints figures.
 *  1. Solve time per backend (factorlab's dual simplex, HiGHS,
 *     javascript-lp-solver) for N = 100, 500, 1000, 2000 assets, long-short,
 *     dollar-neutral, exactly neutral to K = 10 factors, with a turnover budget.
 *  2. How often javascript-lp-solver's answers fail the checks, by size, on
 *     generated problems with every limit type (HiGHS's never do: see
 *     test/optimize/constraints.test.ts).
 *
 *   npm run bench:optimizer [-- --repeats 5 --trials 20]
 */
import { parseArgs } from 'node:util';
import { Random } from '../src/core/random.js';
import { buildProblem, weightsFromSolution } from '../src/optimize/build-problem.js';
import { checkPortfolio, portfolioObjective } from '../src/optimize/check-portfolio.js';
import { createDualSimplexSolver } from '../src/optimize/dual-simplex.js';
import { createHighsSolver } from '../src/optimize/highs-solver.js';
import { createJsLpSolver } from '../src/optimize/jslp-solver.js';
import type { LpSolver } from '../src/optimize/linear-program.js';
import type { PortfolioProblem } from '../src/optimize/portfolio-problem.js';
import { randomPortfolioProblem } from '../test/helpers/random-problem.js';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '5' }, trials: { type: 'string', default: '20' } } });
const repeats = Number(values.repeats);
const trials = Number(values.trials);
const highs = await createHighsSolver();
const jslp = createJsLpSolver({ timeLimitSeconds: 60 });
const dual = createDualSimplexSolver();

/** Dollar-neutral, gross 2, 10 exactly neutral exposures, a 0.5 turnover budget from a feasible current book. */
function neutralProblem(n: number, seed: number): PortfolioProblem {
  const rng = new Random(seed);
  const K = 10;
  const exposures = Array.from({ length: K }, () => Float64Array.from({ length: n }, () => rng.normal()));
  const w = Float64Array.from({ length: n }, () => rng.normal() / n);
  for (const b of [new Float64Array(n).fill(1), ...exposures]) {
    let bw = 0;
    let bb = 0;
    for (let i = 0; i < n; i++) { bw += b[i] * w[i]; bb += b[i] * b[i]; }
    for (let i = 0; i < n; i++) w[i] -= (bw / bb) * b[i];
  }
  return {
    assets: Array.from({ length: n }, (_, i) => `A${i}`),
    alpha: Float64Array.from({ length: n }, () => rng.normal()),
    current: w,
    neutral: exposures.map((e, k) => ({ name: `f${k}`, exposures: e, band: 1e-6 })),
    net: 0,
    gross: 2,
    maxAbsWeight: Math.max(0.02, 4 / n),
    longOnly: false,
    maxTurnover: 0.5,
    costPerUnitTraded: 0.0007,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeSolve(solver: LpSolver, n: number): Promise<{ median: number; max: number; ok: number; excess: number }> {
  const ms: number[] = [];
  const worst: number[] = [];
  let ok = 0;
  for (let r = 0; r < repeats; r++) {
    const problem = neutralProblem(n, 100 + r);
    const lp = buildProblem(problem);
    const solution = await solver.solve(lp);
    ms.push(solution.solveMs);
    if (solution.status !== 'optimal' || solution.x === undefined) continue;
    const violations = checkPortfolio(problem, weightsFromSolution(lp, solution.x));
    if (violations.length === 0) ok++;
    else worst.push(Math.max(...violations.map((v) => v.excess)));
  }
  return { median: median(ms), max: Math.max(...ms), ok, excess: worst.length === 0 ? 0 : median(worst) };
}

console.log(`node ${process.version}; ${repeats} problems per size; K = 10 neutral factors, turnover budget 0.5, dollar-neutral, gross 2`);
console.log('\nSolve time per rebalance (ms): median / max, and answers passing the check');
console.log(`${'N'.padStart(6)}  ${'dual simplex'.padStart(36)}  ${'HiGHS'.padStart(36)}  ${'javascript-lp-solver'.padStart(36)}`);
for (const n of [100, 500, 1000, 2000]) {
  const d = await timeSolve(dual, n);
  const h = await timeSolve(highs, n);
  const j = n <= 1000 ? await timeSolve(jslp, n) : undefined;
  const cell = (x: { median: number; max: number; ok: number; excess: number } | undefined): string =>
    x === undefined ? 'not run (minutes per solve)'.padStart(36) : `${x.median.toFixed(1)} / ${x.max.toFixed(1)} (${x.ok}/${repeats} ok${x.excess > 0 ? `, excess ${x.excess.toExponential(0)}` : ''})`.padStart(36);
  console.log(`${String(n).padStart(6)}  ${cell(d)}  ${cell(h)}  ${cell(j)}`);
}

console.log(`\njavascript-lp-solver on generated problems with every limit type (${trials} per size, HiGHS as the reference)`);
console.log(`${'N'.padStart(6)}  ${'violates a limit'.padStart(17)}  ${'median excess'.padStart(14)}  ${'wrong optimum'.padStart(14)}  ${'false "infeasible"'.padStart(19)}  ${'no answer'.padStart(10)}  ${'fails, total'.padStart(13)}`);
for (const n of [10, 20, 50, 100, 200]) {
  let violates = 0;
  let wrong = 0;
  let falseInfeasible = 0;
  let noAnswer = 0;
  const excess: number[] = [];
  for (let k = 0; k < trials; k++) {
    const { problem } = randomPortfolioProblem(1000 * n + k, n, (['max-alpha', 'min-distance', 'min-exposure'] as const)[k % 3], k % 2 === 0);
    const lp = buildProblem(problem);
    const reference = await highs.solve(lp);
    const best = portfolioObjective(problem, weightsFromSolution(lp, reference.x as Float64Array));
    const answer = await jslp.solve(lp);
    if (answer.status === 'infeasible') falseInfeasible++;
    else if (answer.status !== 'optimal' || answer.x === undefined) noAnswer++;
    else if (checkPortfolio(problem, weightsFromSolution(lp, answer.x)).length > 0) {
      violates++;
      excess.push(Math.max(...checkPortfolio(problem, weightsFromSolution(lp, answer.x)).map((v) => v.excess)));
    }
    else if (portfolioObjective(problem, weightsFromSolution(lp, answer.x)) < best - 1e-6 * (1 + Math.abs(best))) wrong++;
  }
  const pct = (x: number): string => `${x} (${Math.round((100 * x) / trials)}%)`;
  console.log(
    `${String(n).padStart(6)}  ${pct(violates).padStart(17)}  ${(excess.length === 0 ? '-' : median(excess).toExponential(1)).padStart(14)}  ${pct(wrong).padStart(14)}  ${pct(falseInfeasible).padStart(19)}  ${pct(noAnswer).padStart(10)}  ${pct(violates + wrong + falseInfeasible + noAnswer).padStart(13)}`,
  );
}
