import { BPS } from '../core/constants.js';
import { OptimizerError, StrategyError } from '../core/errors.js';
import type { History } from '../core/history.js';
import { isFitted, predictedVariance, type FactorModel } from '../model/factor-model.js';
import type { LpSolver } from '../optimize/linear-program.js';
import { optimizePortfolio } from '../optimize/optimize-portfolio.js';
import type { PortfolioProblem } from '../optimize/portfolio-problem.js';
import type { StrategyContext, StrategyDefinition } from '../strategy/define-strategy.js';
import type { EventRecord, RebalanceRecord } from './recorder.js';

/** Cost per unit of value traded, from the strategy's bps settings. */
export function costRate(strategy: StrategyDefinition): number {
  return ((strategy.costs?.commissionBps ?? 0) + (strategy.costs?.halfSpreadBps ?? 0)) * BPS;
}

export interface Decision {
  /** Target weights for every asset, or undefined to keep the current book. */
  readonly targets: Float64Array | undefined;
  readonly record: Omit<RebalanceRecord, 'executeDate'>;
  readonly events: EventRecord[];
}

const DOLLAR_VOLUME_BARS = 30;

/**
 * One rebalance decision at the close of `history.asOf`: exposures, signal,
 * universe, then the optimizer. Reads only the point-in-time `history`, the
 * model fitted on or before it, and the current weights.
 */
