import type { History } from '../core/history.js';
import { type FactorDefinition } from './factor.js';
import { marketReturns } from './market-return.js';
import { checkLookback, regressEachOn } from './window-stats.js';

/**
 * Downside beta (Ang, Chen and Xing 2006): the market beta estimated only on
 * the bars where the market return is below its mean over the window. Needs at
 * least 30% of the window as valid down-market pairs.
 */
export function downsideBeta(options: { readonly lookbackDays: number }): FactorDefinition {
  const { lookbackDays } = options;
  checkLookback('downsideBeta', lookbackDays, 20);
  return {
    label: `downsideBeta(${lookbackDays})`,
    lookbackBars: lookbackDays + 1,
    compute(history: History): Float64Array {
      const n = history.assets.length;
      const mkt = marketReturns(history, lookbackDays);
      let sum = 0;
      let count = 0;
      for (const m of mkt) if (!Number.isNaN(m)) { sum += m; count++; }
      const meanMarket = sum / count;
      const fits = regressEachOn(history.view('return', lookbackDays), n, mkt, 0.3 * lookbackDays, (m) => m < meanMarket);
      return Float64Array.from(fits, (f) => f.beta);
    },
  };
}
