import type { HeldBook, HoldingCost } from './holding-cost.js';

/**
 * The fee for borrowing the assets a book is short: a short position `pᵢ < 0` pays
 * `|pᵢ| × rateᵢ × days / 365` per bar, `rateᵢ` an annual rate (one for all, or per asset and bar
 * from data), accrued over the calendar days since the previous bar. Longs pay nothing.
 */
export class BorrowCost implements HoldingCost {
  readonly name = 'borrow';

  /**
   * @param annualRate bars × assets, date-major, annual borrow rates (NaN: no rate; a short there is charged 0 and counted by `unpriced`)
   * @param days calendar days each bar accrues
   */
  constructor(
    readonly annualRate: Float64Array,
    readonly days: Float64Array,
    readonly assets: number,
  ) {}

  realised({ positions }: HeldBook, t: number, pnl: Float64Array): number {
    const n = this.assets;
    const accrual = this.days[t] / 365;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const p = positions[i];
      const rate = this.annualRate[t * n + i];
      const amount = p < 0 && rate > 0 ? p * rate * accrual : 0;
      pnl[i] = amount;
      total += amount;
    }
    return total;
  }

  /** Shorts whose asset has no borrow rate on bar `t`. */
  unpriced({ positions }: HeldBook, t: number): number {
    const n = this.assets;
    let count = 0;
    for (let i = 0; i < n; i++) if (positions[i] < 0 && Number.isNaN(this.annualRate[t * n + i])) count++;
    return count;
  }

  eventsAt(): number {
    return NaN;
  }
}
