import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { backendsFrom, createSolvers } from '../../src/optimize/backends.js';
import { buildProblem, weightsFromSolution } from '../../src/optimize/build-problem.js';
import { checkPortfolio } from '../../src/optimize/check-portfolio.js';
import { createDualSimplexSolver, passBreakpoints, solveDualSimplex } from '../../src/optimize/dual-simplex.js';
import { certifyOptimality } from '../../src/optimize/duality-gap.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { LpBuilder, type LinearProgram, type LpSolution, type LpSolver } from '../../src/optimize/linear-program.js';
import { optimizePortfolio } from '../../src/optimize/optimize-portfolio.js';
import { randomPortfolioProblem } from '../helpers/random-problem.js';

let highs: LpSolver;
beforeAll(async () => {
  highs = await createHighsSolver();
});

const relative = (a: number, b: number): number => Math.abs(a - b) / (1 + Math.abs(b));

/** The answer is optimal by its own duals: stationarity, every dual pricing a finite bound, zero duality gap. */
function expectCertified(lp: LinearProgram, answer: LpSolution): void {
  const c = certifyOptimality(lp, answer.x as Float64Array, answer.rowDual as Float64Array, answer.colDual as Float64Array);
  expect(c.stationarity).toBeLessThan(1e-9);
  expect(c.unboundedDual).toBe(0);
  expect(relative(c.primal, c.dual)).toBeLessThan(1e-9);
}

