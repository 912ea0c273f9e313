import type { History } from '../core/history.js';
import { type FactorDefinition, MIN_VALID_FRACTION } from './factor.js';
import { checkLookback, regressEachOn } from './window-stats.js';

export interface SeriesBetaOptions {
  /** A series from series.csv, e.g. `inflation_surprise`. */
  readonly series: string;
  readonly lookbackDays: number;
  /**
   * Bars between a value's date stamp and the bar it became known (default 0).
   * A value stamped `s` is paired with the asset return of bar `s + lag` and is
   * never read before then. This adds to the strategy's `model.seriesLagDays`.
   */
  readonly publicationLagDays?: number;
}

/**
 * Sensitivity to a named series: the slope of each asset's returns on the
 * series value released that bar, over the last `lookbackDays` bars. Bars with
 * no release (`NaN`) are skipped; needs 80% of the window.
 */
export function seriesBeta(options: SeriesBetaOptions): FactorDefinition {
  const { series, lookbackDays } = options;
  const lag = options.publicationLagDays ?? 0;
  checkLookback('seriesBeta', lookbackDays, 10);
  if (!(Number.isInteger(lag) && lag >= 0)) throw new RangeError(`seriesBeta: publicationLagDays (${lag}) must be a non-negative integer`);
  return {
    label: `seriesBeta(${series},${lookbackDays},lag ${lag})`,
    lookbackBars: lookbackDays + lag,
    compute(history: History): Float64Array {
      const n = history.assets.length;
      // Value at position s of `released` is the one stamped lag bars before the return's bar.
      const released = history.series(series, lookbackDays + lag).subarray(0, lookbackDays);
      const fits = regressEachOn(history.view('return', lookbackDays), n, released, MIN_VALID_FRACTION * lookbackDays);
      return Float64Array.from(fits, (f) => f.beta);
    },
  };
}
