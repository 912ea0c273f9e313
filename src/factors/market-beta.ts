import type { History } from '../core/history.js';
import { type FactorDefinition, MIN_VALID_FRACTION } from './factor.js';
import { marketReturns } from './market-return.js';
import { checkLookback, regressEachOn } from './window-stats.js';

/**
 * Market beta: `cov(rᵢ, r_m) / var(r_m)` over the last `lookbackDays` bars, on
 * the bars where both returns exist; `r_m` is the cap-weighted market return.
 * `NaN` with fewer than 80% valid pairs.
 */
export function marketBeta(options: { readonly lookbackDays: number }): FactorDefinition {
  const { lookbackDays } = options;
  checkLookback('marketBeta', lookbackDays, 10);
  return {
    label: `marketBeta(${lookbackDays})`,
    lookbackBars: lookbackDays + 1,
    compute(history: History): Float64Array {
      const n = history.assets.length;
      const fits = regressEachOn(history.view('return', lookbackDays), n, marketReturns(history, lookbackDays), MIN_VALID_FRACTION * lookbackDays);
      return Float64Array.from(fits, (f) => f.beta);
    },
  };
}
