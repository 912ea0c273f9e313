import { StrategyError } from '../core/errors.js';
import { FUNDING_INTERVALS_HOURS, type StrategyDefinition } from './define-strategy.js';

import { CHECK_POLICIES, DATA_CHECKS, STALE_EXCLUSIONS, type CheckPolicy, type StaleExclusion } from '../data/check-quality.js';
import { checkKnownFields } from './known-fields.js';
import { validateModel } from './validate-model.js';
import { validatePortfolio } from './validate-portfolio.js';

const CADENCES = ['day', 'week', 'month'];

type Problem = { path: string; detail: string };

/**
 * Check a loaded strategy definition at run time and name every bad field.
 * `seriesNames` are the series available in the market (for `model.series`).
 * @throws StrategyError `invalid-strategy` listing each problem with its path
 */
export function validateStrategy(value: unknown, file: string, seriesNames: readonly string[]): StrategyDefinition {
  const problems: Problem[] = [];
  const add = (path: string, detail: string): void => {
    problems.push({ path, detail });
  };
  if (typeof value !== 'object' || value === null) {
    throw new StrategyError('invalid-strategy', file, 'default export', 'must be an object made with defineStrategy({...})');
  }
  const s = value as Record<string, unknown>;
  checkKnownFields(s, add);
  const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined);
  const positiveInt = (v: unknown, path: string, min = 1): void => {
    if (!(typeof v === 'number' && Number.isInteger(v) && v >= min)) add(path, `(${String(v)}) must be an integer >= ${min}`);
  };
  const optionalNumber = (v: unknown, path: string, check: (x: number) => boolean, expected: string): void => {
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && check(v))) add(path, `(${String(v)}) must be ${expected}`);
  };

  if (typeof s.name !== 'string' || s.name.trim() === '') add('name', 'must be a non-empty string');
  if (!CADENCES.includes(s.rebalance as string)) add('rebalance', `(${String(s.rebalance)}) must be one of ${CADENCES.join(', ')}`);
  if (s.executionLagDays !== undefined) positiveInt(s.executionLagDays, 'executionLagDays');
  optionalNumber(s.initialNav, 'initialNav', (x) => x > 0, 'a positive number');

  const factors = obj(s.factors);
  const factorKeys = factors === undefined ? [] : Object.keys(factors);
  if (factors === undefined) add('factors', 'must be an object of factor definitions');
  else {
    for (const key of factorKeys) {
      const f = obj(factors[key]);
      if (f === undefined || typeof f.compute !== 'function' || typeof f.lookbackBars !== 'number') {
        add(`factors.${key}`, 'must be a factor (e.g. factor.momentum({ lookbackDays: 90 }))');
      }
    }
  }
  if (typeof s.signal !== 'function') add('signal', 'must be a function (ctx) => Float64Array of scores');

  const model = obj(s.model);
  const riskFree = obj(s.riskFree);
  if (s.riskFree !== undefined) {
    if (riskFree === undefined) add('riskFree', "must be an object like { series: 'RF', per: 'bar' }");
    else {
      if (typeof riskFree.series !== 'string' || !seriesNames.includes(riskFree.series)) add('riskFree.series', `('${String(riskFree.series)}') is not a series in the data (series: ${seriesNames.join(', ') || 'none'}); add the rate to series.csv`);
      if (riskFree.per !== 'bar' && riskFree.per !== 'year') add('riskFree.per', `('${String(riskFree.per)}') must be 'bar' (each value is that bar's return) or 'year' (an annual rate)`);
    }
  }
  const modelFactors = model === undefined ? [] : validateModel(model, factorKeys, seriesNames, add, typeof riskFree?.series === 'string' ? riskFree.series : undefined);
  if (model === undefined) add('model', "must be an object like { kind: 'time-series', windowDays: 180, refitEvery: 'month' }");

  const universe = obj(s.universe);
  if (s.universe !== undefined && universe === undefined) add('universe', 'must be an object');
  if (universe !== undefined) {
    if (universe.minHistoryDays !== undefined) positiveInt(universe.minHistoryDays, 'universe.minHistoryDays', 0);
    optionalNumber(universe.minMedianDollarVolume, 'universe.minMedianDollarVolume', (x) => x >= 0, 'a number >= 0');
  }

  const portfolio = obj(s.portfolio);
  if (portfolio === undefined) add('portfolio', "must be an object like { objective: 'max-alpha', limits: {...} }");
  else validatePortfolio(portfolio, factorKeys, modelFactors, add);

  const costs = obj(s.costs);
  if (s.costs !== undefined && costs === undefined) add('costs', 'must be an object');
  if (costs !== undefined) {
    optionalNumber(costs.commissionBps, 'costs.commissionBps', (x) => x >= 0, 'a number >= 0');
    optionalNumber(costs.halfSpreadBps, 'costs.halfSpreadBps', (x) => x >= 0, 'a number >= 0');
    if (costs.perAssetBps !== undefined && typeof costs.perAssetBps !== 'function') add('costs.perAssetBps', 'must be a function (ctx) => Float64Array of bps per asset');
    for (const key of ['feeField', 'spreadField'] as const) {
      if (costs[key] !== undefined && (typeof costs[key] !== 'string' || costs[key] === '')) add(`costs.${key}`, 'must be the name of a panel column of costs in bps');
    }
    const funding = obj(costs.funding);
    if (costs.funding !== undefined && funding === undefined) add('costs.funding', "must be an object, e.g. { per: 'event', intervalHours: 8 }");
    if (funding !== undefined) {
      if (funding.per !== 'event' && funding.per !== 'bar' && funding.per !== 'file') add('costs.funding.per', `must be 'event' (the column holds one funding event's rate), 'bar' (each bar's sum) or 'file' (funding.csv, every event at its own time), not ${JSON.stringify(funding.per)}`);
      const inObjective = obj(funding.inObjective);
      if (funding.inObjective !== undefined && inObjective === undefined) add('costs.funding.inObjective', 'must be an object, e.g. { lookbackBars: 30, horizonBars: 7 }');
      if (inObjective !== undefined) {
        for (const key of ['lookbackBars', 'horizonBars'] as const) {
          if (!(Number.isInteger(inObjective[key]) && (inObjective[key] as number) >= 1)) add(`costs.funding.inObjective.${key}`, `(${JSON.stringify(inObjective[key])}) must be an integer >= 1`);
        }
        if (s.portfolio !== undefined && obj(s.portfolio)?.objective !== 'max-alpha') add('costs.funding.inObjective', "has an effect only with objective 'max-alpha' (it adjusts alpha)");
      }
      if (funding.per === 'file' && (funding.intervalHours !== undefined || funding.field !== undefined)) add('costs.funding', "per: 'file' reads funding.csv, where each event has its own time; intervalHours and field have no effect with it");
      if (funding.intervalHours !== undefined && !FUNDING_INTERVALS_HOURS.includes(funding.intervalHours as number)) add('costs.funding.intervalHours', `must be one of ${FUNDING_INTERVALS_HOURS.join(', ')} (hours between funding events, dividing a day), not ${JSON.stringify(funding.intervalHours)}`);
      if (funding.intervalHours !== undefined && funding.per === 'bar' && funding.field === undefined) add('costs.funding.intervalHours', "has no effect with per: 'bar' (the column already holds each bar's sum); remove it or use per: 'event'");
      if (funding.field !== undefined && (typeof funding.field !== 'string' || funding.field === '')) add('costs.funding.field', 'must be the name of a panel column');
    }
    const borrow = obj(costs.borrow);
    if (costs.borrow !== undefined && borrow === undefined) add('costs.borrow', 'must be an object, e.g. { annualRate: 0.03 } or { field: "borrow_rate" }');
    if (borrow !== undefined) {
      if ((borrow.annualRate === undefined) === (borrow.field === undefined)) add('costs.borrow', 'needs exactly one of annualRate (one annual rate for every short) and field (a column of per-asset annual rates)');
      optionalNumber(borrow.annualRate, 'costs.borrow.annualRate', (x) => x >= 0 && x < 10, 'an annual rate >= 0 (0.03 for 3% a year)');
      if (borrow.field !== undefined && (typeof borrow.field !== 'string' || borrow.field === '')) add('costs.borrow.field', 'must be the name of a panel column');
    }
    const financing = obj(costs.financing);
    if (costs.financing !== undefined && financing === undefined) add('costs.financing', 'must be an object, e.g. { annualSpread: 0.01 }');
    if (financing !== undefined) {
      if (financing.annualSpread === undefined) add('costs.financing.annualSpread', 'is required: the annual rate negative cash pays (over the risk-free rate when there is one)');
      optionalNumber(financing.annualSpread, 'costs.financing.annualSpread', (x) => x >= 0 && x < 10, 'an annual rate >= 0 (0.01 for 1% a year)');
    }
    if (costs.terms !== undefined) {
      if (!Array.isArray(costs.terms)) add('costs.terms', 'must be an array of trading-cost terms or functions of the decision that return one');
      else costs.terms.forEach((c: unknown, k: number) => (typeof c === 'function' || isTradingCost(c) ? undefined : add(`costs.terms[${k}]`, 'must be a trading-cost term (name, cost, breakpoints, realised, restrict; see docs/optimizer.md "Terms") or a function of the decision that returns one')));
    }
    const impact = obj(costs.impact);
    if (costs.impact !== undefined && impact === undefined) add('costs.impact', 'must be an object, e.g. { coefficient: 1 }');
    if (impact !== undefined) {
      if (impact.coefficient === undefined) add('costs.impact.coefficient', 'is required: b in b·σ·|T|^(3/2)/√V');
      optionalNumber(impact.coefficient, 'costs.impact.coefficient', (x) => x > 0, 'a number > 0');
      optionalNumber(impact.volatilityBars, 'costs.impact.volatilityBars', (x) => Number.isInteger(x) && x >= 2, 'an integer >= 2');
      optionalNumber(impact.volumeBars, 'costs.impact.volumeBars', (x) => Number.isInteger(x) && x >= 1, 'an integer >= 1');
    }
  }
  const margin = obj(s.margin);
  if (s.margin !== undefined && margin === undefined) add('margin', 'must be an object like { maintenance: 0.1 }');
  if (margin !== undefined) optionalNumber(margin.maintenance, 'margin.maintenance', (x) => x >= 0 && x < 1, 'a fraction of gross exposure in [0, 1)');
  const checks = obj(s.dataChecks);
  if (s.dataChecks !== undefined && checks === undefined) add('dataChecks', 'must be an object');
  if (checks !== undefined) {
    const policies = obj(checks.policies);
    if (checks.policies !== undefined && policies === undefined) add('dataChecks.policies', `must be an object like { split: 'exclude' }`);
    for (const [check, policy] of Object.entries(policies ?? {})) {
      if (!(DATA_CHECKS as readonly string[]).includes(check)) add(`dataChecks.policies.${check}`, `is not a check (checks: ${DATA_CHECKS.join(', ')})`);
      else if (!CHECK_POLICIES.includes(policy as CheckPolicy)) add(`dataChecks.policies.${check}`, `('${String(policy)}') must be one of ${CHECK_POLICIES.join(', ')}`);
    }
    optionalNumber(checks.extremeReturn, 'dataChecks.extremeReturn', (x) => x > 0, 'a positive number');
    if (checks.staleDays !== undefined) positiveInt(checks.staleDays, 'dataChecks.staleDays', 2);
    if (checks.gapDays !== undefined) positiveInt(checks.gapDays, 'dataChecks.gapDays', 1);
    if (checks.actions !== undefined && checks.actions !== 'adjust' && checks.actions !== 'ignore') add('dataChecks.actions', `('${String(checks.actions)}') must be 'adjust' or 'ignore'`);
    if (checks.staleExclusion !== undefined && !STALE_EXCLUSIONS.includes(checks.staleExclusion as StaleExclusion)) add('dataChecks.staleExclusion', `('${String(checks.staleExclusion)}') must be one of ${STALE_EXCLUSIONS.join(', ')}`);
  }
  const params = obj(s.params);
  if (s.params !== undefined && params === undefined) add('params', 'must be an object of value lists');
  if (params !== undefined) {
    for (const [key, values] of Object.entries(params)) {
      if (!Array.isArray(values) || values.length === 0) add(`params.${key}`, 'must be a non-empty array of values');
    }
  }

  if (problems.length > 0) {
    const detail = problems.map((p) => `${p.path} ${p.detail}`).join('; ');
    throw new StrategyError('invalid-strategy', file, '', problems.length === 1 ? detail : `${problems.length} problems: ${detail}`);
  }
  return value as StrategyDefinition;
}

/** Whether `c` has the members of a `TradingCost`. */
export function isTradingCost(c: unknown): boolean {
  const t = c as Record<string, unknown> | null;
  return typeof c === 'object' && t !== null && typeof t.name === 'string' && ['cost', 'breakpoints', 'realised', 'restrict'].every((m) => typeof t[m] === 'function');
}
