import type { LimitTerm } from './terms/term.js';
import type { TradingCost } from './terms/trading-cost.js';

/** A limit on one exposure `B'w`: within `band` of `target` (0: neutrality; otherwise a tilt). */
export interface ExposureLimit {
  readonly name: string;
  /** One exposure per asset. */
  readonly exposures: Float64Array;
  /** Allowed distance from the target (0: exact). */
  readonly band: number;
  /** Target exposure (default 0). */
  readonly target?: number;
}

/** Limits on a group of assets (a sector, an exchange, a cluster). */
export interface GroupLimit {
  readonly name: string;
  /** Indices of the member assets. */
  readonly members: readonly number[];
  /** Bounds on the group's net weight `Σ w`. */
  readonly minNet?: number;
  readonly maxNet?: number;
  /** Cap on the group's gross weight `Σ |w|`. */
  readonly maxGross?: number;
}

/**
 * - `max-alpha`: maximise `alpha'w − Σ costᵢ|wᵢ − currentᵢ|`;
 * - `min-distance`: minimise `Σ |wᵢ − targetᵢ|` plus trading costs (track target weights under the limits);
 * - `min-exposure`: minimise `Σₖ |Bₖ'w|` over `minimize` plus trading costs.
 */
export type PortfolioObjective = 'max-alpha' | 'min-distance' | 'min-exposure';

/**
 * What the optimizer is asked: weights (fractions of NAV) for `assets` under
 * the limits below. Every limit is optional except the objective's inputs.
 */
export interface PortfolioProblem {
  readonly assets: readonly string[];
  /** Default `max-alpha`. */
  readonly objective?: PortfolioObjective;
  /** Expected return or score per asset (n); used by `max-alpha`. */
  readonly alpha: Float64Array;
  /** Target weights (n) for `min-distance`. */
  readonly target?: Float64Array;
  /** Exposures whose absolute value `min-exposure` minimises. */
  readonly minimize?: ReadonlyArray<{ readonly name: string; readonly exposures: Float64Array }>;
  /** Weights held now (n); turnover, trade limits and costs are measured from them. */
  readonly current: Float64Array;
  /** Exposure limits: `|B'w − target| <= band` for each (neutrality or tilts). */
  readonly neutral: readonly ExposureLimit[];
  /** Net exposure `Σw` (0 = dollar-neutral, 1 = fully invested); undefined: free. */
  readonly net?: number | undefined;
  /** Allowed distance of `Σw` from `net` (default 0). */
  readonly netBand?: number | undefined;
  /** Gross exposure cap `Σ|w|`. */
  readonly gross?: number | undefined;
  /** Per-asset cap `|wᵢ| <= maxAbsWeight`. */
  readonly maxAbsWeight?: number | undefined;
  /** Per-asset floors and caps on the signed weight (n each; ±Infinity for none). */
  readonly minWeight?: Float64Array | undefined;
  readonly maxWeight?: Float64Array | undefined;
  readonly longOnly: boolean;
  readonly groups?: readonly GroupLimit[] | undefined;
  /** Turnover budget `Σ|w − current|`. */
  readonly maxTurnover?: number | undefined;
  /** Per-asset cap on `|wᵢ − currentᵢ|` (n; Infinity for none), e.g. a fraction of average dollar volume over NAV. */
  readonly maxTrade?: Float64Array | undefined;
  /** 1 for assets that may not be traded (halted, delisted): `wᵢ = currentᵢ`. */
  readonly frozen?: Uint8Array | undefined;
  /** Further limits as term objects (`src/optimize/terms/`), after the ones the fields above give. */
  readonly limits?: readonly LimitTerm[] | undefined;
  /** Linear cost per unit of weight traded, one rate or one per asset (e.g. 7 bps = 0.0007). */
  readonly costPerUnitTraded: number | Float64Array;
  /** Trading costs beyond the linear one, as term objects (market impact); the LP charges their chords between breakpoints. */
  readonly tradingCosts?: readonly TradingCost[] | undefined;
}

/** One violated limit of a candidate weight vector. */
export interface Violation {
  readonly constraint: string;
  readonly value: number;
  readonly limit: number;
  readonly excess: number;
}

/** Cost rate of asset `i`. */
export function costOf(problem: PortfolioProblem, i: number): number {
  const c = problem.costPerUnitTraded;
  return typeof c === 'number' ? c : c[i];
}
