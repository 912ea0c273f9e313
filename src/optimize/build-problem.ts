import { LpBuilder, type LinearProgram } from './linear-program.js';
import { costOf, type PortfolioProblem } from './portfolio-problem.js';

/**
 * Constraint families, named in rows and in infeasibility diagnoses. Exposure
 * limits and groups are families of their own: `neutral[<name>]`, `group[<name>]`.
 */
export type ConstraintFamily = string;

/**
 * Bound on any weight when no cap applies (10,000 × NAV): keeps every column
 * finite, which javascript-lp-solver's adapter needs, without binding in practice.
 */
export const FREE_WEIGHT_BOUND = 1e4;

/**
 * Build the LP (always a maximisation). Weight columns are boxed by the
 * per-asset cap, the gross limit and long-only. Columns: `w` (n); `absw ≥ |w|` when a
 * gross limit applies to a long-short book (total or per group); `trade ≥
 * |w − current|` when there is a turnover budget or a cost; `dist ≥ |w − target|`
 * for `min-distance`; `expo ≥ |B'w|` per minimised exposure for `min-exposure`.
 * Rows are named `<family>` or `<family>[detail]`; the first n columns are the weights.
 */
export function buildProblem(problem: PortfolioProblem): LinearProgram {
  const n = problem.assets.length;
  const objective = problem.objective ?? 'max-alpha';
  const groups = problem.groups ?? [];
  const needAbsWeight = !problem.longOnly && (problem.gross !== undefined || groups.some((g) => g.maxGross !== undefined));
  let anyCost = false;
  for (let i = 0; i < n; i++) if (costOf(problem, i) > 0) anyCost = true;
  const needTrade = problem.maxTurnover !== undefined || anyCost;
  const minimize = objective === 'min-exposure' ? (problem.minimize ?? []) : [];
  const absWeightStart = n;
  const tradeStart = absWeightStart + (needAbsWeight ? n : 0);
  const distStart = tradeStart + (needTrade ? n : 0);
  const expoStart = distStart + (objective === 'min-distance' ? n : 0);
  const cols = expoStart + minimize.length;
  const names: string[] = new Array<string>(cols);
  const cost = new Float64Array(cols);
  const lower = new Float64Array(cols);
  const upper = new Float64Array(cols).fill(Infinity);
  const cap = Math.min(problem.maxAbsWeight ?? Infinity, problem.gross ?? Infinity, FREE_WEIGHT_BOUND);
  for (let i = 0; i < n; i++) {
    const a = problem.assets[i];
    names[i] = `w[${a}]`;
    cost[i] = objective === 'max-alpha' ? problem.alpha[i] : 0;
    lower[i] = problem.longOnly ? 0 : -cap;
    upper[i] = cap;
    if (needAbsWeight) names[absWeightStart + i] = `absw[${a}]`;
    if (needTrade) {
      names[tradeStart + i] = `trade[${a}]`;
      cost[tradeStart + i] = -costOf(problem, i);
    }
    if (objective === 'min-distance') {
      names[distStart + i] = `dist[${a}]`;
      cost[distStart + i] = -1;
    }
  }
  minimize.forEach((m, k) => {
    names[expoStart + k] = `expo[${m.name}]`;
    cost[expoStart + k] = -1;
  });
  const rows = new LpBuilder();
  const all = Array.from({ length: n }, (_, i) => i);
  const ones = new Array<number>(n).fill(1);
  if (problem.net !== undefined) {
    const band = problem.netBand ?? 0;
    rows.addRow('net', problem.net - band, problem.net + band, all, ones);
  }
  if (needAbsWeight) {
    for (let i = 0; i < n; i++) {
      rows.addRow(`abs[+${problem.assets[i]}]`, 0, Infinity, [absWeightStart + i, i], [1, -1]);
      rows.addRow(`abs[-${problem.assets[i]}]`, 0, Infinity, [absWeightStart + i, i], [1, 1]);
    }
  }
  if (problem.gross !== undefined) {
    rows.addRow('gross', -Infinity, problem.gross, needAbsWeight ? all.map((i) => absWeightStart + i) : all, ones);
  }
  if (problem.minWeight !== undefined || problem.maxWeight !== undefined) {
    for (let i = 0; i < n; i++) {
      const lo = problem.minWeight?.[i] ?? -Infinity;
      const hi = problem.maxWeight?.[i] ?? Infinity;
      if (lo > -Infinity || hi < Infinity) rows.addRow(`asset-bounds[${problem.assets[i]}]`, lo, hi, [i], [1]);
    }
  }
  if (needTrade) {
    for (let i = 0; i < n; i++) {
      const w0 = problem.current[i];
      rows.addRow(`trade[+${problem.assets[i]}]`, -w0, Infinity, [tradeStart + i, i], [1, -1]);
      rows.addRow(`trade[-${problem.assets[i]}]`, w0, Infinity, [tradeStart + i, i], [1, 1]);
    }
    if (problem.maxTurnover !== undefined) rows.addRow('turnover', -Infinity, problem.maxTurnover, all.map((i) => tradeStart + i), ones);
  }
  if (problem.maxTrade !== undefined) {
    for (let i = 0; i < n; i++) {
      const m = problem.maxTrade[i];
      if (m < Infinity) rows.addRow(`max-trade[${problem.assets[i]}]`, problem.current[i] - m, problem.current[i] + m, [i], [1]);
    }
  }
  if (problem.frozen !== undefined) {
    for (let i = 0; i < n; i++) if (problem.frozen[i] === 1) rows.addRow(`frozen[${problem.assets[i]}]`, problem.current[i], problem.current[i], [i], [1]);
  }
  for (const { name, exposures, band, target } of problem.neutral) {
    const t = target ?? 0;
    rows.addRow(`neutral[${name}]`, t - band, t + band, all, Array.from(exposures));
  }
  for (const g of groups) {
    if (g.minNet !== undefined || g.maxNet !== undefined) {
      rows.addRow(`group[${g.name}]`, g.minNet ?? -Infinity, g.maxNet ?? Infinity, g.members, g.members.map(() => 1));
    }
    if (g.maxGross !== undefined) {
      rows.addRow(`group[${g.name}]`, -Infinity, g.maxGross, needAbsWeight ? g.members.map((i) => absWeightStart + i) : g.members, g.members.map(() => 1));
    }
  }
  if (objective === 'min-distance') {
    const target = problem.target as Float64Array;
    for (let i = 0; i < n; i++) {
      rows.addRow(`dist[+${problem.assets[i]}]`, -target[i], Infinity, [distStart + i, i], [1, -1]);
      rows.addRow(`dist[-${problem.assets[i]}]`, target[i], Infinity, [distStart + i, i], [1, 1]);
    }
  }
  minimize.forEach((m, k) => {
    rows.addRow(`expo[+${m.name}]`, 0, Infinity, [expoStart + k, ...all], [1, ...Array.from(m.exposures, (v) => -v)]);
    rows.addRow(`expo[-${m.name}]`, 0, Infinity, [expoStart + k, ...all], [1, ...Array.from(m.exposures)]);
  });
  return rows.build({ sense: 'max', names, cost, lower, upper });
}

/** The family a row belongs to: `turnover`, `max-trade`, `neutral[beta]`, … (auxiliary rows: `undefined`). */
export function rowFamily(rowName: string): ConstraintFamily | undefined {
  const base = rowName.replace(/\[.*$/, '');
  if (['abs', 'trade', 'dist', 'expo'].includes(base) && rowName.includes('[')) return undefined;
  if (base === 'neutral' || base === 'group') return rowName;
  return base;
}
