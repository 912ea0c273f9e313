/** One corporate action on its ex-date. */
export interface CorporateAction {
  readonly date: string;
  readonly asset: string;
  /** New shares per old share (2 for a 2-for-1 split, 1.5 for 3-for-2, 0.1 for a 1-for-10 reverse split); 1 without a split. */
  readonly splitRatio: number;
  /** Cash per share as traded on the ex-date (after any split that day); 0 without a dividend. */
  readonly dividend: number;
  readonly line: number;
}

/**
 * Corporate actions from `actions.csv`, placed on the panel: `factor[cell]` is
 * what a holder's value is multiplied by across the ex-date besides the price
 * move, `k (1 + D / close)`, so the bar's total return is
 * `close × factor / previous close − 1`. It reads only the ex-date's own
 * close, so applying it uses nothing a decision on that date did not know.
 */
export interface CorporateActions {
  readonly file: string;
  readonly actions: readonly CorporateAction[];
  readonly factor: Float64Array;
  readonly splits: number;
  readonly dividends: number;
}
