import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProblem, weightsFromSolution } from '../../src/optimize/build-problem.js';
import { checkPortfolio, portfolioObjective } from '../../src/optimize/check-portfolio.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { LpBuilder, type LinearProgram, type LpSolver } from '../../src/optimize/linear-program.js';
import { optimizePortfolio } from '../../src/optimize/optimize-portfolio.js';
import { costOf, type PortfolioObjective, type PortfolioProblem } from '../../src/optimize/portfolio-problem.js';
import { randomPortfolioProblem } from '../helpers/random-problem.js';

let highs: LpSolver;
beforeAll(async () => {
  highs = await createHighsSolver();
});

/**
 * The textbook formulation, one block of rows per asset: columns `w` (signed
 * weights), `a ≥ |w|`, `t ≥ |w − current|`, `d ≥ |w − target|` (each as two
 * rows), `e ≥ |B'w|` for min-exposure; every per-asset limit as a row or a
 * bound on `w`. Columns 0..n−1 are the weights.
 */
function rowPerAssetLp(p: PortfolioProblem): LinearProgram {
  const n = p.assets.length;
  const objective = p.objective ?? 'max-alpha';
  const minimize = objective === 'min-exposure' ? (p.minimize ?? []) : [];
  const W = 0;
  const A = n;
  const T = 2 * n;
  const D = 3 * n;
  const E = 4 * n;
  const cols = E + minimize.length;
  const cost = new Float64Array(cols);
  const lower = new Float64Array(cols).fill(0);
  const upper = new Float64Array(cols).fill(Infinity);
  const names = Array.from({ length: cols }, (_, j) => `x${j}`);
  const rows = new LpBuilder();
  const all = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    lower[W + i] = p.longOnly ? 0 : -Infinity;
    if (objective === 'max-alpha') cost[W + i] = p.alpha[i];
    cost[T + i] = -costOf(p, i);
    if (objective === 'min-distance') cost[D + i] = -1;
    rows.addRow(`a+${i}`, 0, Infinity, [A + i, W + i], [1, -1]);
    rows.addRow(`a-${i}`, 0, Infinity, [A + i, W + i], [1, 1]);
    rows.addRow(`t+${i}`, -p.current[i], Infinity, [T + i, W + i], [1, -1]);
    rows.addRow(`t-${i}`, p.current[i], Infinity, [T + i, W + i], [1, 1]);
    if (objective === 'min-distance') {
      const target = (p.target as Float64Array)[i];
      rows.addRow(`d+${i}`, -target, Infinity, [D + i, W + i], [1, -1]);
      rows.addRow(`d-${i}`, target, Infinity, [D + i, W + i], [1, 1]);
    }
    if (p.maxAbsWeight !== undefined) rows.addRow(`cap${i}`, -Infinity, p.maxAbsWeight, [A + i], [1]);
    if (p.minWeight !== undefined || p.maxWeight !== undefined) rows.addRow(`bounds${i}`, p.minWeight?.[i] ?? -Infinity, p.maxWeight?.[i] ?? Infinity, [W + i], [1]);
    if (p.maxTrade !== undefined) rows.addRow(`trade${i}`, -Infinity, p.maxTrade[i], [T + i], [1]);
    if (p.frozen?.[i] === 1) rows.addRow(`frozen${i}`, p.current[i], p.current[i], [W + i], [1]);
  }
  if (p.net !== undefined) rows.addRow('net', p.net - (p.netBand ?? 0), p.net + (p.netBand ?? 0), all, all.map(() => 1));
  if (p.gross !== undefined) rows.addRow('gross', -Infinity, p.gross, all.map((i) => A + i), all.map(() => 1));
  if (p.maxTurnover !== undefined) rows.addRow('turnover', -Infinity, p.maxTurnover, all.map((i) => T + i), all.map(() => 1));
  for (const e of p.neutral) rows.addRow(`n:${e.name}`, (e.target ?? 0) - e.band, (e.target ?? 0) + e.band, all, Array.from(e.exposures));
  for (const g of p.groups ?? []) {
    rows.addRow(`g:${g.name}`, g.minNet ?? -Infinity, g.maxNet ?? Infinity, [...g.members], g.members.map(() => 1));
    if (g.maxGross !== undefined) rows.addRow(`gg:${g.name}`, -Infinity, g.maxGross, g.members.map((i) => A + i), g.members.map(() => 1));
  }
  minimize.forEach((m, k) => {
    cost[E + k] = -1;
    rows.addRow(`e+${k}`, 0, Infinity, [E + k, ...all], [1, ...Array.from(m.exposures, (b) => -b)]);
    rows.addRow(`e-${k}`, 0, Infinity, [E + k, ...all], [1, ...m.exposures]);
  });
  return rows.build({ sense: 'max', names, cost, lower, upper });
}

