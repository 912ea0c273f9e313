import type { History } from '../core/history.js';
import { type FactorDefinition, MIN_VALID_FRACTION } from './factor.js';
import { checkLookback, perAsset } from './window-stats.js';

/**
 * Lottery demand (Bali, Cakici and Whitelaw's MAX): the mean of the `top`
 * largest daily returns over the last `lookbackDays` bars (default top 1).
 */
export function maxReturn(options: { readonly lookbackDays: number; readonly top?: number }): FactorDefinition {
  const { lookbackDays } = options;
  const top = options.top ?? 1;
  checkLookback('maxReturn', lookbackDays, 2);
  if (!(Number.isInteger(top) && top >= 1 && top <= lookbackDays)) throw new RangeError(`maxReturn: top (${top}) must be an integer in [1, lookbackDays]`);
  return {
    label: `maxReturn(${lookbackDays},${top})`,
    lookbackBars: lookbackDays,
    compute(history: History): Float64Array {
      const n = history.assets.length;
      return perAsset(history.view('return', lookbackDays), n, Math.max(top, MIN_VALID_FRACTION * lookbackDays), (v, c) => {
        const sorted = v.slice(0, c).sort();
        let sum = 0;
        for (let j = c - top; j < c; j++) sum += sorted[j];
        return sum / top;
      });
    },
  };
}
