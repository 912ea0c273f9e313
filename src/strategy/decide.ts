import { BPS } from '../core/constants.js';
import { OptimizerError, StrategyError, thrownMessage } from '../core/errors.js';
import type { History } from '../core/history.js';
import { quantileSorted } from '../stats/quantile.js';
import { isFitted, predictedVariance, type FactorModel } from '../model/factor-model.js';
import type { LpSolver } from '../optimize/linear-program.js';
import type { ImpactSettings, StrategyContext, StrategyDefinition } from './define-strategy.js';
import { computeFactor, describeValues } from './compute-factor.js';
import { hedgeOverlay, solveWithPolicy, targetVolatility } from './portfolio-policies.js';
import { buildStrategyProblem, exposureNeeds } from './strategy-problem.js';
import { isTradingCost } from './validate-strategy.js';
import type { EventRecord, RebalanceRecord } from './decision-record.js';
import { definedFields } from '../core/defined-fields.js';
import { MarketImpact } from '../optimize/terms/market-impact.js';
import { LinearCost } from '../optimize/terms/linear-cost.js';
import type { FundingCost } from '../optimize/terms/funding.js';
import type { TradingCost } from '../optimize/terms/trading-cost.js';

/** Cost per unit of value traded from the strategy's commission and half-spread. */
export function costRate(strategy: StrategyDefinition): number {
  return ((strategy.costs?.commissionBps ?? 0) + (strategy.costs?.halfSpreadBps ?? 0)) * BPS;
}

export interface Decision {
  /** Target weights for every asset, or undefined to keep the current book. */
  readonly targets: Float64Array | undefined;
  /** The signal the decision used (all assets; `NaN` where it left an asset out), for its IC. */
  readonly signal?: Float64Array;
  /**
   * The trading-cost terms the decision priced its trade with (all assets): the linear cost, and
   * market impact with `costs.impact`. The ledger charges these same objects when the targets execute.
   */
  readonly tradingCosts: readonly TradingCost[];
  readonly record: Omit<RebalanceRecord, 'executeDate'>;
  readonly events: EventRecord[];
  /** Wall time of the optimisation: LP building, solves, checks, infeasibility handling, volatility target and hedge. */
  readonly optimiseMs: number;
}

export interface DecideInput {
  readonly strategy: StrategyDefinition;
  readonly history: History;
  readonly model: FactorModel;
  /** Weights held now (all assets). */
  readonly current: Float64Array;
  readonly nav: number;
  /** Index of each asset's first valid close (-1: none yet). */
  readonly firstValid: Int32Array;
  readonly solvers: readonly LpSolver[];
  readonly barsPerYear: number;
  /** Parameter values for `ctx.params` (default: the first value of each of `strategy.params`). */
  readonly params?: Readonly<Record<string, number | string>>;
  /** The run's funding term (with `costs.funding`), for expected funding in the objective (`costs.funding.inObjective`). */
  readonly funding?: FundingCost;
}

const DOLLAR_VOLUME_BARS = 30;

/**
 * One rebalance decision at the close of `history.asOf`: exposures, signal,
 * universe, the portfolio problem, then the optimizer under the strategy's
 * infeasibility policy, the volatility target and the hedge overlay. Reads only
 * the point-in-time `history`, the model fitted on or before it, and the book.
 */
