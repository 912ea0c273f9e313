/**
 * A limit of a portfolio problem as one object (cvxportfolio's constraint objects): it owns its part
 * of the trade-space LP (the per-asset box it narrows and the rows it adds), its check of a weight
 * vector from the weights themselves, its description for the infeasibility diagnosis, and what
 * replaces it when the `relax` policy or the diagnosis drops it. `buildProblem`, `checkPortfolio`,
 * `diagnoseInfeasible` and the relax order iterate over a problem's terms and know none by name.
 * docs/optimizer.md ("Terms") shows how to write one.
 */
export interface LimitTerm {
  /** The family named in rows, violations and diagnoses: `net`, `gross`, `neutral[market]`, `group[tech]`. */
  readonly family: string;
  /** The step of the relax order that may drop it; undefined: never relaxed. */
  readonly relaxStep?: RelaxStep;
  /** True when it bounds every weight of a long-short book (a gross limit, a per-asset cap). */
  readonly bounds?: boolean;
  /** Narrow each asset's weight box `[lo, hi]` (per-asset limits). */
  narrow?(box: WeightBox, problem: TermContext): void;
  /** Add this limit's rows to the trade-space LP. */
  addRows?(lp: TradeSpaceRows): void;
  /** Report every part of the limit that `w` breaks by more than the sink's tolerance. */
  check(w: Float64Array, problem: TermContext, push: ViolationSink): void;
  /** The limit with its values, for diagnoses: `gross (Σ|w| <= 1)`. */
  describe(): string;
  /** What takes its place when it is dropped, given the limits that stay (default: nothing). */
  relaxed?(others: readonly LimitTerm[], problem: TermContext): LimitTerm[];
  /** Refuse inputs that cannot describe the limit, through `bad` (which throws). */
  validate?(assets: readonly string[], bad: (what: string) => never): void;
}

/** What every term reads of its problem: the assets, in order, and the book held now. */
export interface TermContext {
  readonly assets: readonly string[];
  readonly current: Float64Array;
}

/** The steps of `onInfeasible: 'relax'`, given up in this order (`RELAX_ORDER`). */
export type RelaxStep = 'turnover' | 'max-trade' | 'tilts' | 'groups' | 'neutrality';

/** Each asset's allowed weights, `lo[i] <= wᵢ <= hi[i]`, narrowed by every per-asset limit in turn. */
export interface WeightBox {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

/** Receives one broken limit: its name, the value reached, the limit and the excess over it. */
export type ViolationSink = (constraint: string, value: number, limit: number, excess: number) => void;

/**
 * The rows a limit can add to the trade-space LP, each over the weights `w = start + moves`
 * (the builder subtracts the starting weights' part from the bounds).
 */
export interface TradeSpaceRows {
  /** `lower <= Σ cᵢ wᵢ <= upper` over `members` (every asset when undefined); `coef` undefined: all 1. */
  weighted(name: string, lower: number, upper: number, coef?: Float64Array, members?: ReadonlySet<number>): void;
  /** `Σ |wᵢ| <= upper` over `members` (every asset when undefined). */
  gross(name: string, upper: number, members?: ReadonlySet<number>): void;
  /** `Σ |wᵢ − currentᵢ| <= upper`. */
  turnover(name: string, upper: number): void;
}

/** `Σ aᵢ bᵢ`. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