describe('dual simplex', () => {
  it('solves a hand-checked LP: max x + y, x + 2y <= 4, 3x + y <= 6, to the vertex (8/5, 6/5) with duals (2/5, 1/5)', () => {
    const rows = new LpBuilder();
    rows.addRow('a', -Infinity, 4, [0, 1], [1, 2]);
    rows.addRow('b', -Infinity, 6, [0, 1], [3, 1]);
    const lp = rows.build({ sense: 'max', names: ['x', 'y'], cost: Float64Array.of(1, 1), lower: new Float64Array(2), upper: Float64Array.of(10, 10) });
    const answer = solveDualSimplex(lp);
    expect(answer.status).toBe('optimal');
    expect(answer.objective).toBeCloseTo(14 / 5, 12);
    expect(Array.from(answer.x as Float64Array)).toEqual([expect.closeTo(8 / 5, 12), expect.closeTo(6 / 5, 12)]);
    expect(Array.from(answer.rowDual as Float64Array)).toEqual([expect.closeTo(2 / 5, 12), expect.closeTo(1 / 5, 12)]);
    expect(Array.from(answer.colDual as Float64Array)).toEqual([0, 0]);
    expectCertified(lp, answer);
  });

  it('matches HiGHS on random portfolio LPs of every objective, long-only and long-short, and its weights pass every limit', async () => {
    const objectives = ['max-alpha', 'min-distance', 'min-exposure'] as const;
    let optimal = 0;
    for (let seed = 1; seed <= 60; seed++) {
      for (const objective of objectives) {
        for (const longOnly of [false, true]) {
          const { problem } = randomPortfolioProblem(seed, 5 + ((seed * 7) % 60), objective, longOnly);
          const lp = buildProblem(problem);
          const reference = await highs.solve(lp);
          const answer = solveDualSimplex(lp);
          if (reference.status !== 'optimal') {
            expect(reference.status).toBe('infeasible');
            expect(answer.status).toBe('failed');
            expect(answer.message).toMatch(/looks infeasible/);
            continue;
          }
          expect(answer.status).toBe('optimal');
          expect(relative(answer.objective as number, reference.objective as number)).toBeLessThan(1e-9);
          expectCertified(lp, answer);
          expect(checkPortfolio(problem, weightsFromSolution(lp, answer.x as Float64Array))).toEqual([]);
          optimal++;
        }
      }
    }
    expect(optimal).toBeGreaterThan(300);
  });

  it('matches HiGHS on random LPs with few rows: ranged, equality and one-sided rows, negative and fixed bounds, max and min', async () => {
    const lpArb = fc.record({
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      m: fc.integer({ min: 1, max: 6 }),
      n: fc.integer({ min: 1, max: 30 }),
      sense: fc.constantFrom('max' as const, 'min' as const),
    });
    await fc.assert(
      fc.asyncProperty(lpArb, async ({ seed, m, n, sense }) => {
        let state = seed;
        const u = (): number => (state = (Math.imul(state, 48271) >>> 0) % 2147483647) / 2147483647;
        const lower = Float64Array.from({ length: n }, () => (u() < 0.3 ? -1 - 2 * u() : 0));
        const upper = Float64Array.from(lower, (l) => (u() < 0.1 ? l : l + 0.5 + 3 * u()));
        const cost = Float64Array.from({ length: n }, () => (u() < 0.1 ? 0 : 2 * u() - 1));
        const rows = new LpBuilder();
        for (let r = 0; r < m; r++) {
          const cols: number[] = [];
          const vals: number[] = [];
          for (let j = 0; j < n; j++) if (u() < 0.7) (cols.push(j), vals.push(2 * u() - 1));
          const centre = 2 * u() - 1;
          const kind = u();
          rows.addRow(`r${r}`, kind < 0.25 ? centre : kind < 0.5 ? -Infinity : centre - u(), kind < 0.25 ? centre : kind < 0.75 ? centre + u() : Infinity, cols, vals);
        }
        const lp = rows.build({ sense, names: Array.from({ length: n }, (_, j) => `x${j}`), cost, lower, upper });
        const reference = await highs.solve(lp);
        const answer = solveDualSimplex(lp);
        if (reference.status === 'optimal') {
          expect(answer.status).toBe('optimal');
          expect(relative(answer.objective as number, reference.objective as number)).toBeLessThan(1e-9);
          expectCertified(lp, answer);
        } else {
          expect(reference.status).toBe('infeasible');
          expect(answer.status).toBe('failed');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stops the bound-flipping ratio test at the first breakpoint whose drop uses up the slope, even where sums round', () => {
    // Many equal drops, and a slope that adds k of them one by one, put the stopping point
    // exactly on a boundary, where a group's sum and a one-by-one walk round apart.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.constantFrom(0.04, 0.1, 0.7, 1 / 3), fc.nat(), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (count, d, k, seed) => {
        let state = seed;
        const u = (): number => (state = (Math.imul(state, 48271) >>> 0) % 2147483647) / 2147483647;
        const keys = Float64Array.from({ length: count }, () => (u() < 0.7 ? Math.floor(u() * 8) / 8 : u()));
        const drops = Float64Array.from({ length: count }, () => (u() < 0.03 ? Infinity : d));
        const candidates = Int32Array.from(keys, (_, c) => c);
        let slope = 0;
        for (let i = 0; i < k % (count + 2); i++) slope += d;
        if (slope === 0) slope = d / 2;
        const original = Array.from(keys);
        const at = passBreakpoints(keys, drops, candidates, count, slope);
        // The arrays are permuted together.
        for (let c = 0; c < count; c++) expect(keys[c]).toBe(original[candidates[c]]);
        const total = Array.from(drops).reduce((a, b) => a + b, 0);
        if (at < 0) {
          expect(total).toBeLessThan(slope * (1 + 1e-12));
          return;
        }
        let passed = 0;
        for (let c = 0; c < at; c++) {
          expect(keys[c]).toBeLessThanOrEqual(keys[at]);
          passed += drops[c];
        }
        for (let c = at + 1; c < count; c++) expect(keys[c]).toBeGreaterThanOrEqual(keys[at]);
        // What was passed leaves the slope positive (to rounding); adding the stopping drop uses it up.
        expect(passed).toBeLessThan(slope * (1 + 1e-12));
        expect(passed + drops[at]).toBeGreaterThanOrEqual(slope * (1 - 1e-12));
      }),
      { numRuns: 2000 },
    );
  });

  it('declines an LP it cannot start dual feasible, and a solve past its iteration limit', () => {
    const rows = new LpBuilder();
    rows.addRow('budget', -Infinity, 1, [0, 1], [1, 1]);
    const unboxed = rows.build({ sense: 'max', names: ['x', 'y'], cost: Float64Array.of(1, 2), lower: new Float64Array(2), upper: Float64Array.of(1, Infinity) });
    const declined = solveDualSimplex(unboxed);
    expect(declined.status).toBe('failed');
    expect(declined.message).toBe('dual simplex: column 1 has no finite bound on the side its cost favours, so the all-slack start is not dual feasible');

    const lp = buildProblem(randomPortfolioProblem(3, 40, 'max-alpha', false).problem);
    expect(solveDualSimplex(lp).status).toBe('optimal');
    const limited = solveDualSimplex(lp, { maxIterations: 1 });
    expect(limited.status).toBe('failed');
    expect(limited.message).toBe('dual simplex: no optimum within 1 iterations');
  });

  it('hands what it declines to the next backend: the portfolio is HiGHS\'s and the reason is kept', async () => {
    // Long-only with no cap: a column's upper bound is infinite.
    const problem = { assets: ['a', 'b', 'c'], alpha: Float64Array.of(0.3, 0.1, -0.2), current: new Float64Array(3), neutral: [], net: 1, longOnly: true, costPerUnitTraded: 0 };
    const result = await optimizePortfolio(problem, [createDualSimplexSolver(), highs]);
    expect(result.backend).toBe('highs');
    expect(result.rejected).toEqual([{ backend: 'dual-simplex', reason: expect.stringMatching(/^dual simplex: column \d+ has no finite bound/) }]);
    expect(Array.from(result.weights)).toEqual([1, 0, 0]);
  });

  it('builds backends by name, in the order given', async () => {
    expect((await createSolvers(['dual-simplex', 'highs', 'javascript-lp-solver'])).map((s) => s.name)).toEqual(['dual-simplex', 'highs', 'javascript-lp-solver']);
    await expect(createSolvers(['gurobi'])).rejects.toThrow("LP backend 'gurobi' must be one of dual-simplex, highs, javascript-lp-solver");
    expect(backendsFrom('dual-simplex')).toEqual(['dual-simplex', 'highs', 'javascript-lp-solver']);
    expect(backendsFrom('highs')).toEqual(['highs', 'javascript-lp-solver']);
    expect(backendsFrom('javascript-lp-solver')).toEqual(['javascript-lp-solver', 'highs']);
  });
});
