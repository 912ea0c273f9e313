import type { LimitTerm } from '../optimize/terms/term.js';
import type { TradingCost } from '../optimize/terms/trading-cost.js';
import type { FactorModel } from '../model/factor-model.js';
import type { ExposureLimit, GroupLimit, PortfolioProblem } from '../optimize/portfolio-problem.js';
import type { ExposureTarget, StrategyDefinition } from './define-strategy.js';
import { definedFields } from '../core/defined-fields.js';

/** Raw factor keys and model factor indices the portfolio's constraints and objective read. */
export function exposureNeeds(strategy: StrategyDefinition, model: FactorModel): { raw: string[]; model: number[] } {
  const p = strategy.portfolio;
  const raw = [...new Set([...(p.neutral ?? []), ...Object.keys(p.tilts ?? {}), ...(p.objective === 'min-exposure' ? (p.minimize ?? []) : [])])];
  const names = [...new Set([...(p.neutralToModel ?? []), ...Object.keys(p.tiltsToModel ?? {}), ...(p.objective === 'min-exposure' ? (p.minimizeModel ?? []) : [])])];
  return { raw, model: names.map((f) => model.factors.indexOf(f)).filter((k) => k >= 0) };
}

export interface StrategyProblemInput {
  readonly strategy: StrategyDefinition;
  /** Indices of the assets the optimizer may hold. */
  readonly universe: readonly number[];
  readonly signal: Float64Array;
  readonly exposures: ReadonlyMap<string, Float64Array>;
  readonly model: FactorModel;
  /** Weights held now, all assets. */
  readonly current: Float64Array;
  readonly nav: number;
  /** Expected funding per asset over the holding horizon (all assets), taken from `max-alpha`'s alpha. */
  readonly expectedFunding?: Float64Array;
  /** The strategy's `portfolio.constraints`, built for this universe. */
  readonly limits: readonly LimitTerm[];
  /** The trading-cost terms over all assets (linear, impact), restricted here to the universe. */
  readonly tradingCosts: readonly TradingCost[];
  readonly meanDollarVolume?: Float64Array;
  readonly groupLabels?: readonly string[];
}

/**
 * Translate a strategy's portfolio settings into the optimizer's problem over
 * the universe: neutrality and tilts on raw exposures (named by factor key,
 * tilts as `tilt:<key>`) and on model loadings (`model:<factor>`,
 * `tilt:model:<factor>`), limits, groups, trade size against dollar volume, costs.
 */
export function buildStrategyProblem(input: StrategyProblemInput): PortfolioProblem {
  const { strategy, universe, model, current } = input;
  const p = strategy.portfolio;
  const limits = p.limits;
  const longOnly = p.longOnly ?? false;
  const band = p.neutralBand ?? 0;
  const K = model.factors.length;
  const industryPrefix = strategy.model.kind === 'cross-sectional' && strategy.model.industries !== undefined ? `${strategy.model.industries}:` : undefined;
  /** `v[i]` for each universe asset `i`, with a stride for the N × K loadings. */
  const pick = (v: Float64Array, stride = 1, offset = 0): Float64Array => {
    const out = new Float64Array(universe.length);
    for (let j = 0; j < universe.length; j++) out[j] = v[universe[j] * stride + offset];
    return out;
  };
  const raw = (key: string): Float64Array => pick(input.exposures.get(key) as Float64Array);
  const loadings = (factor: string): Float64Array => {
    const k = model.factors.indexOf(factor);
    // An industry with no asset on this bar is in the data but not in this fit: every loading on it is 0.
    if (k < 0 && industryPrefix !== undefined && factor.startsWith(industryPrefix)) return new Float64Array(universe.length);
    if (k < 0) throw new RangeError(`model factor '${factor}' is not in the model fitted on ${model.asOf} (${model.factors.join(', ')})`);
    return pick(model.loadings, K, k);
  };
  const tilt = (name: string, exposures: Float64Array, t: ExposureTarget): ExposureLimit => ({ name, exposures, target: t.target, band: t.band ?? 0 });
  const neutral: ExposureLimit[] = [
    ...(p.neutral ?? []).map((f) => ({ name: f, exposures: raw(f), band })),
    ...(p.neutralToModel ?? []).map((f) => ({ name: `model:${f}`, exposures: loadings(f), band })),
    ...Object.entries(p.tilts ?? {}).flatMap(([f, t]) => (t === undefined ? [] : [tilt(`tilt:${f}`, raw(f), t as ExposureTarget)])),
    ...Object.entries(p.tiltsToModel ?? {}).map(([f, t]) => tilt(`tilt:model:${f}`, loadings(f), t)),
  ];
  const bookIsEmpty = current.every((w) => w === 0);
  const maxTradeAdv = limits.maxTradeAdv;
  const adv = input.meanDollarVolume;
  const groups: GroupLimit[] = [];
  if (p.groups !== undefined && input.groupLabels !== undefined) {
    const byLabel = new Map<string, number[]>();
    universe.forEach((i, j) => {
      const label = (input.groupLabels as readonly string[])[i];
      if (label === '') return;
      byLabel.set(label, [...(byLabel.get(label) ?? []), j]);
    });
    for (const [name, members] of byLabel) {
      groups.push({
        name,
        members,
        ...definedFields({ minNet: p.groups.minNet, maxNet: p.groups.maxNet, maxGross: p.groups.maxGross }),
      });
    }
  }
  return {
    assets: universe.map((i) => model.assets[i]),
    objective: p.objective,
    alpha: p.objective === 'max-alpha' ? alphaWithFunding(pick(input.signal), input.expectedFunding, universe) : new Float64Array(universe.length),
    ...(p.objective === 'min-distance' ? { target: pick(input.signal) } : {}),
    ...(p.objective === 'min-exposure'
      ? { minimize: [...(p.minimize ?? []).map((f) => ({ name: f, exposures: raw(f) })), ...(p.minimizeModel ?? []).map((f) => ({ name: `model:${f}`, exposures: loadings(f) }))] }
      : {}),
    current: pick(current),
    neutral,
    net: limits.net ?? (longOnly ? 1 : 0),
    netBand: limits.netBand,
    gross: limits.gross,
    maxAbsWeight: limits.maxAbsWeight,
    minWeight: limits.minWeight === undefined ? undefined : new Float64Array(universe.length).fill(limits.minWeight),
    maxWeight: limits.maxWeight === undefined ? undefined : new Float64Array(universe.length).fill(limits.maxWeight),
    longOnly,
    groups: groups.length > 0 ? groups : undefined,
    maxTurnover: bookIsEmpty ? undefined : limits.maxTurnover,
    maxTrade: maxTradeAdv === undefined || adv === undefined ? undefined : Float64Array.from(universe, (i) => (Number.isFinite(adv[i]) ? (maxTradeAdv * adv[i]) / input.nav : 0)),
    ...(input.limits.length === 0 ? {} : { limits: input.limits }),
    // The decision's own cost objects, on the universe: the ledger charges the same ones.
    costPerUnitTraded: 0,
    tradingCosts: input.tradingCosts.map((c) => c.restrict(universe)),
  };
}

/** `max-alpha`'s alpha on the universe, less each asset's expected funding when the strategy puts it in the objective. */
function alphaWithFunding(alpha: Float64Array, expectedFunding: Float64Array | undefined, universe: readonly number[]): Float64Array {
  if (expectedFunding !== undefined) for (let j = 0; j < universe.length; j++) alpha[j] -= expectedFunding[universe[j]];
  return alpha;
}