export async function decide(input: DecideInput): Promise<Decision> {
  const { strategy, history, model, current, firstValid, solvers } = input;
  const assets = history.assets;
  const n = assets.length;
  const t = history.length - 1;
  const where = `strategy '${strategy.name}'`;
  const { ctx, exposures } = strategyContext(strategy, history, model, input.params);
  const returned = callUser(where, 'signal', history.asOf, () => strategy.signal(ctx));
  if (!(returned instanceof Float64Array) || returned.length !== n) {
    throw new StrategyError('bad-signal', where, 'signal', `returned ${describeValues(returned)} on ${history.asOf}; expected a Float64Array with one value per asset (${n})`);
  }
  const signal = returned.slice();
  const expectedFunding = strategy.costs?.funding?.inObjective === undefined || input.funding === undefined ? undefined : meanFunding(input.funding, t, strategy.costs.funding.inObjective);
  const { rates: costRates, defaulted } = tradingCostRates(strategy, ctx);
  const groupsOf = strategy.portfolio.groups?.of;
  const groupsBy = strategy.portfolio.groups?.by;
  const labels = groupsBy !== undefined ? history.labels(groupsBy) : groupsOf === undefined ? undefined : callUser(where, 'portfolio.groups.of', history.asOf, () => groupsOf(ctx));
  if (labels !== undefined && !(Array.isArray(labels) && labels.length === n && labels.every((g) => typeof g === 'string'))) {
    throw new StrategyError('bad-groups', where, 'portfolio.groups.of', `returned ${Array.isArray(labels) ? `${labels.length} labels` : typeof labels} on ${history.asOf}; expected one string label per asset (${n})`);
  }
  const groupLabels = labels === undefined ? undefined : [...labels];

  const needs = exposureNeeds(strategy, model);
  const close = history.latest('close');
  const minHistory = strategy.universe?.minHistoryDays ?? strategy.model.windowDays;
  const minDollarVolume = strategy.universe?.minMedianDollarVolume;
  const needVolume = minDollarVolume !== undefined || strategy.portfolio.limits.maxTradeAdv !== undefined;
  const volume = needVolume ? dollarVolumeStats(history) : undefined;
  const K = model.factors.length;
  const impact = strategy.costs?.impact === undefined ? undefined : marketImpactAt(strategy.costs.impact, history, input.nav);
  const tradingCosts: TradingCost[] = [
    new LinearCost(costRates),
    ...(impact === undefined ? [] : [impact]),
    ...(strategy.costs?.terms ?? []).map((c, k) => {
      const term = typeof c === 'function' ? callUser(where, `costs.terms[${k}]`, history.asOf, () => c({ assets, ctx, nav: input.nav })) : c;
      if (!isTradingCost(term)) throw new StrategyError('bad-costs', where, `costs.terms[${k}]`, `returned ${describeValues(term)} on ${history.asOf}; expected a trading-cost term (docs/optimizer.md "Terms")`);
      return term;
    }),
  ];
  let unpriced = 0;
  const universe: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(close[i]) || firstValid[i] < 0 || t - firstValid[i] < minHistory) continue;
    if (!isFitted(model, i) || !Number.isFinite(signal[i])) continue;
    if (minDollarVolume !== undefined && !((volume as DollarVolume).median[i] >= minDollarVolume)) continue;
    if (needs.raw.some((f) => !Number.isFinite((exposures.get(f) as Float64Array)[i]))) continue;
    if (needs.model.some((k) => !Number.isFinite(model.loadings[i * K + k]))) continue;
    if (impact !== undefined && !Number.isFinite(impact.k[i])) {
      unpriced++;
      continue;
    }
    universe.push(i);
  }
  const skipped = (detail: string): Decision => ({
    targets: undefined,
    signal,
    tradingCosts,
    optimiseMs: 0,
    record: emptyRecord('skipped', universe.length),
    events: [{ kind: 'rebalance-skipped', detail }],
  });
  const constraintCount = needs.raw.length + needs.model.length;
  if (universe.length < 2 + constraintCount) return skipped(`universe has ${universe.length} assets, too few for ${constraintCount} exposure constraints`);

  const limits = (strategy.portfolio.constraints ?? []).map((c, k) => {
    const term = typeof c === 'function' ? callUser(where, `portfolio.constraints[${k}]`, history.asOf, () => c({ assets: universe.map((i) => assets[i]), ctx })) : c;
    if (!(typeof term === 'object' && term !== null && typeof term.family === 'string' && typeof term.check === 'function' && typeof term.describe === 'function')) {
      throw new StrategyError('bad-constraint', where, `portfolio.constraints[${k}]`, `returned ${describeValues(term)} on ${history.asOf}; expected a limit term (family, check, describe; docs/optimizer.md "Terms")`);
    }
    return term;
  });
  const problem = buildStrategyProblem({
    strategy,
    limits,
    ...definedFields({ expectedFunding }),
    universe,
    signal,
    exposures,
    model,
    current,
    nav: input.nav,
    ...(volume === undefined ? {} : { meanDollarVolume: volume.mean }),
    ...definedFields({ groupLabels }),
    tradingCosts,
  });
  const events: EventRecord[] = [];
  if (defaulted > 0) events.push({ kind: 'cost-default', detail: `${defaulted} blank cost cell(s) (costs.feeField / costs.spreadField) on ${history.asOf} took the constant commissionBps / halfSpreadBps` });
  if (unpriced > 0) events.push({ kind: 'impact-unpriced', detail: `${unpriced} asset(s) left out of the universe: no volatility or dollar volume to price their market impact on ${history.asOf}` });
  const optimiseStarted = performance.now();
  let solved;
  try {
    solved = await solveWithPolicy(problem, solvers, strategy.portfolio.onInfeasible ?? 'hold');
  } catch (err) {
    if (!(err instanceof OptimizerError) || strategy.portfolio.onInfeasible === 'stop') throw err;
    const status = err.code === 'infeasible' ? 'infeasible' : 'failed';
    return {
      targets: undefined,
      signal,
      tradingCosts,
      events: [{ kind: `rebalance-${status}`, detail: `${err.message}; kept the current book (onInfeasible: ${strategy.portfolio.onInfeasible ?? 'hold'})` }],
      record: emptyRecord(status, universe.length),
      optimiseMs: performance.now() - optimiseStarted,
    };
  }
  const { result, relaxed } = solved;
  for (const r of result.rejected) events.push({ kind: 'solver-fallback', detail: `${r.backend}: ${r.reason}; used ${result.backend}` });
  if (relaxed.length > 0) events.push({ kind: 'rebalance-relaxed', detail: `infeasible as set; relaxed ${relaxed.join(', ')} (onInfeasible: relax)` });
  const targets = new Float64Array(n);
  for (let j = 0; j < universe.length; j++) targets[universe[j]] = Math.abs(result.weights[j]) < 1e-12 ? 0 : result.weights[j];
  let volScale = 1;
  if (strategy.portfolio.targetVolatility !== undefined) {
    const scaled = targetVolatility(problem, universe, targets, model, strategy.portfolio.targetVolatility, input.barsPerYear);
    volScale = scaled.scale;
    if (scaled.note !== undefined) events.push({ kind: 'vol-target-limited', detail: scaled.note });
    targets.set(scaled.targets);
  }
  if (strategy.portfolio.hedge !== undefined) {
    const hedged = await hedgeOverlay(strategy.portfolio.hedge, assets, targets, model, costRates, solvers);
    events.push(hedged.event);
    if (hedged.targets !== undefined) targets.set(hedged.targets);
  }
  const optimiseMs = performance.now() - optimiseStarted;
  let planned = 0;
  const held: Array<{ asset: string; weight: number }> = [];
  for (let i = 0; i < n; i++) {
    planned += Math.abs(targets[i] - current[i]);
    if (targets[i] !== 0) held.push({ asset: assets[i], weight: targets[i] });
  }
  return {
    targets,
    signal,
    tradingCosts,
    events,
    optimiseMs,
    record: {
      status: relaxed.length > 0 ? 'relaxed' : 'optimal',
      backend: result.backend,
      solveMs: result.solveMs,
      objective: result.objective,
      universe: universe.length,
      plannedTurnover: planned,
      predictedVol: Math.sqrt(predictedVariance(model, targets)),
      relaxed,
      volScale,
      dualityGap: result.dualityGap,
      targets: held,
    },
  };
}

