import type { History } from '../core/history.js';
import { type FactorDefinition, MIN_VALID_FRACTION } from './factor.js';
import { marketReturns } from './market-return.js';
import { checkLookback, regressEachOn } from './window-stats.js';

/**
 * Idiosyncratic volatility (Ang, Hodrick, Xing and Zhang 2006, with the market
 * as the only factor): the standard deviation of the residuals of each asset's
 * regression on the cap-weighted market over the window, per bar.
 */
export function idiosyncraticVolatility(options: { readonly lookbackDays: number }): FactorDefinition {
  const { lookbackDays } = options;
  checkLookback('idiosyncraticVolatility', lookbackDays, 10);
  return {
    label: `idiosyncraticVolatility(${lookbackDays})`,
    lookbackBars: lookbackDays + 1,
    compute(history: History): Float64Array {
      const n = history.assets.length;
      const fits = regressEachOn(history.view('return', lookbackDays), n, marketReturns(history, lookbackDays), MIN_VALID_FRACTION * lookbackDays);
      return Float64Array.from(fits, (f) => Math.sqrt(f.residualVariance));
    },
  };
}
