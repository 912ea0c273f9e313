import { Random } from '../../src/core/random.js';
import type { PortfolioObjective, PortfolioProblem } from '../../src/optimize/portfolio-problem.js';

/**
 * A random portfolio problem with every kind of limit, feasible by
 * construction: all limits are drawn around a random book `w0`, which satisfies
 * them (and is returned). For property tests and solver benchmarks.
 */
export function randomPortfolioProblem(seed: number, n: number, objective: PortfolioObjective, longOnly: boolean): { problem: PortfolioProblem; w0: Float64Array } {
  const rng = new Random(seed);
  const w0 = Float64Array.from({ length: n }, () => (longOnly ? 0.5 + rng.uniform() : rng.normal()) / n);
  const current = w0.map((w, i) => (i % 5 === 0 ? w : w + 0.3 * rng.normal() / n));
  const frozen = Uint8Array.from({ length: n }, (_, i) => (i % 5 === 0 && rng.uniform() < 0.5 ? 1 : 0));
  const slack = (): number => 0.02 * rng.uniform();
  const sum = (f: (i: number) => number, members: readonly number[] = Array.from({ length: n }, (_, i) => i)): number => members.reduce((s, i) => s + f(i), 0);
  const exposures = Array.from({ length: 3 }, () => Float64Array.from({ length: n }, () => rng.normal()));
  const groups = [0, 1, 2].map((g) => ({ name: `g${g}`, members: Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 === g) }));
  const net = sum((i) => w0[i]);
  return {
    w0,
    problem: {
      assets: Array.from({ length: n }, (_, i) => `A${i}`),
      objective,
      alpha: Float64Array.from({ length: n }, () => rng.normal()),
      target: Float64Array.from({ length: n }, () => rng.normal() / n),
      minimize: [{ name: 'm0', exposures: Float64Array.from({ length: n }, () => rng.normal()) }],
      current,
      neutral: exposures.map((b, k) => {
        const e = sum((i) => b[i] * w0[i]);
        const offset = 0.05 * rng.normal();
        return { name: `f${k}`, exposures: b, target: e + offset, band: Math.abs(offset) + slack() };
      }),
      net: net + 0.01 * rng.normal(),
      netBand: 0.03,
      gross: sum((i) => Math.abs(w0[i])) + slack(),
      maxAbsWeight: Math.max(...Array.from(w0, Math.abs)) + slack(),
      minWeight: w0.map((w) => (rng.uniform() < 0.3 ? w - slack() : -Infinity)),
      maxWeight: w0.map((w) => (rng.uniform() < 0.3 ? w + slack() : Infinity)),
      longOnly,
      groups: groups.map((g) => {
        const gNet = sum((i) => w0[i], g.members);
        return { ...g, minNet: gNet - slack(), maxNet: gNet + slack(), maxGross: sum((i) => Math.abs(w0[i]), g.members) + slack() };
      }),
      maxTurnover: sum((i) => Math.abs(w0[i] - current[i])) + slack(),
      maxTrade: w0.map((w, i) => Math.abs(w - current[i]) + slack()),
      frozen,
      costPerUnitTraded: Float64Array.from({ length: n }, () => 0.001 * rng.uniform()),
    },
  };
}
