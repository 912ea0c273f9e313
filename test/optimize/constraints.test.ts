import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { OptimizerError } from '../../src/core/errors.js';
import { Random } from '../../src/core/random.js';
import { buildProblem, weightsFromSolution } from '../../src/optimize/build-problem.js';
import { checkPortfolio, portfolioObjective } from '../../src/optimize/check-portfolio.js';
import { familiesOf, onlyFamilies, withoutFamily } from '../../src/optimize/diagnose-infeasible.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import type { LpSolver } from '../../src/optimize/linear-program.js';
import { optimizePortfolio } from '../../src/optimize/optimize-portfolio.js';
import type { PortfolioObjective, PortfolioProblem } from '../../src/optimize/portfolio-problem.js';
import { randomPortfolioProblem as everyLimitProblem } from '../helpers/random-problem.js';

let highs: LpSolver;
beforeAll(async () => {
  highs = await createHighsSolver();
});

/** A feasible vertex: the optimum of a random linear objective under the same limits. */
async function randomFeasibleBook(problem: PortfolioProblem, seed: number): Promise<Float64Array> {
  const rng = new Random(seed);
  const random: PortfolioProblem = { ...problem, objective: 'max-alpha', alpha: Float64Array.from(problem.assets, () => rng.normal()), costPerUnitTraded: 0 };
  const lp = buildProblem(random);
  const solution = await highs.solve(lp);
  expect(solution.status).toBe('optimal');
  return weightsFromSolution(lp, solution.x as Float64Array);
}

const objectives: PortfolioObjective[] = ['max-alpha', 'min-distance', 'min-exposure'];

describe('every limit type on generated feasible problems (HiGHS)', () => {
  it('holds within 1e-8, is certified by a duality gap, and is never beaten by a feasible book', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 6, max: 80 }), fc.constantFrom(...objectives), fc.boolean(), async (seed, n, objective, longOnly) => {
        const { problem, w0 } = everyLimitProblem(seed, n, objective, longOnly);
        expect(checkPortfolio(problem, w0)).toEqual([]);
        const result = await optimizePortfolio(problem, [highs]);
        expect(result.rejected).toEqual([]);
        expect(checkPortfolio(problem, result.weights, 1e-8)).toEqual([]);
        expect(result.dualityGap).toBeLessThanOrEqual(1e-7);
        const best = portfolioObjective(problem, result.weights);
        expect(best).toBeGreaterThanOrEqual(portfolioObjective(problem, w0) - 1e-9);
        for (let k = 0; k < 3; k++) {
          const other = await randomFeasibleBook(problem, seed + k);
          expect(checkPortfolio(problem, other, 1e-7)).toEqual([]);
          expect(portfolioObjective(problem, other)).toBeLessThanOrEqual(best + 1e-9);
        }
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it('when the current book is feasible, the answer is at least as good as holding it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 6, max: 60 }), fc.constantFrom(...objectives), async (seed, n, objective) => {
        const { problem, w0 } = everyLimitProblem(seed, n, objective, false);
        const holding = { ...problem, current: w0 };
        const result = await optimizePortfolio(holding, [highs]);
        expect(portfolioObjective(holding, result.weights)).toBeGreaterThanOrEqual(portfolioObjective(holding, w0) - 1e-9);
      }),
      { numRuns: 30, seed: 12 },
    );
  });
});

