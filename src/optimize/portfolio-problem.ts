/**
 * What the optimizer is asked: weights (fractions of NAV) for `assets` that
 * maximise `alpha'w − Σ costᵢ|wᵢ − currentᵢ|` under the limits below.
 */
export interface PortfolioProblem {
  readonly assets: readonly string[];
  /** Expected return or score per asset (n). */
  readonly alpha: Float64Array;
  /** Weights held now (n); the turnover budget and costs are measured from them. */
  readonly current: Float64Array;
  /** Exposures to keep within `±band` (exact neutrality when band is 0): `|B'w| <= band`. */
  readonly neutral: ReadonlyArray<{ readonly name: string; readonly exposures: Float64Array; readonly band: number }>;
  /** Net exposure `Σw` (0 = dollar-neutral, 1 = fully invested). */
  readonly net: number;
  /** Gross exposure cap `Σ|w|`. */
  readonly gross?: number | undefined;
  /** Per-asset cap `|wᵢ| <= maxAbsWeight`. */
  readonly maxAbsWeight?: number | undefined;
  readonly longOnly: boolean;
  /** Turnover budget `Σ|w − current|`. */
  readonly maxTurnover?: number | undefined;
  /** Linear cost per unit of weight traded, as a fraction (e.g. 7 bps = 0.0007). */
  readonly costPerUnitTraded: number;
}

/** One violated limit of a candidate weight vector. */
export interface Violation {
  readonly constraint: string;
  readonly value: number;
  readonly limit: number;
  readonly excess: number;
}
