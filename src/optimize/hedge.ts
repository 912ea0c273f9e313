import { OptimizerError } from '../core/errors.js';
import { optimizePortfolio } from './optimize-portfolio.js';
import type { LpSolver } from './linear-program.js';
import type { PortfolioProblem } from './portfolio-problem.js';

export interface HedgeProblem {
  readonly assets: readonly string[];
  /** The book to hedge (weights per asset). */
  readonly book: Float64Array;
  /** Asset ids that may be traded as hedges. */
  readonly instruments: readonly string[];
  /** Exposures (one per asset) to bring within `±band`. */
  readonly exposures: ReadonlyArray<{ readonly name: string; readonly exposures: Float64Array }>;
  readonly band: number;
  /** Largest hedge position per instrument, |h|. */
  readonly maxAbsWeight: number;
  readonly costPerUnitTraded: number | Float64Array;
}

export interface HedgeResult {
  /** Book plus hedge, per asset. */
  readonly weights: Float64Array;
  /** Hedge trades per asset (non-zero only on instruments). */
  readonly hedge: Float64Array;
  readonly exposuresBefore: Float64Array;
  readonly exposuresAfter: Float64Array;
  /** Trading cost of the hedge, as a fraction of NAV. */
  readonly cost: number;
  readonly backend: string;
}

/** Cost used when none is given, so the LP picks the smallest hedge rather than any hedge. */
const TIE_BREAK_COST = 1e-6;

/**
 * Hedging mode: keep every position of `book` and choose positions in the
 * hedge instruments that bring each exposure within `±band` at the least
 * trading cost. The same checked LP as portfolio construction: non-instruments
 * are frozen at their book weight, instruments may move by `maxAbsWeight`.
 * @throws OptimizerError `invalid-problem` for an unknown instrument or a held
 *   asset without an exposure; `infeasible` when the instruments cannot reach the bands
 */
export async function hedgePortfolio(input: HedgeProblem, solvers: readonly LpSolver[]): Promise<HedgeResult> {
  const n = input.assets.length;
  const isInstrument = new Uint8Array(n);
  for (const id of input.instruments) {
    const i = input.assets.indexOf(id);
    if (i < 0) throw new OptimizerError('invalid-problem', `hedge instrument '${id}' is not an asset of the market`);
    isInstrument[i] = 1;
  }
  const members: number[] = [];
  for (let i = 0; i < n; i++) if (isInstrument[i] === 1 || input.book[i] !== 0) members.push(i);
  for (const { name, exposures } of input.exposures) {
    for (const i of members) {
      if (!Number.isFinite(exposures[i])) {
        throw new OptimizerError('invalid-problem', `${input.assets[i]} has no '${name}' exposure (${exposures[i]}) but is ${isInstrument[i] === 1 ? 'a hedge instrument' : 'held'}; hedge with fitted assets only`);
      }
    }
  }
  const pick = (v: Float64Array): Float64Array => Float64Array.from(members, (i) => v[i]);
  const book = pick(input.book);
  const cap = input.maxAbsWeight;
  const cost = Float64Array.from(members, (i) => Math.max(TIE_BREAK_COST, typeof input.costPerUnitTraded === 'number' ? input.costPerUnitTraded : input.costPerUnitTraded[i]));
  const problem: PortfolioProblem = {
    assets: members.map((i) => input.assets[i]),
    alpha: new Float64Array(members.length),
    current: book,
    neutral: input.exposures.map(({ name, exposures }) => ({ name, exposures: pick(exposures), band: input.band })),
    gross: book.reduce((s, w) => s + Math.abs(w), 0) + cap * input.instruments.length,
    minWeight: book.map((w, j) => (isInstrument[members[j]] === 1 ? w - cap : -Infinity)),
    maxWeight: book.map((w, j) => (isInstrument[members[j]] === 1 ? w + cap : Infinity)),
    frozen: Uint8Array.from(members, (i) => 1 - isInstrument[i]),
    longOnly: false,
    costPerUnitTraded: cost,
  };
  const result = await optimizePortfolio(problem, solvers);
  const weights = input.book.slice();
  const hedge = new Float64Array(n);
  members.forEach((i, j) => {
    const h = result.weights[j] - book[j];
    if (Math.abs(h) > 1e-12) {
      hedge[i] = h;
      weights[i] = result.weights[j];
    }
  });
  const exposure = (w: Float64Array): Float64Array => Float64Array.from(input.exposures, ({ exposures }) => members.reduce((s, i) => s + exposures[i] * w[i], 0));
  let tradeCost = 0;
  for (let i = 0; i < n; i++) tradeCost += Math.abs(hedge[i]) * (typeof input.costPerUnitTraded === 'number' ? input.costPerUnitTraded : input.costPerUnitTraded[i]);
  return { weights, hedge, exposuresBefore: exposure(input.book), exposuresAfter: exposure(weights), cost: tradeCost, backend: result.backend };
}
