import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import { buildProblem } from '../../src/optimize/build-problem.js';
import { checkPortfolio } from '../../src/optimize/check-portfolio.js';
import { withoutFamily } from '../../src/optimize/diagnose-infeasible.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import type { LpSolver } from '../../src/optimize/linear-program.js';
import { optimizePortfolio } from '../../src/optimize/optimize-portfolio.js';
import type { PortfolioProblem } from '../../src/optimize/portfolio-problem.js';
import { AssetBounds } from '../../src/optimize/terms/asset-bounds.js';
import { ExposureBand } from '../../src/optimize/terms/exposure-limit.js';
import { Frozen } from '../../src/optimize/terms/frozen.js';
import { GrossLimit } from '../../src/optimize/terms/gross.js';
import { GroupBand } from '../../src/optimize/terms/group-limit.js';
import { LongOnly } from '../../src/optimize/terms/long-only.js';
import { MaxAbsWeight } from '../../src/optimize/terms/max-abs-weight.js';
import { MaxTrade } from '../../src/optimize/terms/max-trade.js';
import { NetLimit } from '../../src/optimize/terms/net.js';
import { limitTerms } from '../../src/optimize/terms/problem-terms.js';
import type { LimitTerm } from '../../src/optimize/terms/term.js';
import { MaxShort } from '../helpers/max-short.js';
import { TurnoverLimit } from '../../src/optimize/terms/turnover.js';
import { validateProblem } from '../../src/optimize/validate-problem.js';

/**
 * The contract every limit term keeps, run against each one (as LEAN runs one suite against every
 * model of a kind). The property that ties its LP part to its check: a weight vector `w` passes the
 * term's check exactly when the LP can reach it, i.e. when `min Σ|x − w|` over the LP's feasible
 * set is 0. So the box a term narrows and the rows it adds describe the same set its check accepts.
 */
const N = 6;
const ASSETS = Array.from({ length: N }, (_, i) => `A${i}`);

function vector(random: Random, scale: number): Float64Array {
  return Float64Array.from({ length: N }, () => (2 * random.uniform() - 1) * scale);
}


const random = new Random(20261202);
const current = vector(random, 0.3);
const TERMS: ReadonlyArray<{ readonly name: string; readonly make: () => LimitTerm }> = [
  { name: 'net', make: () => new NetLimit(0.2, 0.05) },
  { name: 'gross', make: () => new GrossLimit(1.5) },
  { name: 'max-abs-weight', make: () => new MaxAbsWeight(0.3) },
  { name: 'long-only', make: () => new LongOnly() },
  { name: 'asset-bounds', make: () => new AssetBounds(Float64Array.of(-0.5, -Infinity, 0, -0.2, -0.4, -0.1), Float64Array.of(0.5, 0.2, Infinity, 0.3, 0.1, 0.6)) },
  { name: 'turnover', make: () => new TurnoverLimit(0.6) },
  { name: 'max-trade', make: () => new MaxTrade(Float64Array.of(0.1, 0.3, Infinity, 0.05, 0.2, 0.4)) },
  { name: 'frozen', make: () => new Frozen(Uint8Array.of(0, 1, 0, 0, 1, 0)) },
  { name: 'neutral', make: () => new ExposureBand({ name: 'beta', exposures: Float64Array.of(1.2, 0.8, 1, 0.5, 1.5, 0.9), band: 0.1, target: 0.2 }) },
  { name: 'tilt', make: () => new ExposureBand({ name: 'tilt:momentum', exposures: Float64Array.of(-1, 0.5, 2, 0.1, -0.3, 1), band: 0.05, target: 0.4 }) },
  { name: 'group', make: () => new GroupBand({ name: 'tech', members: [0, 2, 3], minNet: -0.2, maxNet: 0.3, maxGross: 0.6 }) },
  { name: 'max-short (the docs example)', make: () => new MaxShort(0.1) },
];

/** A min-distance problem towards `target` under `term`, bounded by a wide gross limit or cap where the term does not bound it. */
function problemWith(term: LimitTerm, target: Float64Array): PortfolioProblem {
  const bound = term.family === 'gross' ? new MaxAbsWeight(N) : term.bounds === true ? undefined : new GrossLimit(N);
  return {
    assets: ASSETS,
    objective: 'min-distance',
    alpha: new Float64Array(N),
    target,
    current,
    neutral: [],
    longOnly: false,
    limits: bound === undefined ? [term] : [term, bound],
    costPerUnitTraded: 0,
  };
}

