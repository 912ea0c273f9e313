import { OptimizerError } from '../core/errors.js';
import { buildProblem, weightsFromSolution } from './build-problem.js';
import { checkPortfolio } from './check-portfolio.js';
import { certifyOptimality } from './duality-gap.js';
import { diagnoseInfeasible, describeFamily } from './diagnose-infeasible.js';
import type { LpSolver } from './linear-program.js';
import type { PortfolioProblem } from './portfolio-problem.js';
import { validateProblem } from './validate-problem.js';

export interface OptimizeResult {
  /** Weights aligned with `problem.assets`, checked against every limit. */
  readonly weights: Float64Array;
  readonly objective: number;
  /** The backend whose answer was used. */
  readonly backend: string;
  readonly solveMs: number;
  /** Relative duality gap of the answer when its backend gave duals (`NaN` otherwise). */
  readonly dualityGap: number;
  /** Backends tried before it, and why their answers were not used. */
  readonly rejected: ReadonlyArray<{ readonly backend: string; readonly reason: string }>;
}

export interface OptimizeOptions {
  /**
   * Find the conflicting limits of an infeasible problem (one LP per limit
   * family; default true). A caller that relaxes limits anyway skips it until
   * it has to explain a final failure.
   */
  readonly diagnose?: boolean;
}

/** Largest relative duality gap and stationarity residual an answer may have. */
export const OPTIMALITY_TOLERANCE = 1e-7;

/**
 * Solve a portfolio problem with the first backend whose answer passes the
 * checks that do not trust the solver: every limit within 1e-8 from the
 * weights themselves (`checkPortfolio`) and, when the backend gives duals, a
 * duality gap and stationarity residual within 1e-7 (relative). An answer that
 * fails, a failed solve, or an "infeasible" verdict passes the problem to the
 * next backend, and the event is returned.
 *
 * @throws OptimizerError `invalid-problem` (bad shapes, NaN inputs, unbounded
 *   long-short), `infeasible` when no backend found weights and one said
 *   infeasible (with an irreducible conflicting set of limits and their values),
 *   `no-valid-answer` when no backend produced an answer that passes the checks
 */
export async function optimizePortfolio(problem: PortfolioProblem, solvers: readonly LpSolver[], options: OptimizeOptions = {}): Promise<OptimizeResult> {
  validateProblem(problem);
  const lp = buildProblem(problem);
  const n = problem.assets.length;
  const rejected: Array<{ backend: string; reason: string }> = [];
  let infeasibleBy: LpSolver | undefined;
  let totalMs = 0;
  for (const solver of solvers) {
    const solution = await solver.solve(lp);
    totalMs += solution.solveMs;
    if (solution.status === 'infeasible') infeasibleBy ??= solver;
    if (solution.status !== 'optimal' || solution.x === undefined) {
      rejected.push({ backend: solver.name, reason: solution.message ?? solution.status });
      continue;
    }
    const weights = weightsFromSolution(lp, solution.x);
    const violations = checkPortfolio(problem, weights);
    if (violations.length > 0) {
      const worst = violations.reduce((a, b) => (b.excess > a.excess ? b : a));
      rejected.push({
        backend: solver.name,
        reason: `answer violates ${violations.length} limit(s); worst ${worst.constraint} = ${worst.value} (limit ${worst.limit}, excess ${worst.excess.toExponential(2)})`,
      });
      continue;
    }
    let dualityGap = NaN;
    if (solution.rowDual !== undefined && solution.colDual !== undefined) {
      const c = certifyOptimality(lp, solution.x, solution.rowDual, solution.colDual);
      const scale = 1 + Math.abs(c.primal);
      dualityGap = Math.abs(c.primal - c.dual) / scale;
      if (!(dualityGap <= OPTIMALITY_TOLERANCE && c.stationarity <= OPTIMALITY_TOLERANCE * scale && c.unboundedDual <= OPTIMALITY_TOLERANCE)) {
        rejected.push({
          backend: solver.name,
          reason: `answer not certified optimal: duality gap ${dualityGap.toExponential(2)}, stationarity residual ${c.stationarity.toExponential(2)}, dual on an infinite bound ${c.unboundedDual.toExponential(2)}`,
        });
        continue;
      }
    }
    return { weights, objective: (solution.objective ?? NaN) + lp.objectiveOffset, backend: solver.name, solveMs: totalMs, dualityGap, rejected };
  }
  if (infeasibleBy !== undefined) {
    const conflicting = options.diagnose === false ? [] : await diagnoseInfeasible(problem, infeasibleBy);
    throw new OptimizerError(
      'infeasible',
      `no weights satisfy every limit (${infeasibleBy.name}, ${n} assets); ${
        options.diagnose === false ? 'not diagnosed' : conflicting.length > 0 ? `these limits conflict: ${conflicting.map((f) => describeFamily(problem, f)).join('; ')}` : 'no conflicting set found'
      }`,
      conflicting,
    );
  }
  throw new OptimizerError('no-valid-answer', `no backend returned weights that pass the checks: ${rejected.map((r) => `${r.backend}: ${r.reason}`).join('; ')}`);
}
