import type { History } from '../core/history.js';

/**
 * A factor: a pure function of the history up to and including `asOf` that
 * returns one exposure per asset (`NaN` where it is undefined).
 */
export interface FactorDefinition {
  /** A short label, e.g. `momentum(252,21)`. */
  readonly label: string;
  /** Bars of history the factor reads (used to know when it can be computed). */
  readonly lookbackBars: number;
  /**
   * Panel fields it needs besides `close` and `return` (`market_cap`, `volume`…):
   * a run on data without one of them (or with it blank) refuses to start,
   * naming the factor and the field.
   */
  readonly fields?: readonly string[];
  compute(history: History): Float64Array;
}

/** Valid observations a rolling factor needs, as a fraction of its window. */
export const MIN_VALID_FRACTION = 0.8;
