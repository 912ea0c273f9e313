import type { Market } from '../core/panel.js';
import { ModelError, UsageError } from '../core/errors.js';
import { barsPerYear, startsPeriod } from '../data/calendar.js';
import { evaluateModel, type ModelEvaluation } from '../model/evaluate-model.js';
import { decomposeRisk, type FactorModel } from '../model/factor-model.js';
import type { LpSolver } from '../optimize/linear-program.js';
import type { StrategyDefinition } from '../strategy/define-strategy.js';
import { decide } from '../strategy/decide.js';
import { historyAt, setUpWalkForward, warmBarOnOrBefore } from '../engine/set-up.js';

export interface ModelSnapshot {
  readonly model: FactorModel;
  readonly barsPerYear: number;
  /** The strategy's portfolio built from an empty book on that date (undefined when it held or skipped). */
  readonly portfolio?: {
    readonly weights: Float64Array;
    readonly positions: number;
    /** Predicted volatility per bar: total, from factors, specific. */
    readonly volatility: number;
    readonly factorVolatility: number;
    readonly specificVolatility: number;
    /** B'w per model factor. */
    readonly exposures: Float64Array;
  };
  /** Why no portfolio was built, when it was not. */
  readonly portfolioNote?: string;
  /** The fit of the previous refit date, evaluated out of sample on the bars up to this date. */
  readonly previousFit?: ModelEvaluation;
}

/**
 * Fit the strategy's model on the window ending at `date` (the last bar on or
 * before it) and build the portfolio the strategy would hold from an empty book,
 * with its predicted risk. The fit of the previous refit date is evaluated on
 * the bars since (out-of-sample rank IC and bias statistic). Everything reads
 * only data up to that bar.
 * @throws UsageError when the date is outside the data or before the model's warm-up
 */
export async function modelSnapshot(strategy: StrategyDefinition, market: Market, date: string, solvers: readonly LpSolver[]): Promise<ModelSnapshot> {
  const setup = setUpWalkForward(strategy, market);
  const { panel, fitter } = setup;
  const { dates } = panel;
  const t = warmBarOnOrBefore(setup, date, '--date');
  let previousFit: ModelEvaluation | undefined;
  let previousModel: FactorModel | undefined;
  let s = t - 1;
  while (s + 1 >= fitter.warmupBars && !startsPeriod(dates, s, strategy.model.refitEvery)) s--;
  if (s + 1 >= fitter.warmupBars) {
    try {
      previousModel = fitter.fit(historyAt(setup, s), undefined);
      const after = historyAt(setup, t);
      previousFit = evaluateModel(previousModel, after.window('return', t - s), after.dates(t - s));
    } catch (err) {
      // Without the previous fit there is only no out-of-sample evaluation; the fit at the date decides.
      if (!(err instanceof ModelError)) throw err;
    }
  }
  const history = historyAt(setup, t);
  let model: FactorModel;
  try {
    model = fitter.fit(history, previousModel);
  } catch (err) {
    if (!(err instanceof ModelError)) throw err;
    throw new UsageError(`--date ${date}: the ${strategy.model.kind} model cannot be fitted on ${dates[t]}: ${err.message}; check the data the model reads (factor columns, series, market caps) or choose another date`);
  }
  const n = panel.assets.length;
  const close = panel.field('close');
  const firstValid = new Int32Array(n).fill(-1);
  for (let s = 0; s <= t; s++) for (let i = 0; i < n; i++) if (firstValid[i] < 0 && !Number.isNaN(close[s * n + i])) firstValid[i] = s;
  const perYear = barsPerYear(dates);
  const decision = await decide({ strategy, history, model, current: new Float64Array(n), nav: strategy.initialNav ?? 1_000_000, firstValid, solvers, barsPerYear: perYear });
  const evaluated = previousFit === undefined ? {} : { previousFit };
  if (decision.targets === undefined) return { model, barsPerYear: perYear, portfolioNote: decision.events.map((e) => e.detail).join('; '), ...evaluated };
  const w = decision.targets;
  const K = model.factors.length;
  const exposures = new Float64Array(K);
  for (let i = 0; i < n; i++) if (w[i] !== 0) for (let k = 0; k < K; k++) exposures[k] += w[i] * model.loadings[i * K + k];
  const { systematic, specific } = decomposeRisk(model, w);
  return {
    model,
    barsPerYear: perYear,
    ...evaluated,
    portfolio: {
      weights: w,
      positions: w.reduce((c, x) => (x !== 0 ? c + 1 : c), 0),
      volatility: Math.sqrt(systematic + specific),
      factorVolatility: Math.sqrt(systematic),
      specificVolatility: Math.sqrt(specific),
      exposures,
    },
  };
}
