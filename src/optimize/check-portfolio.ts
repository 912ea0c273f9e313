import { CONSTRAINT_TOLERANCE } from '../core/constants.js';
import type { PortfolioProblem, Violation } from './portfolio-problem.js';

/**
 * Check weights against every limit of the problem, computed from the weights
 * themselves (not from a solver's auxiliary variables). Returns the violations
 * larger than `tolerance`; an empty list means the weights may be used.
 */
export function checkPortfolio(problem: PortfolioProblem, w: Float64Array, tolerance = CONSTRAINT_TOLERANCE): Violation[] {
  const out: Violation[] = [];
  const push = (constraint: string, value: number, limit: number, excess: number): void => {
    if (!(excess <= tolerance)) out.push({ constraint, value, limit, excess });
  };
  const n = problem.assets.length;
  if (w.length !== n) return [{ constraint: 'length', value: w.length, limit: n, excess: Infinity }];
  let net = 0;
  let gross = 0;
  let turnover = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(w[i])) push(`finite[${problem.assets[i]}]`, w[i], 0, Infinity);
    net += w[i];
    gross += Math.abs(w[i]);
    turnover += Math.abs(w[i] - problem.current[i]);
    if (problem.longOnly) push(`long-only[${problem.assets[i]}]`, w[i], 0, -w[i]);
    if (problem.maxAbsWeight !== undefined) {
      push(`max-abs-weight[${problem.assets[i]}]`, w[i], problem.maxAbsWeight, Math.abs(w[i]) - problem.maxAbsWeight);
    }
  }
  push('net', net, problem.net, Math.abs(net - problem.net));
  if (problem.gross !== undefined) push('gross', gross, problem.gross, gross - problem.gross);
  if (problem.maxTurnover !== undefined) push('turnover', turnover, problem.maxTurnover, turnover - problem.maxTurnover);
  for (const { name, exposures, band } of problem.neutral) {
    let e = 0;
    for (let i = 0; i < n; i++) e += exposures[i] * w[i];
    push(`neutral[${name}]`, e, band, Math.abs(e) - band);
  }
  return out;
}

/** The objective `alpha'w − cost·Σ|w − current|` of weights `w`. */
export function portfolioObjective(problem: PortfolioProblem, w: Float64Array): number {
  let value = 0;
  for (let i = 0; i < w.length; i++) {
    value += problem.alpha[i] * w[i] - problem.costPerUnitTraded * Math.abs(w[i] - problem.current[i]);
  }
  return value;
}
