import { LpBuilder, type LinearProgram } from './linear-program.js';
import { costOf, type PortfolioProblem } from './portfolio-problem.js';

/**
 * Constraint families, named in rows and in infeasibility diagnoses. Exposure
 * limits and groups are families of their own: `neutral[<name>]`, `group[<name>]`.
 */
export type ConstraintFamily = string;

/**
 * Build the LP (always a maximisation) in a compact form: each weight is split
 * into its long and short parts, `w = p − q` (`p, q ≥ 0`, no `q` when
 * long-only), so `Σ(p + q)` bounds gross exposure exactly; each trade into
 * buys and sells, linked by one row per asset `p − q − u + v = current`, so
 * `Σ(u + v)` is the turnover. Measured here this is 3-4× faster in HiGHS than
 * absolute-value rows on the weights (one row per asset instead of four).
 * `min-distance` splits `w − target = r − s` the same way; `min-exposure` adds
 * one `≥ |B'w|` column per minimised exposure. Row names start with the limit
 * family: `net`, `gross`, `turnover`, `neutral[<name>]`, `group[<name>]`, ….
 * Use `weightsFromSolution` to read the weights.
 */
export function buildProblem(problem: PortfolioProblem): LinearProgram {
  const n = problem.assets.length;
  const objective = problem.objective ?? 'max-alpha';
  const groups = problem.groups ?? [];
  const short = !problem.longOnly;
  let anyCost = false;
  for (let i = 0; i < n; i++) if (costOf(problem, i) > 0) anyCost = true;
  const hasFrozen = problem.frozen?.some((f) => f === 1) === true;
  const needTrade = problem.maxTurnover !== undefined || anyCost || problem.maxTrade !== undefined || hasFrozen;
  const minimize = objective === 'min-exposure' ? (problem.minimize ?? []) : [];
  const qStart = n;
  const uStart = qStart + (short ? n : 0);
  const vStart = uStart + (needTrade ? n : 0);
  const rStart = vStart + (needTrade ? n : 0);
  const sStart = rStart + (objective === 'min-distance' ? n : 0);
  const expoStart = sStart + (objective === 'min-distance' ? n : 0);
  const cols = expoStart + minimize.length;
  const names: string[] = new Array<string>(cols);
  const cost = new Float64Array(cols);
  const lower = new Float64Array(cols);
  const upper = new Float64Array(cols).fill(Infinity);
  const cap = Math.min(problem.maxAbsWeight ?? Infinity, problem.gross ?? Infinity);
  for (let i = 0; i < n; i++) {
    const a = problem.assets[i];
    const alpha = objective === 'max-alpha' ? problem.alpha[i] : 0;
    names[i] = `long[${a}]`;
    cost[i] = alpha;
    upper[i] = cap;
    if (short) {
      names[qStart + i] = `short[${a}]`;
      cost[qStart + i] = -alpha;
      upper[qStart + i] = cap;
    }
    if (needTrade) {
      const frozen = problem.frozen?.[i] === 1;
      const m = frozen ? 0 : (problem.maxTrade?.[i] ?? Infinity);
      names[uStart + i] = `buy[${a}]`;
      names[vStart + i] = `sell[${a}]`;
      cost[uStart + i] = cost[vStart + i] = -costOf(problem, i);
      upper[uStart + i] = upper[vStart + i] = m;
    }
    if (objective === 'min-distance') {
      names[rStart + i] = `over[${a}]`;
      names[sStart + i] = `under[${a}]`;
      cost[rStart + i] = cost[sStart + i] = -1;
    }
  }
  minimize.forEach((m, k) => {
    names[expoStart + k] = `expo[${m.name}]`;
    cost[expoStart + k] = -1;
  });

  const rows = new LpBuilder();
  const all = Array.from({ length: n }, (_, i) => i);
  /** Columns and coefficients of `Σ cᵢ wᵢ` over `members`. */
  const weighted = (members: readonly number[], coef: (i: number) => number): [number[], number[]] => {
    const c: number[] = [];
    const v: number[] = [];
    for (const i of members) {
      c.push(i);
      v.push(coef(i));
      if (short) {
        c.push(qStart + i);
        v.push(-coef(i));
      }
    }
    return [c, v];
  };
  const absolute = (members: readonly number[]): [number[], number[]] => {
    const c = short ? members.flatMap((i) => [i, qStart + i]) : [...members];
    return [c, c.map(() => 1)];
  };
  if (needTrade) {
    for (let i = 0; i < n; i++) {
      const c = problem.current[i];
      rows.addRow(`trade[${problem.assets[i]}]`, c, c, short ? [i, qStart + i, uStart + i, vStart + i] : [i, uStart + i, vStart + i], short ? [1, -1, -1, 1] : [1, -1, 1]);
    }
  }
  if (problem.net !== undefined) {
    const band = problem.netBand ?? 0;
    rows.addRow('net', problem.net - band, problem.net + band, ...weighted(all, () => 1));
  }
  if (problem.gross !== undefined) rows.addRow('gross', -Infinity, problem.gross, ...absolute(all));
  if (problem.maxTurnover !== undefined) {
    const tradeCols = [...all.map((i) => uStart + i), ...all.map((i) => vStart + i)];
    rows.addRow('turnover', -Infinity, problem.maxTurnover, tradeCols, tradeCols.map(() => 1));
  }
  if (problem.minWeight !== undefined || problem.maxWeight !== undefined) {
    for (let i = 0; i < n; i++) {
      const lo = problem.minWeight?.[i] ?? -Infinity;
      const hi = problem.maxWeight?.[i] ?? Infinity;
      if (lo > -Infinity || hi < Infinity) rows.addRow(`asset-bounds[${problem.assets[i]}]`, lo, hi, ...weighted([i], () => 1));
    }
  }
  for (const { name, exposures, band, target } of problem.neutral) {
    const t = target ?? 0;
    rows.addRow(`neutral[${name}]`, t - band, t + band, ...weighted(all, (i) => exposures[i]));
  }
  for (const g of groups) {
    if (g.minNet !== undefined || g.maxNet !== undefined) rows.addRow(`group[${g.name}]`, g.minNet ?? -Infinity, g.maxNet ?? Infinity, ...weighted(g.members, () => 1));
    if (g.maxGross !== undefined) rows.addRow(`group[${g.name}].gross`, -Infinity, g.maxGross, ...absolute(g.members));
  }
  if (objective === 'min-distance') {
    const target = problem.target as Float64Array;
    for (let i = 0; i < n; i++) {
      const [c, v] = weighted([i], () => 1);
      rows.addRow(`distance[${problem.assets[i]}]`, target[i], target[i], [...c, rStart + i, sStart + i], [...v, -1, 1]);
    }
  }
  minimize.forEach((m, k) => {
    const [c, v] = weighted(all, (i) => m.exposures[i]);
    rows.addRow(`expo[+${m.name}]`, 0, Infinity, [expoStart + k, ...c], [1, ...v.map((x) => -x)]);
    rows.addRow(`expo[-${m.name}]`, 0, Infinity, [expoStart + k, ...c], [1, ...v]);
  });
  return rows.build({ sense: 'max', names, cost, lower, upper });
}

/** The weights `w = long − short` of an LP solution `x` of `buildProblem(problem)`. */
export function weightsFromSolution(problem: PortfolioProblem, x: Float64Array): Float64Array {
  const n = problem.assets.length;
  return problem.longOnly ? x.slice(0, n) : Float64Array.from({ length: n }, (_, i) => x[i] - x[n + i]);
}
