import { StrategyError } from '../core/errors.js';
import type { Panel } from '../core/panel.js';
import type { StrategyDefinition } from '../strategy/define-strategy.js';

/**
 * Refuse, before the first bar, a strategy that needs a panel field the data
 * does not have (absent, or blank and so dropped at load): a factor's declared
 * `fields`, `volume` for the dollar-volume filter and trade-size limits, and
 * the categorical columns named by `portfolio.groups.by` and `model.industries`
 * (with the industry factors the portfolio names).
 * @throws StrategyError `missing-field` naming the strategy field, the data field and the fix
 */
export function checkRequiredFields(strategy: StrategyDefinition, panel: Panel, source: string): void {
  const where = `strategy '${strategy.name}'`;
  const missing = (field: string): boolean => !panel.hasField(field);
  const labelColumn = (name: string, path: string): void => {
    if (panel.hasLabel(name)) return;
    const numeric = panel.hasField(name) ? `; its '${name}' column holds numbers (a column is categorical when it holds text, or is named ${'sector, industry, country or exchange'})` : '';
    throw new StrategyError('missing-field', where, path, `needs a categorical column '${name}', which ${source} does not have (labels: ${panel.labelNames.join(', ') || 'none'})${numeric}; add the column to the data or change ${path}`);
  };
  const groupsBy = strategy.portfolio.groups?.by;
  if (groupsBy !== undefined) labelColumn(groupsBy, 'portfolio.groups.by');
  const m = strategy.model;
  if (m.kind === 'cross-sectional' && m.industries !== undefined) {
    labelColumn(m.industries, 'model.industries');
    const categories = new Set(panel.label(m.industries).categories.map((c) => `${m.industries}:${c}`));
    const p = strategy.portfolio;
    const named = [...(p.neutralToModel ?? []), ...Object.keys(p.tiltsToModel ?? {}), ...(p.minimizeModel ?? []), ...(p.hedge?.factors ?? [])];
    for (const name of named) {
      if (name.startsWith(`${m.industries}:`) && !categories.has(name)) {
        throw new StrategyError('unknown-exposure', where, 'portfolio', `names the industry factor '${name}', but ${source} has no such '${m.industries}' label (labels: ${[...categories].slice(0, 12).join(', ')}${categories.size > 12 ? ', …' : ''})`);
      }
    }
  }
  for (const [key, def] of Object.entries(strategy.factors)) {
    for (const field of def.fields ?? []) {
      if (missing(field)) throw new StrategyError('missing-field', where, `factors.${key}`, `(${def.label}) needs a '${field}' column, which ${source} does not have (or has blank in every row); add the column to the data or remove the factor`);
    }
  }
  for (const key of ['feeField', 'spreadField'] as const) {
    const field = strategy.costs?.[key];
    if (field !== undefined && missing(field)) throw new StrategyError('missing-field', where, `costs.${key}`, `names '${field}', which ${source} does not have (or has blank in every row); add the column (bps per asset and date) or remove the setting`);
  }
  if (!missing('volume')) return;
  if (strategy.universe?.minMedianDollarVolume !== undefined) {
    throw new StrategyError('missing-field', where, 'universe.minMedianDollarVolume', `needs a 'volume' column, which ${source} does not have (or has blank in every row); add volumes to the data or remove the filter`);
  }
  if (strategy.portfolio.limits.maxTradeAdv !== undefined) {
    throw new StrategyError('missing-field', where, 'portfolio.limits.maxTradeAdv', `needs a 'volume' column, which ${source} does not have (or has blank in every row); add volumes to the data or remove the limit`);
  }
  if (strategy.costs?.impact !== undefined) {
    throw new StrategyError('missing-field', where, 'costs.impact', `needs a 'volume' column for the dollar volume V, which ${source} does not have (or has blank in every row); add volumes to the data or remove the impact cost`);
  }
}
