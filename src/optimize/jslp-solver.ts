import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Model } from 'javascript-lp-solver';
import type { LinearProgram, LpSolution, LpSolver } from './linear-program.js';

const OBJECTIVE = '__objective';

/**
 * The LP as javascript-lp-solver's JSON model. Its `unrestricted` variables gave
 * wrong optima here (a two-variable LP solved to 0 instead of 2), so every
 * column is shifted to a non-negative variable `y = x − lower`; finite upper
 * bounds become rows. Columns need finite lower bounds (the portfolio builder
 * always gives them).
 */
export function toJsLpModel(lp: LinearProgram): Model {
  const constraints: Model['constraints'] = {};
  const variables: Model['variables'] = {};
  const bound = (lo: number, hi: number): { min?: number; max?: number; equal?: number } => {
    if (lo === hi) return { equal: lo };
    const b: { min?: number; max?: number } = {};
    if (lo > -Infinity) b.min = lo;
    if (hi < Infinity) b.max = hi;
    return b;
  };
  lp.colNames.forEach((name, j) => {
    if (!Number.isFinite(lp.colLower[j])) throw new RangeError(`javascript-lp-solver adapter: column ${name} needs a finite lower bound`);
    const coefs: Record<string, number> = { [OBJECTIVE]: lp.colCost[j] };
    if (lp.colUpper[j] < Infinity) {
      constraints[`bound:${name}`] = { max: lp.colUpper[j] - lp.colLower[j] };
      coefs[`bound:${name}`] = 1;
    }
    variables[name] = coefs;
  });
  lp.rowNames.forEach((row, r) => {
    let shift = 0;
    for (let k = lp.rowStarts[r]; k < lp.rowStarts[r + 1]; k++) {
      const j = lp.colIndex[k];
      shift += lp.values[k] * lp.colLower[j];
      (variables[lp.colNames[j]] as Record<string, number>)[`row:${row}`] = lp.values[k];
    }
    constraints[`row:${row}`] = bound(lp.rowLower[r] - shift, lp.rowUpper[r] - shift);
  });
  return { optimize: OBJECTIVE, opType: lp.sense, constraints, variables };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const mod = require(workerData.solverPath);
const solver = mod.default ?? mod;
parentPort.postMessage(solver.Solve(workerData.model));
`;

/**
 * javascript-lp-solver in a worker thread, so its run can be stopped: it only
 * checks its own time limit in branch-and-cut and was seen never to return on
 * an LP. The solve is terminated after `timeLimitSeconds`.
 */
export function createJsLpSolver(options: { timeLimitSeconds?: number } = {}): LpSolver {
  const solverPath = createRequire(import.meta.url).resolve('javascript-lp-solver');
  const timeLimitMs = (options.timeLimitSeconds ?? 30) * 1000;
  return {
    name: 'javascript-lp-solver',
    solve(lp: LinearProgram): Promise<LpSolution> {
      const started = performance.now();
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { solverPath, model: toJsLpModel(lp) } });
      return new Promise<LpSolution>((resolve) => {
        const finish = (solution: Omit<LpSolution, 'solveMs'>): void => {
          clearTimeout(timer);
          void worker.terminate();
          resolve({ ...solution, solveMs: performance.now() - started });
        };
        const timer = setTimeout(() => finish({ status: 'failed', message: `javascript-lp-solver: no answer within ${timeLimitMs} ms` }), timeLimitMs);
        worker.once('error', (err) => finish({ status: 'failed', message: `javascript-lp-solver: ${err.message}` }));
        worker.once('message', (result: Record<string, number | boolean | undefined>) => {
          if (result.feasible !== true) return finish({ status: 'infeasible', message: 'javascript-lp-solver: infeasible' });
          if (result.bounded === false) return finish({ status: 'unbounded', message: 'javascript-lp-solver: unbounded' });
          const x = Float64Array.from(lp.colNames, (name, j) => {
            const v = result[name];
            return lp.colLower[j] + (typeof v === 'number' ? v : 0);
          });
          let objective = 0;
          for (let j = 0; j < x.length; j++) objective += lp.colCost[j] * x[j];
          finish({ status: 'optimal', x, objective });
        });
      });
    },
  };
}
