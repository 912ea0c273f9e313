import { UsageError } from '../core/errors.js';
import { History } from '../core/history.js';
import type { Market, Panel } from '../core/panel.js';
import type { QualityReport } from '../data/check-quality.js';
import { preparePanel } from '../data/prepare-panel.js';
import type { StrategyDefinition } from '../strategy/define-strategy.js';
import { alignSeries } from './align-series.js';
import { checkRequiredFields } from './check-fields.js';
import { ModelFitter } from './model-fitter.js';
import { holdingCostsFor } from './holding-costs.js';
import type { HoldingCost } from '../optimize/terms/holding-cost.js';

/** What every walk-forward reader of a market starts from: the checked panel, the aligned series and the model fitter. */
export interface WalkForwardSetup {
  /** The panel after the strategy's data checks and policies, with its `return` field. */
  readonly panel: Panel;
  readonly report: QualityReport;
  /** What preparing the panel changed or noticed, said in the run. */
  readonly notices: readonly string[];
  /** The market's series on the panel's dates, in the units the strategy declared. */
  readonly series: ReadonlyMap<string, Float64Array>;
  readonly fitter: ModelFitter;
  /** The strategy's holding costs (funding, borrow, financing), each settled on the book held over every bar. */
  readonly holdingCosts: readonly HoldingCost[];
}

/**
 * Prepare a strategy's market once: data checks and policies, the fields the strategy needs (refused
 * here, before any bar, when absent), the series aligned to the panel's dates, and the model fitter.
 * Used by the loop, the model snapshot and the book hedge, so all three see the same data.
 * @throws StrategyError `missing-field` when the strategy needs a field the data does not have
 */
export function setUpWalkForward(strategy: StrategyDefinition, market: Market): WalkForwardSetup {
  const { panel, report, notices } = preparePanel(market, strategy.dataChecks);
  checkRequiredFields(strategy, panel, market.source);
  const series = alignSeries(market, strategy, panel.dates);
  return { panel, report, notices, series, fitter: new ModelFitter(strategy, panel, series), holdingCosts: holdingCostsFor(strategy, panel, market) };
}

/** The engine's point-in-time view at bar `t`. */
export function historyAt(setup: WalkForwardSetup, t: number): History {
  return History.internal(setup.panel, setup.series, t);
}

/**
 * The last bar on or before `date` at which the model has its full warm-up window.
 * @throws UsageError naming `flag` when the date is before the data or before the model's warm-up ends
 */
export function warmBarOnOrBefore(setup: WalkForwardSetup, date: string, flag: string): number {
  const { dates } = setup.panel;
  let t = -1;
  while (t + 1 < dates.length && dates[t + 1] <= date) t++;
  if (t < 0) throw new UsageError(`${flag} ${date} is before the data starts (${dates[0]})`);
  const warmup = setup.fitter.warmupBars;
  if (t + 1 < warmup) throw new UsageError(`${flag} ${date}: the model needs ${warmup} bars of history, the data has ${t + 1} by then (first possible date ${dates[warmup - 1] ?? 'none'})`);
  return t;
}
