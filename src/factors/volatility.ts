import type { History } from '../core/history.js';
import { type FactorDefinition, MIN_VALID_FRACTION } from './factor.js';

/**
 * Realised volatility: the sample standard deviation of daily returns over the
 * last `lookbackDays` bars (per bar, not annualised). `NaN` with fewer than 80%
 * valid returns.
 */
export function volatility(options: { readonly lookbackDays: number }): FactorDefinition {
  const { lookbackDays } = options;
  if (!(Number.isInteger(lookbackDays) && lookbackDays >= 3)) throw new RangeError(`volatility: lookbackDays (${lookbackDays}) must be an integer >= 3`);
  return {
    label: `volatility(${lookbackDays})`,
    lookbackBars: lookbackDays,
    compute(history: History): Float64Array {
      const n = history.assets.length;
      const rets = history.window('return', lookbackDays);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let count = 0;
        let mean = 0;
        let m2 = 0;
        for (let s = 0; s < lookbackDays; s++) {
          const r = rets[s * n + i];
          if (Number.isNaN(r)) continue;
          count++;
          const delta = r - mean;
          mean += delta / count;
          m2 += delta * (r - mean);
        }
        out[i] = count >= Math.max(3, MIN_VALID_FRACTION * lookbackDays) ? Math.sqrt(m2 / (count - 1)) : NaN;
      }
      return out;
    },
  };
}
