import type { HeldBook, HoldingCost } from './holding-cost.js';

/**
 * Perpetual funding as a holding cost, one object for the charge every caller books: on each bar,
 * position `pᵢ` (currency, held over the bar) pays `pᵢ × rateᵢ`, where `rateᵢ` is the sum of the
 * asset's funding rates over the funding events inside the bar. Longs pay a positive rate and
 * shorts receive it; a negative rate reverses both.
 */
export class FundingCost implements HoldingCost {
  readonly name = 'funding';

  /**
   * @param perBar bars × assets, date-major: the funding rate summed over each bar's events (0 or NaN: none)
   * @param events bars × assets: how many funding events each bar holds, for the record
   */
  constructor(
    readonly perBar: Float64Array,
    readonly events: Float64Array,
    readonly assets: number,
  ) {}

  /** The funding bar `t` charges on the positions: each asset's P&L into `pnl` (received positive, paid negative), and the total. */
  realised({ positions }: HeldBook, t: number, pnl: Float64Array): number {
    const n = this.assets;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const rate = this.perBar[t * n + i];
      const p = positions[i];
      const amount = p === 0 || !(rate === rate) || rate === 0 ? 0 : -p * rate;
      pnl[i] = amount;
      total += amount;
    }
    return total;
  }

  /** Funding events bar `t` holds for asset `i`. */
  eventsAt(t: number, i: number): number {
    return this.events[t * this.assets + i];
  }
}
