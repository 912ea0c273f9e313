import type { History } from '../core/history.js';
import { type FactorDefinition, MIN_VALID_FRACTION } from './factor.js';
import { checkLookback, compoundEach } from './window-stats.js';

/**
 * Short-term reversal: minus the total return over the last `lookbackDays`
 * bars (default 5), so a high value marks a recent loser expected to bounce.
 * `NaN` with fewer than 80% valid returns.
 */
export function shortTermReversal(options: { readonly lookbackDays?: number } = {}): FactorDefinition {
  const lookbackDays = options.lookbackDays ?? 5;
  checkLookback('shortTermReversal', lookbackDays, 1);
  return {
    label: `shortTermReversal(${lookbackDays})`,
    lookbackBars: lookbackDays,
    compute(history: History): Float64Array {
      const n = history.assets.length;
      return compoundEach(history.view('return', lookbackDays), n, MIN_VALID_FRACTION * lookbackDays).map((g) => -g);
    },
  };
}
