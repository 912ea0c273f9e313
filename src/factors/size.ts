import type { History } from '../core/history.js';
import type { FactorDefinition } from './factor.js';

/** Size: the natural log of `market_cap` on `asOf` (`NaN` where it is missing). */
export function logMarketCap(): FactorDefinition {
  return {
    label: 'logMarketCap',
    lookbackBars: 1,
    compute(history: History): Float64Array {
      if (!history.hasField('market_cap')) throw new RangeError("logMarketCap needs a 'market_cap' column in the data");
      return history.latest('market_cap').map((c) => (c > 0 ? Math.log(c) : NaN));
    },
  };
}
