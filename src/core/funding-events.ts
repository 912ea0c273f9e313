/** Funding events from a timestamped file (`funding.csv`), put on the bar calendar. */
export interface FundingEvents {
  readonly file: string;
  /** Bars × assets, date-major: the rates of the events each bar carries, summed (0: none). */
  readonly perBar: Float64Array;
  /** Bars × assets: how many events each bar carries. */
  readonly events: Float64Array;
  /** Events placed on a bar. */
  readonly placed: number;
}
