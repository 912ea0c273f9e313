/** The book a holding cost is charged on: positions in currency (valued at the previous close) and cash. */
export interface HeldBook {
  readonly positions: Float64Array;
  readonly cash: number;
}

/**
 * A cost of holding a book over a bar (funding, borrow, financing) as one object: it computes the
 * realised P&L the ledger settles in cash, so every caller books the same algebra.
 */
export interface HoldingCost {
  /** Its name in the record: the `holding_costs` table, attribution, the outcome. */
  readonly name: string;
  /**
   * The P&L of holding `book` over bar `t` (received positive, paid negative): each asset's part
   * into `pnl` (0 where none), and the total returned (a cash part, such as financing, included).
   */
  realised(book: HeldBook, t: number, pnl: Float64Array): number;
  /** The events behind asset `i`'s charge on bar `t` (funding events), NaN when not counted. */
  eventsAt(t: number, i: number): number;
  /** Positions of `book` that owe this cost on bar `t` but have no rate to price it (charged 0, and said). */
  unpriced?(book: HeldBook, t: number): number;
}

/** Days from each bar's date to the next one's (the last bar: 1), for charges that accrue by calendar day. */
export function daysSincePrevious(dates: readonly string[]): Float64Array {
  const days = new Float64Array(dates.length);
  for (let t = 0; t < dates.length; t++) {
    days[t] = t === 0 ? 1 : (Date.parse(`${dates[t]}T00:00:00Z`) - Date.parse(`${dates[t - 1]}T00:00:00Z`)) / 86_400_000;
  }
  return days;
}
