import { CONSTRAINT_TOLERANCE } from '../core/constants.js';
import { costOf, type PortfolioProblem, type Violation } from './portfolio-problem.js';

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
    const a = problem.assets[i];
    if (!Number.isFinite(w[i])) push(`finite[${a}]`, w[i], 0, Infinity);
    net += w[i];
    gross += Math.abs(w[i]);
    const traded = Math.abs(w[i] - problem.current[i]);
    turnover += traded;
    if (problem.longOnly) push(`long-only[${a}]`, w[i], 0, -w[i]);
    if (problem.maxAbsWeight !== undefined) push(`max-abs-weight[${a}]`, w[i], problem.maxAbsWeight, Math.abs(w[i]) - problem.maxAbsWeight);
    const lo = problem.minWeight?.[i] ?? -Infinity;
    const hi = problem.maxWeight?.[i] ?? Infinity;
    if (lo > -Infinity) push(`asset-bounds[${a}]`, w[i], lo, lo - w[i]);
    if (hi < Infinity) push(`asset-bounds[${a}]`, w[i], hi, w[i] - hi);
    const m = problem.maxTrade?.[i] ?? Infinity;
    if (m < Infinity) push(`max-trade[${a}]`, traded, m, traded - m);
    if (problem.frozen?.[i] === 1) push(`frozen[${a}]`, w[i], problem.current[i], traded);
  }
  if (problem.net !== undefined) push('net', net, problem.net, Math.abs(net - problem.net) - (problem.netBand ?? 0));
  if (problem.gross !== undefined) push('gross', gross, problem.gross, gross - problem.gross);
  if (problem.maxTurnover !== undefined) push('turnover', turnover, problem.maxTurnover, turnover - problem.maxTurnover);
  for (const { name, exposures, band, target } of problem.neutral) {
    const e = dot(exposures, w);
    push(`neutral[${name}]`, e, band, Math.abs(e - (target ?? 0)) - band);
  }
  for (const g of problem.groups ?? []) {
    let gNet = 0;
    let gGross = 0;
    for (const i of g.members) {
      gNet += w[i];
      gGross += Math.abs(w[i]);
    }
    if (g.minNet !== undefined) push(`group[${g.name}]`, gNet, g.minNet, g.minNet - gNet);
    if (g.maxNet !== undefined) push(`group[${g.name}]`, gNet, g.maxNet, gNet - g.maxNet);
    if (g.maxGross !== undefined) push(`group[${g.name}]`, gGross, g.maxGross, gGross - g.maxGross);
  }
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
  if (objective === 'min-exposure') for (const m of problem.minimize ?? []) value -= Math.abs(dot(m.exposures, w));
  return value;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
