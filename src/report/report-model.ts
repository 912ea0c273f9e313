/** What a report shows for one run or study: plain data, serialised into the HTML file and drawn there. */

export interface FactorPanel {
  readonly dates: readonly string[];
  readonly factors: readonly string[];
  /** One array per factor, aligned with `dates`. */
  readonly values: ReadonlyArray<ReadonlyArray<number | null>>;
}

export interface TrialPoint {
  readonly trial: number;
  readonly fold: number;
  readonly params: string;
  readonly inSampleSharpe: number | null;
  readonly outOfSampleSharpe: number | null;
  /** Chosen in sample for this fold. */
  readonly selected: boolean;
}

export interface StressScenario {
  readonly group: string;
  readonly name: string;
  readonly value: number;
}

export interface ReportTable {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

export interface SubjectReport {
  /** `r3` for a run, `s1` for a study. */
  readonly id: string;
  readonly kind: 'run' | 'study';
  readonly title: string;
  /** Provenance lines: strategy file, data source and fingerprint, code version, status, period. */
  readonly provenance: ReadonlyArray<readonly [string, string]>;
  /** What the reader should know about how the data were made (what counts as in sample, what is missing). */
  readonly notes: readonly string[];
  readonly dates: readonly string[];
  /** Growth of 1 after costs. */
  readonly equity: readonly number[];
  /** Per date: true where the bar is in sample. */
  readonly inSample: readonly boolean[];
  /** Per date: true on the warm-up before the first invested bar (shaded; not in the statistics). */
  readonly warmup: readonly boolean[];
  readonly drawdown: readonly number[];
  readonly rollingWindowBars: number;
  readonly rollingSharpe: ReadonlyArray<number | null>;
  readonly rollingVolatility: ReadonlyArray<number | null>;
  /** Runs only: daily turnover and cumulative cost (fractions of NAV). */
  readonly turnover?: { readonly dates: readonly string[]; readonly turnover: readonly number[]; readonly cumulativeCost: readonly number[] };
  /** Runs only: the book's exposure `Σ wᵢ bᵢₖ` to each model factor, with the loadings of the fit in force. */
  readonly exposures?: FactorPanel;
  /** Runs only: cumulative P&L contribution of each factor and of the specific part. */
  readonly attribution?: FactorPanel;
  /** Studies only: in- and out-of-sample Sharpe of every trial on every fold. */
  readonly trials?: readonly TrialPoint[];
  /** Studies only. */
  readonly pbo?: { readonly value: number | null; readonly logits: readonly number[]; readonly bins: ReadonlyArray<{ readonly from: number; readonly to: number; readonly count: number }> };
  readonly stress: readonly StressScenario[];
  /** Summary statistics as formatted label/value pairs, in display order. */
  readonly summary: ReadonlyArray<readonly [string, string]>;
  readonly tables: readonly ReportTable[];
}
