import type { Market } from '../core/panel.js';
import { UsageError } from '../core/errors.js';
import type { FactorModel } from '../model/factor-model.js';
import { hedgePortfolio, type HedgeResult } from '../optimize/hedge.js';
import type { LpSolver } from '../optimize/linear-program.js';
import type { StrategyDefinition } from '../strategy/define-strategy.js';
import { strategyContext, tradingCostRates } from '../strategy/decide.js';
import { historyAt, setUpWalkForward, warmBarOnOrBefore } from '../engine/set-up.js';

export interface HedgeBookOptions {
  /** Last bar on or before this date. */
  readonly date: string;
  readonly book: Float64Array;
  readonly instruments: readonly string[];
  /** Model factors to hedge. */
  readonly factors: readonly string[];
  readonly band: number;
  readonly maxAbsWeight: number;
}

/**
 * `factorlab hedge`: fit the strategy's model at a date and hedge a given book's
 * exposures to chosen model factors with chosen instruments, at the strategy's
 * trading costs on that date (`costs.perAssetBps` included).
 * @throws UsageError for a date outside the data or a factor the model does not have
 */
export async function hedgeBookAt(strategy: StrategyDefinition, market: Market, options: HedgeBookOptions, solvers: readonly LpSolver[]): Promise<HedgeResult & { model: FactorModel }> {
  const setup = setUpWalkForward(strategy, market);
  const t = warmBarOnOrBefore(setup, options.date, '--date');
  const history = historyAt(setup, t);
  const model = setup.fitter.fit(history, undefined);
  // The strategy's own trading costs at the date, per-asset ones included, as the loop charges them.
  const costRates = tradingCostRates(strategy, strategyContext(strategy, history, model).ctx).rates;
  const K = model.factors.length;
  const exposures = options.factors.map((name) => {
    const k = model.factors.indexOf(name);
    if (k < 0) throw new UsageError(`--factors: '${name}' is not a factor of the strategy's model (${model.factors.join(', ')})`);
    return { name, exposures: Float64Array.from(model.assets, (_, i) => model.loadings[i * K + k]) };
  });
  const result = await hedgePortfolio(
    { assets: model.assets, book: options.book, instruments: options.instruments, exposures, band: options.band, maxAbsWeight: options.maxAbsWeight, costPerUnitTraded: costRates },
    solvers,
  );
  return { ...result, model };
}
