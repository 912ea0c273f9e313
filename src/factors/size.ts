import type { History } from '../core/history.js';
import type { FactorDefinition } from './factor.js';
import { requireField } from './window-stats.js';

/** Size: the natural log of `market_cap` on `asOf` (`NaN` where it is missing). */
export function logMarketCap(): FactorDefinition {
  return {
    label: 'logMarketCap',
    lookbackBars: 1,
    fields: ['market_cap'],
    compute(history: History): Float64Array {
      requireField('logMarketCap', history, 'market_cap');
      return history.latest('market_cap').map((c) => (c > 0 ? Math.log(c) : NaN));
    },
  };
}
