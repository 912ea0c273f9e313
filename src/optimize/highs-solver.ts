import * as highsModule from 'highs';
import type { Highs } from 'highs';
import type { LinearProgram, LpSolution, LpSolver } from './linear-program.js';

/** highs ships CommonJS typings for an ES module: its default export is the loader. */
const loadHighs = highsModule.default as unknown as () => Promise<Highs>;
let runtime: Promise<Highs> | undefined;

/**
 * HiGHS (WebAssembly) through its structured model API, presolve off (measured
 * much faster on portfolio LPs), tight feasibility tolerances so answers pass
 * the 1e-8 constraint check.
 */
export async function createHighsSolver(options: { timeLimitSeconds?: number } = {}): Promise<LpSolver> {
  runtime ??= loadHighs();
  const highs = await runtime;
  const timeLimit = options.timeLimitSeconds ?? 30;
  return {
    name: 'highs',
    solve(lp: LinearProgram): Promise<LpSolution> {
      const started = performance.now();
      const model = highs.createModel({
        numCols: lp.colCost.length,
        numRows: lp.rowLower.length,
        sense: lp.sense === 'max' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
        colCost: lp.colCost,
        colLower: lp.colLower.map((v) => (v === -Infinity ? -highs.infinity : v)),
        colUpper: lp.colUpper.map((v) => (v === Infinity ? highs.infinity : v)),
        rowLower: lp.rowLower.map((v) => (v === -Infinity ? -highs.infinity : v)),
        rowUpper: lp.rowUpper.map((v) => (v === Infinity ? highs.infinity : v)),
        matrix: {
          format: 'csr',
          numRows: lp.rowLower.length,
          numCols: lp.colCost.length,
          starts: lp.rowStarts,
          indices: lp.colIndex,
          values: lp.values,
        },
      });
      try {
        model.options.set({
          output_flag: false,
          presolve: 'off',
          time_limit: timeLimit,
          primal_feasibility_tolerance: 1e-10,
          dual_feasibility_tolerance: 1e-10,
        });
        const { modelStatus } = model.run();
        const codes = highs.constants.modelStatus;
        const solveMs = performance.now() - started;
        if (modelStatus === codes.optimal) {
          const solution = model.getSolution();
          return Promise.resolve({ status: 'optimal', x: solution.colValue, rowDual: solution.rowDual, colDual: solution.colDual, objective: model.getObjectiveValue(), solveMs });
        }
        if (modelStatus === codes.infeasible) return Promise.resolve({ status: 'infeasible', solveMs, message: 'HiGHS: infeasible' });
        if (modelStatus === codes.unbounded || modelStatus === codes.unboundedOrInfeasible) {
          return Promise.resolve({ status: 'unbounded', solveMs, message: `HiGHS: model status ${modelStatus}` });
        }
        return Promise.resolve({ status: 'failed', solveMs, message: `HiGHS: model status ${modelStatus}` });
      } finally {
        model.dispose();
      }
    },
  };
}
