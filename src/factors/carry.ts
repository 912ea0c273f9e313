import type { History } from '../core/history.js';
import { type FactorDefinition, MIN_VALID_FRACTION } from './factor.js';
import { checkLookback, perAsset, requireField } from './window-stats.js';

/**
 * Funding carry of a perpetual: minus the mean `funding_rate` over the last
 * `lookbackDays` bars. Longs pay positive funding, so a high value is an asset
 * that pays its holder to be long.
 */
export function fundingCarry(options: { readonly lookbackDays: number }): FactorDefinition {
  const { lookbackDays } = options;
  checkLookback('fundingCarry', lookbackDays, 1);
  return {
    label: `fundingCarry(${lookbackDays})`,
    lookbackBars: lookbackDays,
    fields: ['funding_rate'],
    compute(history: History): Float64Array {
      requireField('fundingCarry', history, 'funding_rate');
      const n = history.assets.length;
      return perAsset(history.view('funding_rate', lookbackDays), n, MIN_VALID_FRACTION * lookbackDays, (v, c) => {
        let s = 0;
        for (let j = 0; j < c; j++) s += v[j];
        return -s / c;
      });
    },
  };
}
