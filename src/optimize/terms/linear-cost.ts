import type { TradingCost } from './trading-cost.js';

/**
 * The linear trading cost, `rateᵢ × |T|` for a trade of value `T` (commission and half-spread,
 * plus any per-asset bps): the LP charges `rateᵢ` per unit of weight traded, exactly, and the
 * ledger the same rate per unit of value.
 */
export class LinearCost implements TradingCost {
  readonly name = 'linear';

  constructor(readonly rates: Float64Array) {}

  /** One rate for all `n` assets. */
  static uniform(n: number, rate: number): LinearCost {
    return new LinearCost(new Float64Array(n).fill(rate));
  }

  linearRate(i: number): number {
    return this.rates[i];
  }

  cost(i: number, z: number): number {
    return this.rates[i] * Math.abs(z);
  }

  breakpoints(): number[] {
    return [];
  }

  realised(i: number, tradeValue: number): number {
    return Math.abs(tradeValue) * this.rates[i];
  }

  restrict(members: readonly number[]): LinearCost {
    return new LinearCost(Float64Array.from(members, (i) => this.rates[i]));
  }
}
