import type { TradingCost } from './trading-cost.js';

/** Smallest trade, over NAV, the piecewise-linear form resolves: below it the first chord (from 0) is charged. */
export const IMPACT_FIRST_BREAK = 1e-4;
/** Ratio of successive breakpoints; the chord of `z^{3/2}` exceeds it by at most 0.65% of the cost beyond the first break. */
export const IMPACT_BREAK_RATIO = 1.3;
/** Bound on the LP's overcharge relative to the true impact, beyond the first breakpoint (tested). */
export const IMPACT_RELATIVE_ERROR = 6.5e-3;

/**
 * The power-law market impact of cvxportfolio and Almgren et al., `b·σ·|T|^{3/2}/√V` in currency for
 * a trade of value `T`, `σ` the asset's volatility per bar and `V` its dollar volume per bar, both
 * measured at the decision from data up to it. Held as `kᵢ = b·σᵢ/√Vᵢ` per asset, so the ledger
 * books `kᵢ·|T|^{3/2}` and the optimizer, in weights `z = T / NAV`, sees `kᵢ·√NAV·|z|^{3/2}`.
 * (The linear `a·|T|` part is the strategy's commission and half-spread.)
 */
export class MarketImpact implements TradingCost {
  readonly name = 'impact';

  /**
   * @param k per asset, `b·σᵢ/√Vᵢ` (currency^-1/2); NaN where it cannot be measured
   * @param nav the NAV the weights are fractions of
   */
  constructor(
    readonly k: Float64Array,
    readonly nav: number,
  ) {}

  cost(i: number, z: number): number {
    const a = Math.abs(z);
    return this.k[i] * Math.sqrt(this.nav) * a * Math.sqrt(a);
  }

  breakpoints(_i: number, limit: number): number[] {
    const out: number[] = [];
    for (let z = IMPACT_FIRST_BREAK; z < limit; z *= IMPACT_BREAK_RATIO) out.push(z);
    return out;
  }

  realised(i: number, tradeValue: number): number {
    const a = Math.abs(tradeValue);
    return this.k[i] * a * Math.sqrt(a);
  }

  restrict(members: readonly number[]): MarketImpact {
    return new MarketImpact(Float64Array.from(members, (i) => this.k[i]), this.nav);
  }
}
