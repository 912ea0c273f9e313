/**
 * A cost of trading as one object (cvxportfolio's cost objects): the optimizer's estimate of a
 * trade and the ledger's charge for it come from the same coefficients, so they agree whenever
 * the NAV and coefficients at execution are those of the decision: the linear cost
 * (`LinearCost`) and market impact (`MarketImpact`). The problem's `costPerUnitTraded` is the
 * shorthand for a linear one.
 */
export interface TradingCost {
  readonly name: string;
  /** For a linear cost, its rate per unit traded of asset `i`: the LP charges it exactly, with no breakpoints. */
  linearRate?(i: number): number;
  /** The exact cost over NAV of trading `z` (a weight change) of asset `i`: convex in `z`, 0 at 0. */
  cost(i: number, z: number): number;
  /**
   * Trade sizes `|z|` (ascending, positive, below `limit`) at which the LP's piecewise-linear form
   * of `cost` changes slope: between two, the LP charges the chord, never less than the cost.
   */
  breakpoints(i: number, limit: number): readonly number[];
  /** The cost in currency of trading value `tradeValue` (signed) of asset `i`: what the ledger books. */
  realised(i: number, tradeValue: number): number;
  /** The same cost on the assets `members` only, in that order (the problem's universe). */
  restrict(members: readonly number[]): TradingCost;
}
