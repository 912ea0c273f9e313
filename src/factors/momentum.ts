import type { History } from '../core/history.js';
import { type FactorDefinition, MIN_VALID_FRACTION } from './factor.js';
import { checkLookback, compoundEach } from './window-stats.js';

export interface MomentumOptions {
  /** Bars from the start of the formation window to `asOf`. */
  readonly lookbackDays: number;
  /** Most recent bars left out (short-term reversal), `0 <= skipDays < lookbackDays`. */
  readonly skipDays?: number;
}

/**
 * Total return from `lookbackDays` bars ago to `skipDays` bars ago: the
 * classic 12-1 momentum is `{ lookbackDays: 252, skipDays: 21 }`.
 * `NaN` for an asset with fewer than 80% valid returns in the formation window.
 */
export function momentum(options: MomentumOptions): FactorDefinition {
  const { lookbackDays } = options;
  const skipDays = options.skipDays ?? 0;
  checkLookback('momentum', lookbackDays, 1);
  if (!(Number.isInteger(skipDays) && skipDays >= 0 && skipDays < lookbackDays)) {
    throw new RangeError(`momentum: skipDays (${skipDays}) must be an integer in [0, lookbackDays)`);
  }
  const formation = lookbackDays - skipDays;
  return {
    label: `momentum(${lookbackDays},${skipDays})`,
    lookbackBars: lookbackDays,
    compute(history: History): Float64Array {
      const n = history.assets.length;
      const rets = history.view('return', lookbackDays).subarray(0, formation * n);
      return compoundEach(rets, n, MIN_VALID_FRACTION * formation);
    },
  };
}