/**
 * The point-in-time context a strategy's functions are called with at `history.asOf`: the served
 * history, the strategy's factor exposures, a deep copy of the model (made when first read) and the
 * parameters (default: the first value of each of `strategy.params`). Everything in it is frozen or a copy.
 * Also the exposures themselves, which only the engine's own code reads without copying.
 */
export function strategyContext(
  strategy: StrategyDefinition,
  history: History,
  model: FactorModel,
  trialParams?: Readonly<Record<string, number | string>>,
): { ctx: StrategyContext<string>; exposures: ReadonlyMap<string, Float64Array> } {
  const where = `strategy '${strategy.name}'`;
  const served = history.served();
  const exposures = new Map<string, Float64Array>();
  for (const [key, def] of Object.entries(strategy.factors)) exposures.set(key, computeFactor(strategy.name, key, def, history));
  const params = Object.freeze({ ...(trialParams ?? Object.fromEntries(Object.entries(strategy.params ?? {}).map(([k, v]) => [k, v[0]]))) });
  let modelCopy: FactorModel | undefined;
  const ctx: StrategyContext<string> = Object.freeze({
    asOf: history.asOf,
    assets: served.assets,
    history: served,
    // A deep copy, made when first asked for (most signals never read the model).
    get model() {
      modelCopy ??= structuredClone(model);
      return modelCopy;
    },
    params,
    exposure: (name: string) => {
      const e = exposures.get(name);
      if (e === undefined) throw new StrategyError('unknown-exposure', where, 'signal', `asked ctx.exposure('${name}'), not one of the strategy's factors (${[...exposures.keys()].join(', ')})`);
      return e.slice();
    },
  });
  return { ctx, exposures };
}

