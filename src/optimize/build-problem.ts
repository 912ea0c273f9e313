import { LpBuilder, type LinearProgram } from './linear-program.js';
import type { PortfolioProblem } from './portfolio-problem.js';

/** Constraint families, named in rows and in infeasibility diagnoses. */
export type ConstraintFamily = 'net' | 'gross' | 'max-abs-weight' | 'turnover' | 'neutral';

/**
 * Build the LP. Columns: `w` (n), then `a ≥ |w|` when long-short with a gross
 * limit, then `d ≥ |w − current|` when there is a turnover budget or a cost.
 * Rows are named `<family>` or `<family>[detail]`. The first n columns are the weights.
 */
export function buildProblem(problem: PortfolioProblem): LinearProgram {
  const n = problem.assets.length;
  const needAbsWeight = !problem.longOnly && problem.gross !== undefined;
  const needAbsTrade = problem.maxTurnover !== undefined || problem.costPerUnitTraded > 0;
  const absWeightStart = needAbsWeight ? n : -1;
  const absTradeStart = needAbsTrade ? n + (needAbsWeight ? n : 0) : -1;
  const cols = n * (1 + (needAbsWeight ? 1 : 0) + (needAbsTrade ? 1 : 0));
  const names: string[] = new Array<string>(cols);
  const cost = new Float64Array(cols);
  const lower = new Float64Array(cols);
  const upper = new Float64Array(cols).fill(Infinity);
  const cap = Math.min(problem.maxAbsWeight ?? Infinity, problem.gross ?? Infinity);
  for (let i = 0; i < n; i++) {
    names[i] = `w[${problem.assets[i]}]`;
    cost[i] = problem.alpha[i];
    lower[i] = problem.longOnly ? 0 : -cap;
    upper[i] = cap;
    if (needAbsWeight) names[absWeightStart + i] = `absw[${problem.assets[i]}]`;
    if (needAbsTrade) {
      names[absTradeStart + i] = `trade[${problem.assets[i]}]`;
      cost[absTradeStart + i] = -problem.costPerUnitTraded;
    }
  }
  const rows = new LpBuilder();
  const all = Array.from({ length: n }, (_, i) => i);
  rows.addRow('net', problem.net, problem.net, all, new Array<number>(n).fill(1));
  if (problem.gross !== undefined) {
    if (needAbsWeight) {
      for (let i = 0; i < n; i++) {
        rows.addRow(`gross[+${problem.assets[i]}]`, 0, Infinity, [absWeightStart + i, i], [1, -1]);
        rows.addRow(`gross[-${problem.assets[i]}]`, 0, Infinity, [absWeightStart + i, i], [1, 1]);
      }
      rows.addRow('gross', -Infinity, problem.gross, all.map((i) => absWeightStart + i), new Array<number>(n).fill(1));
    } else {
      rows.addRow('gross', -Infinity, problem.gross, all, new Array<number>(n).fill(1));
    }
  }
  if (needAbsTrade) {
    for (let i = 0; i < n; i++) {
      const w0 = problem.current[i];
      rows.addRow(`turnover[+${problem.assets[i]}]`, -w0, Infinity, [absTradeStart + i, i], [1, -1]);
      rows.addRow(`turnover[-${problem.assets[i]}]`, w0, Infinity, [absTradeStart + i, i], [1, 1]);
    }
    if (problem.maxTurnover !== undefined) {
      rows.addRow('turnover', -Infinity, problem.maxTurnover, all.map((i) => absTradeStart + i), new Array<number>(n).fill(1));
    }
  }
  for (const { name, exposures, band } of problem.neutral) {
    rows.addRow(`neutral[${name}]`, -band, band, all, Array.from(exposures));
  }
  return rows.build({ sense: 'max', names, cost, lower, upper });
}