describe('infeasible problems', () => {
  /** Break a feasible problem in one of four ways. */
  function broken(seed: number, n: number, how: number): PortfolioProblem {
    const { problem } = everyLimitProblem(seed, n, 'max-alpha', how === 3);
    switch (how) {
      case 0:
        return { ...problem, net: (problem.gross as number) + 0.5, netBand: 0 };
      case 1: {
        const frozen = new Uint8Array(n);
        frozen[1] = 1;
        return { ...problem, frozen, current: problem.current.map((c, i) => (i === 1 ? 3 * (problem.maxAbsWeight as number) : c)) };
      }
      case 2:
        return { ...problem, groups: [{ name: 'g', members: [0, 1], minNet: 4 * (problem.maxAbsWeight as number) }] };
      default:
        return { ...problem, neutral: [{ name: 'all-positive', exposures: new Float64Array(n).fill(1), target: -0.5, band: 0.1 }] };
    }
  }

  it('raise the typed error with a conflicting set that is infeasible together and feasible without any one member', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 6, max: 40 }), fc.integer({ min: 0, max: 3 }), async (seed, n, how) => {
        const problem = broken(seed, n, how);
        const error = await optimizePortfolio(problem, [highs]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(OptimizerError);
        expect((error as OptimizerError).code).toBe('infeasible');
        const set = (error as OptimizerError).constraints;
        expect(set.length).toBeGreaterThan(0);
        const alone = onlyFamilies(problem, set);
        expect((await highs.solve(buildProblem(alone))).status).toBe('infeasible');
        for (const f of set) expect((await highs.solve(buildProblem(withoutFamily(alone, f)))).status).not.toBe('infeasible');
        expect(set.every((f) => familiesOf(problem).includes(f))).toBe(true);
      }),
      { numRuns: 30, seed: 13 },
    );
  });
});

describe('hand-checked optima', () => {
  const base = { assets: ['a', 'b', 'c'], current: new Float64Array(3), neutral: [], costPerUnitTraded: 0 } as const;

  it('max-alpha, long-only, fully invested, 40% cap: fill the best assets to the cap', async () => {
    const r = await optimizePortfolio({ ...base, alpha: Float64Array.of(3, 2, 1), net: 1, maxAbsWeight: 0.4, longOnly: true }, [highs]);
    expect(Array.from(r.weights).map((w) => Number(w.toFixed(10)))).toEqual([0.4, 0.4, 0.2]);
  });

  it('min-distance to (0.5, 0.5, 0) under a 40% cap: distance 2(1 − w₁ − w₂) is least at (0.4, 0.4, 0.2)', async () => {
    const r = await optimizePortfolio({ ...base, objective: 'min-distance', alpha: new Float64Array(3), target: Float64Array.of(0.5, 0.5, 0), net: 1, maxAbsWeight: 0.4, longOnly: true }, [highs]);
    expect(Array.from(r.weights).map((w) => Number(w.toFixed(10)))).toEqual([0.4, 0.4, 0.2]);
    expect(r.objective).toBeCloseTo(-0.4, 10);
  });

  it('min-exposure reaches a zero exposure when one exists', async () => {
    const b = Float64Array.of(1, -1, 2);
    const r = await optimizePortfolio({ ...base, objective: 'min-exposure', alpha: new Float64Array(3), minimize: [{ name: 'b', exposures: b }], net: 1, maxAbsWeight: 0.6, longOnly: true }, [highs]);
    expect(Math.abs(r.weights[0] - r.weights[1] + 2 * r.weights[2])).toBeLessThan(1e-9);
  });

  it('a tilt puts the exposure on its target; a group cap binds', async () => {
    const r = await optimizePortfolio(
      {
        ...base,
        alpha: Float64Array.of(1, 0.5, -1),
        neutral: [{ name: 'value', exposures: Float64Array.of(1, 0, -1), target: 0.3, band: 0 }],
        groups: [{ name: 'ab', members: [0, 1], maxNet: 0.25 }],
        net: 0,
        gross: 1,
        maxAbsWeight: 0.5,
        longOnly: false,
      },
      [highs],
    );
    expect(r.weights[0] - r.weights[2]).toBeCloseTo(0.3, 10);
    expect(r.weights[0] + r.weights[1]).toBeLessThanOrEqual(0.25 + 1e-10);
  });

  it('a frozen asset keeps its weight and a trade limit caps the move', async () => {
    const r = await optimizePortfolio(
      { ...base, alpha: Float64Array.of(1, 2, 3), current: Float64Array.of(0.5, 0.3, 0.2), frozen: Uint8Array.of(1, 0, 0), maxTrade: Float64Array.of(Infinity, 0.1, Infinity), net: 1, longOnly: true },
      [highs],
    );
    expect(Array.from(r.weights).map((w) => Number(w.toFixed(10)))).toEqual([0.5, 0.2, 0.3]);
  });
});