/**
 * Cost per unit of weight traded, per asset, at the decision `ctx.asOf`: commission and half-spread
 * (each from its data column when `costs.feeField` / `costs.spreadField` name one, read on that
 * bar; the constant where the column is blank), plus `costs.perAssetBps(ctx)` when the strategy has
 * it. Every caller that trades the strategy's book (the loop, the model snapshot, `factorlab hedge`)
 * charges these. `defaulted` counts the assets whose column was blank and took the constant.
 * @throws StrategyError `bad-costs` when `perAssetBps` returns anything but one non-negative bps per asset, or a column holds a negative cost
 */
export function tradingCostRates(strategy: StrategyDefinition, ctx: StrategyContext<string>): { rates: Float64Array; defaulted: number } {
  const where = `strategy '${strategy.name}'`;
  const n = ctx.assets.length;
  const costs = strategy.costs;
  const perAssetBps = costs?.perAssetBps;
  const extraBps = perAssetBps === undefined ? undefined : callUser(where, 'costs.perAssetBps', ctx.asOf, () => perAssetBps(ctx));
  if (extraBps !== undefined && (!(extraBps instanceof Float64Array) || extraBps.length !== n || extraBps.some((x) => !(x >= 0)))) {
    throw new StrategyError('bad-costs', where, 'costs.perAssetBps', `must return a Float64Array of ${n} non-negative bps on ${ctx.asOf}`);
  }
  const rates = new Float64Array(n).fill(costRate(strategy));
  let defaulted = 0;
  if (costs?.feeField !== undefined || costs?.spreadField !== undefined) {
    const fee = costs.feeField === undefined ? undefined : ctx.history.latest(costs.feeField);
    const spread = costs.spreadField === undefined ? undefined : ctx.history.latest(costs.spreadField);
    for (let i = 0; i < n; i++) {
      let bps = 0;
      for (const [column, field, constant] of [[fee, 'costs.feeField', costs.commissionBps ?? 0], [spread, 'costs.spreadField', costs.halfSpreadBps ?? 0]] as const) {
        const value = column === undefined ? constant : column[i];
        if (Number.isNaN(value)) {
          bps += constant;
          defaulted++;
        } else if (!(value >= 0)) {
          throw new StrategyError('bad-costs', where, field, `${ctx.assets[i]} has a cost of ${value} bps on ${ctx.asOf}; costs must be >= 0 bps`);
        } else bps += value;
      }
      rates[i] = bps * BPS;
    }
  }
  if (extraBps !== undefined) for (let i = 0; i < n; i++) rates[i] += extraBps[i] * BPS;
  return { rates, defaulted };
}

function emptyRecord(status: RebalanceRecord['status'], universe: number): Omit<RebalanceRecord, 'executeDate'> {
  return { status, backend: null, solveMs: 0, objective: NaN, universe, plannedTurnover: 0, predictedVol: NaN, relaxed: [], volScale: 1, dualityGap: NaN, targets: [] };
}