export async function decide(
  strategy: StrategyDefinition,
  history: History,
  model: FactorModel,
  current: Float64Array,
  firstValid: Int32Array,
  solvers: readonly LpSolver[],
): Promise<Decision> {
  const assets = history.assets;
  const n = assets.length;
  const t = history.length - 1;
  const where = `strategy '${strategy.name}'`;
  const exposures = new Map<string, Float64Array>();
  for (const [key, def] of Object.entries(strategy.factors)) {
    try {
      exposures.set(key, def.compute(history));
    } catch (err) {
      // Factors raise RangeError for inputs they cannot use (a missing column, say): the user's to fix.
      if (!(err instanceof RangeError)) throw err;
      throw new StrategyError('factor-failed', where, `factors.${key}`, `failed on ${history.asOf}: ${err.message}`);
    }
  }
  const params = Object.fromEntries(Object.entries(strategy.params ?? {}).map(([k, v]) => [k, v[0]]));
  const ctx: StrategyContext<string> = {
    asOf: history.asOf,
    assets,
    history,
    model,
    params,
    exposure: (name) => {
      const e = exposures.get(name);
      if (e === undefined) throw new StrategyError('unknown-exposure', where, 'signal', `asked ctx.exposure('${name}'), not one of the strategy's factors (${[...exposures.keys()].join(', ')})`);
      return e.slice();
    },
  };
  const alpha = strategy.signal(ctx);
  if (!(alpha instanceof Float64Array) || alpha.length !== n) {
    throw new StrategyError('bad-signal', where, 'signal', `returned ${alpha instanceof Float64Array ? `${alpha.length} values` : typeof alpha} on ${history.asOf}; expected a Float64Array with one value per asset (${n})`);
  }
  const neutral = strategy.portfolio.neutral ?? [];
  const toModel = strategy.portfolio.neutralToModel ?? [];
  const modelIndex = toModel.map((f) => model.factors.indexOf(f));
  const K = model.factors.length;
  const close = history.latest('close');
  const minHistory = strategy.universe?.minHistoryDays ?? strategy.model.windowDays;
  const minDollarVolume = strategy.universe?.minMedianDollarVolume;
  const dollarVolume = minDollarVolume === undefined ? undefined : medianDollarVolume(history);
  const universe: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(close[i]) || firstValid[i] < 0 || t - firstValid[i] < minHistory) continue;
    if (!isFitted(model, i) || !Number.isFinite(alpha[i])) continue;
    if (dollarVolume !== undefined && !(dollarVolume[i] >= (minDollarVolume as number))) continue;
    if (neutral.some((f) => !Number.isFinite((exposures.get(f) as Float64Array)[i]))) continue;
    if (modelIndex.some((k) => !Number.isFinite(model.loadings[i * K + k]))) continue;
    universe.push(i);
  }
  const skipped = (detail: string): Decision => ({
    targets: undefined,
    record: { status: 'skipped', backend: null, solveMs: 0, objective: NaN, universe: universe.length, plannedTurnover: 0, predictedVol: NaN, targets: [] },
    events: [{ kind: 'rebalance-skipped', detail }],
  });
  if (universe.length < 2 + neutral.length + toModel.length) {
    return skipped(`universe has ${universe.length} assets, too few for ${neutral.length + toModel.length} neutrality constraints`);
  }
  const pick = (v: Float64Array): Float64Array => Float64Array.from(universe, (i) => v[i]);
  const currentInUniverse = pick(current);
  const bookIsEmpty = current.every((w) => w === 0);
  const limits = strategy.portfolio.limits;
  const longOnly = strategy.portfolio.longOnly ?? false;
  const band = strategy.portfolio.neutralBand ?? 0;
  const problem: PortfolioProblem = {
    assets: universe.map((i) => assets[i]),
    alpha: pick(alpha),
    current: currentInUniverse,
    neutral: [
      ...neutral.map((f) => ({ name: f, exposures: pick(exposures.get(f) as Float64Array), band })),
      ...toModel.map((f, j) => ({ name: `model:${f}`, exposures: Float64Array.from(universe, (i) => model.loadings[i * K + modelIndex[j]]), band })),
    ],
    net: limits.net ?? (longOnly ? 1 : 0),
    gross: limits.gross,
    maxAbsWeight: limits.maxAbsWeight,
    longOnly,
    maxTurnover: bookIsEmpty ? undefined : limits.maxTurnover,
    costPerUnitTraded: costRate(strategy),
  };
  const events: EventRecord[] = [];
  try {
    const result = await optimizePortfolio(problem, solvers);
    for (const r of result.rejected) events.push({ kind: 'solver-fallback', detail: `${r.backend}: ${r.reason}; used ${result.backend}` });
    const targets = new Float64Array(n);
    universe.forEach((i, j) => (targets[i] = Math.abs(result.weights[j]) < 1e-12 ? 0 : result.weights[j]));
    let planned = 0;
    for (let i = 0; i < n; i++) planned += Math.abs(targets[i] - current[i]);
    return {
      targets,
      events,
      record: {
        status: 'optimal',
        backend: result.backend,
        solveMs: result.solveMs,
        objective: result.objective,
        universe: universe.length,
        plannedTurnover: planned,
        predictedVol: Math.sqrt(predictedVariance(model, targets)),
        targets: universe.filter((i) => targets[i] !== 0).map((i) => ({ asset: assets[i], weight: targets[i] })),
      },
    };
  } catch (err) {
    if (!(err instanceof OptimizerError) || strategy.portfolio.onInfeasible === 'stop') throw err;
    const status = err.code === 'infeasible' ? 'infeasible' : 'failed';
    return {
      targets: undefined,
      events: [{ kind: `rebalance-${status}`, detail: `${err.message}; kept the current book (onInfeasible: hold)` }],
      record: { status, backend: null, solveMs: 0, objective: NaN, universe: universe.length, plannedTurnover: 0, predictedVol: NaN, targets: [] },
    };
  }
}

function medianDollarVolume(history: History): Float64Array {
  const n = history.assets.length;
  const close = history.window('close', DOLLAR_VOLUME_BARS);
  const volume = history.hasField('volume') ? history.window('volume', DOLLAR_VOLUME_BARS) : new Float64Array(close.length).fill(NaN);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const values: number[] = [];
    for (let s = 0; s < DOLLAR_VOLUME_BARS; s++) {
      const v = close[s * n + i] * volume[s * n + i];
      if (Number.isFinite(v)) values.push(v);
    }
    values.sort((a, b) => a - b);
    const m = values.length;
    out[i] = m === 0 ? NaN : m % 2 === 1 ? values[(m - 1) / 2] : (values[m / 2 - 1] + values[m / 2]) / 2;
  }
  return out;
}
