/** What one rebalance decision produced, as the engine records it. */
export interface RebalanceRecord {
  /** The bar whose close the trades execute at. */
  readonly executeDate: string | null;
  /** `relaxed`: solved after the `relax` policy gave up the limits in `relaxed`. */
  readonly status: 'optimal' | 'relaxed' | 'infeasible' | 'failed' | 'skipped';
  readonly backend: string | null;
  readonly solveMs: number;
  readonly objective: number;
  readonly universe: number;
  readonly plannedTurnover: number;
  readonly predictedVol: number;
  /** Limit families given up under `onInfeasible: 'relax'`. */
  readonly relaxed: readonly string[];
  /** Scale applied for the volatility target (1 without one). */
  readonly volScale: number;
  /** Relative duality gap of the optimizer's answer (`NaN` when the backend gives no duals). */
  readonly dualityGap: number;
  /** Target weights decided on this bar (non-zero only). */
  readonly targets: ReadonlyArray<{ readonly asset: string; readonly weight: number }>;
}

/** Something a run noticed or did on a bar (a relaxed limit, a skipped rebalance, a data notice). */
export interface EventRecord {
  readonly kind: string;
  readonly detail: string;
}