interface DollarVolume {
  readonly median: Float64Array;
  readonly mean: Float64Array;
}

/** Median and mean of `close × volume` over the last 30 bars, per asset. */
function dollarVolumeStats(history: History): DollarVolume {
  const n = history.assets.length;
  const close = history.view('close', DOLLAR_VOLUME_BARS);
  const volume = history.hasField('volume') ? history.view('volume', DOLLAR_VOLUME_BARS) : new Float64Array(close.length).fill(NaN);
  const median = new Float64Array(n);
  const mean = new Float64Array(n);
  const values = new Float64Array(DOLLAR_VOLUME_BARS);
  for (let i = 0; i < n; i++) {
    let m = 0;
    let sum = 0;
    for (let s = 0; s < DOLLAR_VOLUME_BARS; s++) {
      const v = close[s * n + i] * volume[s * n + i];
      if (!Number.isFinite(v)) continue;
      values[m++] = v;
      sum += v;
    }
    median[i] = m === 0 ? NaN : quantileSorted(values.subarray(0, m).sort(), 0.5);
    mean[i] = m === 0 ? NaN : sum / m;
  }
  return { median, mean };
}

/**
 * Each asset's expected funding over the holding horizon, as a return (positive: a long pays):
 * its mean funding per bar over the last `lookbackBars` bars up to `t` (0 where it had none),
 * times `horizonBars`. Reads only bars up to the decision.
 */
function meanFunding(funding: FundingCost, t: number, settings: { readonly lookbackBars: number; readonly horizonBars: number }): Float64Array {
  const n = funding.assets;
  const from = Math.max(0, t - settings.lookbackBars + 1);
  const out = new Float64Array(n);
  for (let s = from; s <= t; s++) for (let i = 0; i < n; i++) out[i] += funding.perBar[s * n + i];
  for (let i = 0; i < n; i++) out[i] = (out[i] / (t - from + 1)) * settings.horizonBars;
  return out;
}

/**
 * The market-impact term at the decision: `kᵢ = b·σᵢ/√Vᵢ` from the last `volatilityBars` returns
 * (standard deviation per bar, n − 1) and the mean dollar volume of the last `volumeBars` bars,
 * both read from the point-in-time history; NaN for an asset without enough of either.
 */
export function marketImpactAt(settings: ImpactSettings, history: History, nav: number): MarketImpact {
  const n = history.assets.length;
  const volBars = Math.min(settings.volatilityBars ?? 20, history.length);
  const volumeBars = Math.min(settings.volumeBars ?? 30, history.length);
  const returns = history.view('return', volBars);
  const close = history.view('close', volumeBars);
  const volume = history.view('volume', volumeBars);
  const k = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let count = 0;
    let sum = 0;
    let sq = 0;
    for (let s = 0; s < volBars; s++) {
      const r = returns[s * n + i];
      if (!Number.isFinite(r)) continue;
      count++;
      sum += r;
      sq += r * r;
    }
    const sigma = count >= 2 ? Math.sqrt(Math.max(0, (sq - (sum * sum) / count) / (count - 1))) : NaN;
    let m = 0;
    let dollars = 0;
    for (let s = 0; s < volumeBars; s++) {
      const v = close[s * n + i] * volume[s * n + i];
      if (!Number.isFinite(v)) continue;
      m++;
      dollars += v;
    }
    const V = m === 0 ? NaN : dollars / m;
    k[i] = V > 0 ? (settings.coefficient * sigma) / Math.sqrt(V) : NaN;
  }
  return new MarketImpact(k, nav);
}

/**
 * Call a strategy's own function (signal, custom costs, group labels): whatever
 * it throws becomes a `StrategyError` naming the field, the date and the message.
 */
function callUser<T>(where: string, path: string, asOf: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof StrategyError) throw err;
    throw new StrategyError(`${path === 'signal' ? 'signal' : 'callback'}-failed`, where, path, `threw on ${asOf}: ${thrownMessage(err)}`);
  }
}
