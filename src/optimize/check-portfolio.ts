import { CONSTRAINT_TOLERANCE } from '../core/constants.js';
import { costOf, type PortfolioProblem, type Violation } from './portfolio-problem.js';
import { limitTerms } from './terms/problem-terms.js';
import { dot } from './terms/term.js';

/**
 * Check weights against every limit of the problem (each term checks its own),
 * computed from the weights themselves (not from a solver's auxiliary variables). Returns the violations
 * larger than `tolerance`; an empty list means the weights may be used.
 */
export function checkPortfolio(problem: PortfolioProblem, w: Float64Array, tolerance = CONSTRAINT_TOLERANCE): Violation[] {
  const out: Violation[] = [];
  const push = (constraint: string, value: number, limit: number, excess: number): void => {
    if (!(excess <= tolerance)) out.push({ constraint, value, limit, excess });
  };
  const n = problem.assets.length;
  if (w.length !== n) return [{ constraint: 'length', value: w.length, limit: n, excess: Infinity }];
  for (let i = 0; i < n; i++) if (!Number.isFinite(w[i])) push(`finite[${problem.assets[i]}]`, w[i], 0, Infinity);
  const context = { assets: problem.assets, current: problem.current };
  for (const term of limitTerms(problem)) term.check(w, context, push);
  return out;
}

/** The problem's objective at weights `w`, as the maximisation the LP solves. */
export function portfolioObjective(problem: PortfolioProblem, w: Float64Array): number {
  let value = 0;
  const objective = problem.objective ?? 'max-alpha';
  for (let i = 0; i < w.length; i++) {
    value -= costOf(problem, i) * Math.abs(w[i] - problem.current[i]);
    if (objective === 'max-alpha') value += problem.alpha[i] * w[i];
    if (objective === 'min-distance') value -= Math.abs(w[i] - (problem.target as Float64Array)[i]);
  }
  for (const cost of problem.tradingCosts ?? []) for (let i = 0; i < w.length; i++) value -= cost.cost(i, w[i] - problem.current[i]);
  if (objective === 'min-exposure') for (const m of problem.minimize ?? []) value -= Math.abs(dot(m.exposures, w));
  return value;
}
