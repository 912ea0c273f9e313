import type { HeldBook, HoldingCost } from './holding-cost.js';

/**
 * Financing of leverage: borrowed cash (negative cash, a book levered beyond its equity) pays
 * `|cash| × spread × days / 365` per bar, the spread an annual rate over the risk-free rate (which
 * `riskFree` already charges on negative cash) or the whole rate without one.
 */
export class FinancingCost implements HoldingCost {
  readonly name = 'financing';

  constructor(
    readonly annualSpread: number,
    readonly days: Float64Array,
  ) {}

  realised({ cash }: HeldBook, t: number, pnl: Float64Array): number {
    pnl.fill(0);
    return cash < 0 ? cash * this.annualSpread * (this.days[t] / 365) : 0;
  }

  eventsAt(): number {
    return NaN;
  }
}
