import type { History } from '../core/history.js';
import { type FactorDefinition, MIN_VALID_FRACTION } from './factor.js';
import { centralMoments } from '../stats/moments.js';
import { checkLookback, perAsset } from './window-stats.js';

/**
 * Realised volatility: the sample standard deviation of daily returns over the
 * last `lookbackDays` bars (per bar, not annualised). `NaN` with fewer than 80%
 * valid returns.
 */
export function volatility(options: { readonly lookbackDays: number }): FactorDefinition {
  const { lookbackDays } = options;
  checkLookback('volatility', lookbackDays, 3);
  return {
    label: `volatility(${lookbackDays})`,
    lookbackBars: lookbackDays,
    compute(history: History): Float64Array {
      const n = history.assets.length;
      return perAsset(history.view('return', lookbackDays), n, Math.max(3, MIN_VALID_FRACTION * lookbackDays), (v, c) =>
        Math.sqrt((centralMoments(v, c).m2 * c) / (c - 1)),
      );
    },
  };
}
