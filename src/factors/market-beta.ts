import type { History } from '../core/history.js';
import { type FactorDefinition, MIN_VALID_FRACTION } from './factor.js';
import { marketReturns } from './market-return.js';

/**
 * Market beta: `cov(rᵢ, r_m) / var(r_m)` over the last `lookbackDays` bars, on
 * the bars where both returns exist; `r_m` is the cap-weighted market return.
 * `NaN` with fewer than 80% valid pairs.
 */
export function marketBeta(options: { readonly lookbackDays: number }): FactorDefinition {
  const { lookbackDays } = options;
  if (!(Number.isInteger(lookbackDays) && lookbackDays >= 10)) throw new RangeError(`marketBeta: lookbackDays (${lookbackDays}) must be an integer >= 10`);
  return {
    label: `marketBeta(${lookbackDays})`,
    lookbackBars: lookbackDays + 1,
    compute(history: History): Float64Array {
      const n = history.assets.length;
      const rets = history.window('return', lookbackDays);
      const mkt = marketReturns(history, lookbackDays);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let count = 0;
        let sx = 0;
        let sy = 0;
        let sxx = 0;
        let sxy = 0;
        for (let s = 0; s < lookbackDays; s++) {
          const y = rets[s * n + i];
          const x = mkt[s];
          if (Number.isNaN(y) || Number.isNaN(x)) continue;
          count++;
          sx += x;
          sy += y;
          sxx += x * x;
          sxy += x * y;
        }
        const varX = sxx - (sx * sx) / count;
        out[i] = count >= MIN_VALID_FRACTION * lookbackDays && varX > 0 ? (sxy - (sx * sy) / count) / varX : NaN;
      }
      return out;
    },
  };
}
