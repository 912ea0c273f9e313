import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { OptimizerError } from '../../src/core/errors.js';
import { Random } from '../../src/core/random.js';
import { checkPortfolio, portfolioObjective } from '../../src/optimize/check-portfolio.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { createJsLpSolver } from '../../src/optimize/jslp-solver.js';
import type { LpSolver } from '../../src/optimize/linear-program.js';
import { optimizePortfolio } from '../../src/optimize/optimize-portfolio.js';
import type { PortfolioProblem } from '../../src/optimize/portfolio-problem.js';

let highs: LpSolver;
beforeAll(async () => {
  highs = await createHighsSolver();
});

/**
 * A random problem that is feasible by construction: long-short, dollar-neutral,
 * neutral to K exposures, with a turnover budget from non-zero current weights
 * that already satisfy every limit (so holding them is feasible).
 */
function feasibleProblem(seed: number, n: number, k: number, longOnly: boolean): PortfolioProblem {
  const rng = new Random(seed);
  const assets = Array.from({ length: n }, (_, i) => `A${i}`);
  const exposures = Array.from({ length: k }, () => Float64Array.from({ length: n }, () => rng.normal()));
  const cap = longOnly ? 3 / n : 0.1;
  // current = 0 is feasible for long-short; for long-only use the equal-weight book (neutral bands wide).
  const current = longOnly ? new Float64Array(n).fill(1 / n) : new Float64Array(n);
  const band = longOnly ? 10 : 0;
  if (!longOnly) {
    // Start from a small neutral book: project random weights off the exposures and the budget.
    const w = Float64Array.from({ length: n }, () => 0.02 * rng.normal());
    for (const b of [new Float64Array(n).fill(1), ...exposures]) {
      let bw = 0;
      let bb = 0;
      for (let i = 0; i < n; i++) { bw += b[i] * w[i]; bb += b[i] * b[i]; }
      for (let i = 0; i < n; i++) w[i] -= (bw / bb) * b[i];
    }
    current.set(w);
  }
  const netOf = (w: Float64Array): number => w.reduce((a, b) => a + b, 0);
  const neutral = exposures.map((e, j) => {
    let x = 0;
    for (let i = 0; i < n; i++) x += e[i] * current[i];
    return { name: `f${j}`, exposures: e, band: Math.max(band, Math.abs(x) + 1e-9) };
  });
  return {
    assets,
    alpha: Float64Array.from({ length: n }, () => rng.normal()),
    current,
    neutral,
    net: longOnly ? 1 : netOf(current),
    gross: longOnly ? undefined : Math.max(1, current.reduce((a, b) => a + Math.abs(b), 0) + 0.05),
    maxAbsWeight: Math.max(cap, ...Array.from(current, Math.abs)),
    longOnly,
    maxTurnover: 0.3,
    costPerUnitTraded: 0.0007,
  };
}

describe('optimizePortfolio with HiGHS', () => {
  it('returns weights that satisfy every limit within 1e-8 and beat holding the current book', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 5, max: 120 }), fc.integer({ min: 0, max: 4 }), fc.boolean(), async (seed, n, k, longOnly) => {
        const problem = feasibleProblem(seed, n, Math.min(k, n - 2), longOnly);
        expect(checkPortfolio(problem, problem.current)).toEqual([]);
        const result = await optimizePortfolio(problem, [highs]);
        expect(checkPortfolio(problem, result.weights, 1e-8)).toEqual([]);
        expect(result.rejected).toEqual([]);
        // The current book is feasible, so the optimum is at least as good.
        expect(portfolioObjective(problem, result.weights)).toBeGreaterThanOrEqual(portfolioObjective(problem, problem.current) - 1e-9);
        expect(result.objective).toBeCloseTo(portfolioObjective(problem, result.weights), 7);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('raises a typed infeasible error naming a conflicting limit', async () => {
    const n = 5;
    const problem: PortfolioProblem = {
      assets: ['a', 'b', 'c', 'd', 'e'],
      alpha: Float64Array.of(1, 2, 3, 4, 5),
      current: new Float64Array(n),
      neutral: [],
      net: 1,
      maxAbsWeight: 0.1,
      longOnly: true,
      costPerUnitTraded: 0,
    };
    const error = await optimizePortfolio(problem, [highs]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptimizerError);
    expect((error as OptimizerError).code).toBe('infeasible');
    // Five assets capped at 10% cannot be 100% invested: the cap and the budget conflict
    // (long-only is not needed for the conflict, so it is not in the set).
    expect((error as OptimizerError).constraints).toEqual(['net', 'max-abs-weight']);
    expect((error as OptimizerError).message).toMatch(/these limits conflict: net \(Σw = 1\); max-abs-weight \(\|w\| <= 0\.1\)/);
  });

  it('rejects NaN inputs with a typed error naming the asset', async () => {
    const problem = { ...feasibleProblem(1, 6, 1, false), alpha: Float64Array.of(1, NaN, 0, 0, 0, 0) };
    await expect(optimizePortfolio(problem, [highs])).rejects.toThrow(/alpha of A1 is NaN/);
  });
});

describe('the two backends on generated problems', () => {
  it('agree with HiGHS whenever javascript-lp-solver passes the check, and a failing answer falls back to HiGHS', async () => {
    const jslp = createJsLpSolver({ timeLimitSeconds: 5 });
    let passed = 0;
    let rejected = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const problem = feasibleProblem(seed, 8 + 4 * seed, 2, seed % 3 === 0);
      const reference = await optimizePortfolio(problem, [highs]);
      const result = await optimizePortfolio(problem, [jslp, highs]);
      expect(checkPortfolio(problem, result.weights)).toEqual([]);
      if (result.backend === 'javascript-lp-solver') {
        passed++;
        // HiGHS's answer is optimal; a checked-feasible answer cannot beat it.
        expect(portfolioObjective(problem, result.weights)).toBeLessThanOrEqual(portfolioObjective(problem, reference.weights) + 1e-7);
      } else {
        rejected++;
        expect(result.rejected[0].backend).toBe('javascript-lp-solver');
      }
    }
    expect(passed + rejected).toBe(12);
  }, 120_000);
});