let solvers: LpSolver[];
beforeAll(async () => {
  solvers = [await createHighsSolver()];
});

describe.each(TERMS)('limit term contract: $name', ({ make }) => {
  it('its check accepts exactly the weights its LP part can reach', async () => {
    const draws = new Random(7);
    let accepted = 0;
    let refused = 0;
    for (let k = 0; k < 40; k++) {
      const w = vector(draws, [0.05, 0.3, 1][k % 3]);
      const problem = problemWith(make(), w);
      const excess = Math.max(0, ...checkPortfolio(problem, w, 0).map((v) => v.excess));
      // The LP alone (not optimizePortfolio, whose answer check would hide a wrong LP part).
      const lp = buildProblem(problem);
      const solution = await solvers[0].solve(lp);
      const distance = solution.status === 'optimal' ? -((solution.objective ?? NaN) + lp.objectiveOffset) : Infinity;
      if (excess === 0) {
        accepted++;
        expect(distance).toBeLessThan(1e-7);
      } else if (excess > 1e-6) {
        refused++;
        expect(distance).toBeGreaterThan(1e-9);
      }
    }
    // Both sides of the boundary were tried.
    expect(accepted + refused).toBeGreaterThan(30);
  });

  it('names its violations with its family, and describes itself with its values', () => {
    const term = make();
    const problem = problemWith(term, new Float64Array(N));
    const far = Float64Array.from({ length: N }, (_, i) => (i % 2 === 0 ? 3 : -3));
    const own = checkPortfolio({ ...problem, limits: [term] }, far);
    expect(own.length).toBeGreaterThan(0);
    for (const v of own) expect(v.constraint.startsWith(term.family)).toBe(true);
    expect(term.describe().startsWith(term.family)).toBe(true);
  });

  it('dropped, it leaves a valid problem without its family (or with what replaces it)', () => {
    const term = make();
    const problem = problemWith(term, new Float64Array(N));
    const relaxed = withoutFamily(problem, term.family);
    const families = limitTerms(relaxed).map((t) => t.family);
    const replaced = term.relaxed?.(limitTerms(problem).filter((t) => t !== term), problem) ?? [];
    expect(families.filter((f) => f === term.family).length).toBe(replaced.filter((t) => t.family === term.family).length);
    expect(() => validateProblem(relaxed)).not.toThrow();
  });
});

describe('the shorthand fields and the terms they stand for', () => {
  it('build the same LP and the same checks as the equivalent term list', async () => {
    const shorthand: PortfolioProblem = {
      assets: ASSETS,
      alpha: Float64Array.of(0.02, -0.01, 0.03, 0.005, -0.02, 0.01),
      current,
      neutral: [{ name: 'beta', exposures: Float64Array.of(1.2, 0.8, 1, 0.5, 1.5, 0.9), band: 0.1 }],
      net: 0,
      gross: 1,
      maxAbsWeight: 0.3,
      maxTurnover: 0.8,
      longOnly: false,
      costPerUnitTraded: 0.001,
    };
    const terms: PortfolioProblem = {
      assets: ASSETS,
      alpha: shorthand.alpha,
      current,
      neutral: [],
      longOnly: false,
      limits: [new NetLimit(0), new GrossLimit(1), new MaxAbsWeight(0.3), new TurnoverLimit(0.8), new ExposureBand(shorthand.neutral[0])],
      costPerUnitTraded: 0.001,
    };
    const a = await optimizePortfolio(shorthand, solvers);
    const b = await optimizePortfolio(terms, solvers);
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
    expect(b.objective).toBe(a.objective);
    const w = vector(new Random(3), 0.5);
    expect(checkPortfolio(terms, w)).toEqual(checkPortfolio(shorthand, w));
  });

  it('a limit family given twice is refused with its name', () => {
    const p: PortfolioProblem = { assets: ASSETS, alpha: new Float64Array(N), current, neutral: [], gross: 1, longOnly: false, limits: [new GrossLimit(2)], costPerUnitTraded: 0 };
    expect(() => validateProblem(p)).toThrow(/limit 'gross' appears twice/);
  });
});
