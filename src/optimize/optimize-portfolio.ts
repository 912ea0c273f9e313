import { OptimizerError } from '../core/errors.js';
import { buildProblem, type ConstraintFamily } from './build-problem.js';
import { checkPortfolio } from './check-portfolio.js';
import type { LpSolver } from './linear-program.js';
import type { PortfolioProblem } from './portfolio-problem.js';

export interface OptimizeResult {
  /** Weights aligned with `problem.assets`, checked against every limit. */
  readonly weights: Float64Array;
  readonly objective: number;
  /** The backend whose answer was used. */
  readonly backend: string;
  readonly solveMs: number;
  /** Backends tried before it, and why their answers were not used. */
  readonly rejected: ReadonlyArray<{ readonly backend: string; readonly reason: string }>;
}

/**
 * Solve a portfolio problem with the first backend whose answer passes
 * `checkPortfolio`. An answer that fails the check, a failed solve, or an
 * "infeasible" verdict passes the problem to the next backend (a verdict from
 * one backend is not trusted alone), and the event is returned.
 *
 * @throws OptimizerError `invalid-problem` (NaN inputs, unbounded long-short),
 *   `infeasible` when no backend found weights and one said infeasible (with the
 *   constraint families that conflict, diagnosed by that backend),
 *   `no-valid-answer` when no backend produced weights that pass the check
 */
export async function optimizePortfolio(problem: PortfolioProblem, solvers: readonly LpSolver[]): Promise<OptimizeResult> {
  validateProblem(problem);
  const lp = buildProblem(problem);
  const n = problem.assets.length;
  const rejected: Array<{ backend: string; reason: string }> = [];
  let infeasibleBy: LpSolver | undefined;
  let totalMs = 0;
  for (const solver of solvers) {
    const solution = await solver.solve(lp);
    totalMs += solution.solveMs;
    if (solution.status === 'infeasible') infeasibleBy = solver;
    if (solution.status !== 'optimal' || solution.x === undefined) {
      rejected.push({ backend: solver.name, reason: solution.message ?? solution.status });
      continue;
    }
    const weights = solution.x.slice(0, n);
    const violations = checkPortfolio(problem, weights);
    if (violations.length > 0) {
      const worst = violations.reduce((a, b) => (b.excess > a.excess ? b : a));
      rejected.push({
        backend: solver.name,
        reason: `answer violates ${violations.length} limit(s); worst ${worst.constraint} = ${worst.value} (limit ${worst.limit}, excess ${worst.excess.toExponential(2)})`,
      });
      continue;
    }
    return { weights, objective: solution.objective ?? NaN, backend: solver.name, solveMs: totalMs, rejected };
  }
  if (infeasibleBy !== undefined) {
    const conflicting = await diagnoseInfeasible(problem, infeasibleBy);
    throw new OptimizerError(
      'infeasible',
      `no weights satisfy every limit (${infeasibleBy.name}); ${conflicting.length > 0 ? `relaxing any one of [${conflicting.join(', ')}] makes it feasible` : 'no single limit family explains it'} (${describeLimits(problem)})`,
      conflicting,
    );
  }
  throw new OptimizerError('no-valid-answer', `no backend returned weights that pass the constraint check: ${rejected.map((r) => `${r.backend}: ${r.reason}`).join('; ')}`);
}

function validateProblem(p: PortfolioProblem): void {
  const n = p.assets.length;
  const bad = (what: string): never => {
    throw new OptimizerError('invalid-problem', what);
  };
  if (n === 0) bad('the universe is empty');
  if (p.alpha.length !== n || p.current.length !== n) bad(`alpha (${p.alpha.length}) and current (${p.current.length}) must have one entry per asset (${n})`);
  p.alpha.forEach((v, i) => Number.isFinite(v) || bad(`alpha of ${p.assets[i]} is ${v}; drop the asset or fill it`));
  p.current.forEach((v, i) => Number.isFinite(v) || bad(`current weight of ${p.assets[i]} is ${v}`));
  for (const { name, exposures, band } of p.neutral) {
    if (exposures.length !== n) bad(`exposures '${name}' have ${exposures.length} entries, expected ${n}`);
    exposures.forEach((v, i) => Number.isFinite(v) || bad(`exposure '${name}' of ${p.assets[i]} is ${v}`));
    if (!(band >= 0)) bad(`band of '${name}' (${band}) must be >= 0`);
  }
  if (!p.longOnly && p.gross === undefined && p.maxAbsWeight === undefined) bad('a long-short problem needs a gross limit or a per-asset cap, or it is unbounded');
  if (!(p.costPerUnitTraded >= 0)) bad(`costPerUnitTraded (${p.costPerUnitTraded}) must be >= 0`);
}

function describeLimits(p: PortfolioProblem): string {
  const parts = [`net=${p.net}`];
  if (p.gross !== undefined) parts.push(`gross<=${p.gross}`);
  if (p.maxAbsWeight !== undefined) parts.push(`|w|<=${p.maxAbsWeight}`);
  if (p.longOnly) parts.push('long-only');
  if (p.maxTurnover !== undefined) parts.push(`turnover<=${p.maxTurnover}`);
  if (p.neutral.length > 0) parts.push(`neutral to ${p.neutral.map((x) => x.name).join(',')}`);
  return `${parts.join(', ')}, ${p.assets.length} assets`;
}

/** Families whose removal (alone) makes the problem feasible. */
async function diagnoseInfeasible(problem: PortfolioProblem, solver: LpSolver): Promise<ConstraintFamily[]> {
  const relaxations: Array<[ConstraintFamily, PortfolioProblem | undefined]> = [
    ['turnover', problem.maxTurnover === undefined ? undefined : { ...problem, maxTurnover: undefined }],
    ['neutral', problem.neutral.length === 0 ? undefined : { ...problem, neutral: [] }],
    ['max-abs-weight', problem.maxAbsWeight === undefined ? undefined : { ...problem, maxAbsWeight: undefined, gross: problem.gross ?? problem.assets.length }],
    ['gross', problem.gross === undefined ? undefined : { ...problem, gross: undefined, maxAbsWeight: problem.maxAbsWeight ?? problem.gross }],
  ];
  const found: ConstraintFamily[] = [];
  for (const [family, relaxed] of relaxations) {
    if (relaxed === undefined) continue;
    const { status } = await solver.solve(buildProblem(relaxed));
    if (status === 'optimal' || status === 'unbounded') found.push(family);
  }
  return found;
}