const objectives: PortfolioObjective[] = ['max-alpha', 'min-distance', 'min-exposure'];

describe('the trade-space LP', () => {
  it('has the optimum of the row-per-asset formulation to 1e-9 relative, on problems with every limit type', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 3, max: 60 }), fc.constantFrom(...objectives), fc.boolean(), fc.boolean(), async (seed, n, objective, longOnly, currentFeasible) => {
        const generated = randomPortfolioProblem(seed, n, objective, longOnly);
        // The generated current book breaks some limits; holding w0 instead starts inside every box.
        const problem = currentFeasible ? { ...generated.problem, current: generated.w0 } : generated.problem;
        const reference = await highs.solve(rowPerAssetLp(problem));
        const lp = buildProblem(problem);
        const compact = await highs.solve(lp);
        expect(compact.status).toBe(reference.status);
        if (reference.status !== 'optimal') return;
        const expected = reference.objective as number;
        const result = await optimizePortfolio(problem, [highs]);
        expect(Math.abs(result.objective - expected)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(expected)));
        expect(Math.abs(portfolioObjective(problem, result.weights) - expected)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(expected)));
        expect(checkPortfolio(problem, weightsFromSolution(lp, compact.x as Float64Array), 1e-8)).toEqual([]);
      }),
      { numRuns: 120, seed: 21 },
    );
  });

  it('has one row per portfolio-wide limit and none per asset', () => {
    const { problem } = randomPortfolioProblem(5, 50, 'max-alpha', false);
    const lp = buildProblem({ ...problem, groups: [], minWeight: undefined, maxWeight: undefined });
    // net, gross, turnover and three exposure limits.
    expect(lp.rowNames).toEqual(['net', 'gross', 'turnover', 'neutral[f0]', 'neutral[f1]', 'neutral[f2]']);
    expect(lp.colCost.length).toBeLessThanOrEqual(3 * 50);
  });

  it('moves an asset along its segments in order: long 0.03 to short 0.02 is down 0.03 then down2 0.02', async () => {
    const problem: PortfolioProblem = {
      assets: ['A', 'B'],
      alpha: Float64Array.of(-1, 1),
      current: Float64Array.of(0.03, -0.03),
      neutral: [],
      net: 0,
      gross: 0.1,
      maxAbsWeight: 0.02,
      longOnly: false,
      costPerUnitTraded: 0.001,
    };
    const lp = buildProblem(problem);
    // A starts at its cap 0.02 (a forced sale of 0.01), B at −0.02.
    expect(Array.from(lp.start)).toEqual([0.02, -0.02]);
    expect(lp.colNames).toEqual(['down[A]', 'down2[A]', 'up[B]', 'up2[B]']);
    expect(Array.from(lp.colUpper)).toEqual([0.02, 0.02, 0.02, 0.02]);
    const result = await optimizePortfolio(problem, [highs]);
    expect(Array.from(result.weights).map((w) => Number(w.toFixed(12)))).toEqual([-0.02, 0.02]);
    // alpha'w − cost · Σ|w − current| = 0.04 − 0.001 · 0.1.
    expect(result.objective).toBeCloseTo(0.04 - 0.0001, 12);
  });
});
