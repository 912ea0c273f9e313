import { StrategyError } from '../core/errors.js';
import type { Panel } from '../core/panel.js';
import type { StrategyDefinition } from '../strategy/define-strategy.js';

/**
 * Refuse, before the first bar, a strategy that needs a panel field the data
 * does not have (absent, or blank and so dropped at load): a factor's declared
 * `fields`, and `volume` for the dollar-volume filter and trade-size limits.
 * @throws StrategyError `missing-field` naming the strategy field, the data field and the fix
 */
export function checkRequiredFields(strategy: StrategyDefinition, panel: Panel, source: string): void {
  const where = `strategy '${strategy.name}'`;
  const missing = (field: string): boolean => !panel.hasField(field);
  for (const [key, def] of Object.entries(strategy.factors)) {
    for (const field of def.fields ?? []) {
      if (missing(field)) throw new StrategyError('missing-field', where, `factors.${key}`, `(${def.label}) needs a '${field}' column, which ${source} does not have (or has blank in every row); add the column to the data or remove the factor`);
    }
  }
  if (!missing('volume')) return;
  if (strategy.universe?.minMedianDollarVolume !== undefined) {
    throw new StrategyError('missing-field', where, 'universe.minMedianDollarVolume', `needs a 'volume' column, which ${source} does not have (or has blank in every row); add volumes to the data or remove the filter`);
  }
  if (strategy.portfolio.limits.maxTradeAdv !== undefined) {
    throw new StrategyError('missing-field', where, 'portfolio.limits.maxTradeAdv', `needs a 'volume' column, which ${source} does not have (or has blank in every row); add volumes to the data or remove the limit`);
  }
}
