import { LinearCost } from '../../src/optimize/terms/linear-cost.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import { Ledger } from '../../src/engine/ledger.js';
import { buildProblem } from '../../src/optimize/build-problem.js';
import { portfolioObjective } from '../../src/optimize/check-portfolio.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import type { LpSolver } from '../../src/optimize/linear-program.js';
import { optimizePortfolio } from '../../src/optimize/optimize-portfolio.js';
import type { PortfolioProblem } from '../../src/optimize/portfolio-problem.js';
import { IMPACT_FIRST_BREAK, IMPACT_RELATIVE_ERROR, MarketImpact } from '../../src/optimize/terms/market-impact.js';

let solvers: LpSolver[];
beforeAll(async () => {
  solvers = [await createHighsSolver()];
});

describe('market impact b·σ·|T|^{3/2}/√V', () => {
  it('the ledger books the formula on hand-checked trades: σ 2%, V $1 M, b 1 → k = 2e-5, and a $10,000 trade costs 2e-5 × 10,000^1.5 = $20', () => {
    const impact = new MarketImpact(Float64Array.of(2e-5, 4e-5), 1_000_000);
    expect(impact.realised(0, 10_000)).toBeCloseTo(20, 12);
    expect(impact.realised(0, -10_000)).toBeCloseTo(20, 12);
    // $40,000 in the second asset: 4e-5 × 40,000^1.5 = 4e-5 × 8,000,000 = $320.
    expect(impact.realised(1, 40_000)).toBeCloseTo(320, 9);
    const ledger = new Ledger(2, 1_000_000);
    const traded = ledger.rebalance(['A', 'B'], Float64Array.of(0.01, -0.04), Uint8Array.of(1, 1), [LinearCost.uniform(2, 7e-4), impact]);
    // Linear 7 bps on $50,000 traded plus $20 and $320 of impact.
    expect(traded.cost).toBeCloseTo(50_000 * 7e-4 + 20 + 320, 9);
    expect(ledger.nav).toBeCloseTo(1_000_000 - traded.cost, 6);
  });

  it("the LP's piecewise-linear charge is never below the true cost and within its stated bound on random trades", async () => {
    const random = new Random(5);
    const nav = 1_000_000;
    for (let k = 0; k < 40; k++) {
      const z = 10 ** (-4 + 3 * random.uniform()) * (random.uniform() < 0.5 ? -1 : 1);
      const impact = new MarketImpact(Float64Array.of(1e-5 * (1 + random.uniform())), nav);
      // Track target z at unit distance cost: the LP reaches w = z exactly and pays its own charge for the trade.
      const problem: PortfolioProblem = { assets: ['A'], objective: 'min-distance', target: Float64Array.of(z), alpha: new Float64Array(1), current: new Float64Array(1), neutral: [], longOnly: false, maxAbsWeight: 0.5, tradingCosts: [impact], costPerUnitTraded: 0 };
      const lp = buildProblem(problem);
      const solution = await solvers[0].solve(lp);
      expect(solution.status).toBe('optimal');
      const charged = -((solution.objective ?? NaN) + lp.objectiveOffset);
      const exact = impact.cost(0, z);
      // Beyond the first breakpoint the chord overcharges by at most 0.65%; below it, by at most 4/27 of the cost at the first break.
      const slack = IMPACT_RELATIVE_ERROR * exact + (4 / 27) * impact.cost(0, IMPACT_FIRST_BREAK);
      expect(charged).toBeGreaterThanOrEqual(exact - 1e-12);
      expect(charged - exact).toBeLessThanOrEqual(slack);
    }
  });

  it("the optimizer's estimate at its chosen weights and the ledger's charge for that trade are the same number (prices unchanged)", async () => {
    const nav = 2_000_000;
    const impact = new MarketImpact(Float64Array.of(3e-5, 1e-5, 2e-5, 5e-5), nav);
    const problem: PortfolioProblem = {
      assets: ['A', 'B', 'C', 'D'],
      alpha: Float64Array.of(0.004, -0.002, 0.003, -0.001),
      current: Float64Array.of(0.1, -0.05, 0, 0.02),
      neutral: [],
      net: 0,
      gross: 1,
      maxAbsWeight: 0.4,
      longOnly: false,
      tradingCosts: [impact],
      costPerUnitTraded: 5e-4,
    };
    const result = await optimizePortfolio(problem, solvers);
    let estimate = 0;
    for (let i = 0; i < 4; i++) estimate += (5e-4 * Math.abs(result.weights[i] - problem.current[i]) + impact.cost(i, result.weights[i] - problem.current[i])) * nav;
    const ledger = new Ledger(4, nav);
    ledger.rebalance(problem.assets, problem.current, Uint8Array.of(1, 1, 1, 1), []);
    ledger.cash = nav - ledger.positions.reduce((a, b) => a + b, 0);
    const charged = ledger.rebalance(problem.assets, result.weights, Uint8Array.of(1, 1, 1, 1), [LinearCost.uniform(4, 5e-4), impact]).cost;
    expect(charged).toBeCloseTo(estimate, 8);
    // And the exact objective of the answer is the LP's, less at most the chord overcharge.
    expect(portfolioObjective(problem, result.weights)).toBeGreaterThanOrEqual(result.objective - 1e-12);
  });

  it('makes the optimizer trade less: the same problem without impact moves further from the book', async () => {
    const base: PortfolioProblem = { assets: ['A', 'B', 'C'], alpha: Float64Array.of(0.01, -0.01, 0.005), current: new Float64Array(3), neutral: [], net: 0, gross: 1, maxAbsWeight: 0.5, longOnly: false, costPerUnitTraded: 1e-4 };
    const free = await optimizePortfolio(base, solvers);
    const costly = await optimizePortfolio({ ...base, tradingCosts: [new MarketImpact(Float64Array.of(2e-4, 2e-4, 2e-4), 1_000_000)] }, solvers);
    const traded = (w: Float64Array): number => w.reduce((s, x) => s + Math.abs(x), 0);
    expect(traded(costly.weights)).toBeLessThan(traded(free.weights) - 0.1);
  });
});

describe.each([
  { name: 'linear', make: (nav: number) => ({ term: new LinearCost(Float64Array.of(7e-4, 2e-3, 0)), nav }) },
  { name: 'impact', make: (nav: number) => ({ term: new MarketImpact(Float64Array.of(3e-5, 1e-6, 8e-5), nav), nav }) },
])('trading-cost contract: $name', ({ make }) => {
  it("estimate in weights × NAV equals the ledger's realised charge on the same trade, and restrict keeps each asset's cost", () => {
    const random = new Random(9);
    for (const nav of [1e5, 2e6]) {
      const { term } = make(nav);
      for (let k = 0; k < 20; k++) {
        const i = k % 3;
        const z = (2 * random.uniform() - 1) * 0.2;
        expect(term.cost(i, z) * nav).toBeCloseTo(term.realised(i, z * nav), 8);
        expect(term.cost(i, z)).toBeGreaterThanOrEqual(0);
        expect(term.restrict([2, i]).cost(1, z)).toBe(term.cost(i, z));
      }
      expect(term.cost(0, 0)).toBe(0);
    }
  });
});
