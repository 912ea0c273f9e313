import { History } from '../core/history.js';
import type { Market } from '../core/panel.js';
import { UsageError, ModelError } from '../core/errors.js';
import { barsPerYear, periodStarts } from '../data/calendar.js';
import { DATA_CHECKS } from '../data/check-quality.js';
import { preparePanel } from '../data/prepare-panel.js';
import { summarizePerformance, type DailyPerformanceRow, type PerformanceSummary } from '../diagnostics/performance.js';
import { predictedVariance, type FactorModel } from '../model/factor-model.js';
import { attributeReturn } from '../diagnostics/attribution.js';
import { returnsByYear } from '../diagnostics/return-stats.js';
import { compoundEach } from '../factors/window-stats.js';
import { rankCorrelation } from '../stats/ranks.js';
import { evaluateModel, type ModelEvaluation } from '../model/evaluate-model.js';
import type { LpSolver } from '../optimize/linear-program.js';
import type { StrategyDefinition } from '../strategy/define-strategy.js';
import { checkRequiredFields } from './check-fields.js';
import { costRate, decide } from '../strategy/decide.js';
import { Ledger } from './ledger.js';
import { ModelFitter } from './model-fitter.js';
import { ReasonTally, type MarginCall, type RunOutcome } from './run-outcome.js';
import type { EventRecord, RebalanceRecord } from '../strategy/decision-record.js';
import type { DayRecord, FitRecord, Recorder, TradeRecord } from './recorder.js';
import { alignSeries, type RiskFreeReturns } from './align-series.js';

export interface WalkForwardOptions {
  readonly strategy: StrategyDefinition;
  readonly market: Market;
  /** Backends in order of preference; later ones are used when an answer fails the check. */
  readonly solvers: readonly LpSolver[];
  readonly recorder: Recorder;
  /** First and last dates to trade (inclusive); earlier data still serves as history. */
  readonly from?: string;
  readonly to?: string;
  readonly onProgress?: (done: number, total: number, date: string) => void;
  /** Parameter values for `ctx.params` (a study's trial); default: the first value of each. */
  readonly params?: Readonly<Record<string, number | string>>;
  /** When given, wall time per stage is added to it (for benchmarks). */
  readonly timings?: StageTimings;
}

/** Milliseconds spent per stage of a walk-forward run. */
export interface StageTimings {
  /** Exposures, signal, universe and problem building (decide minus the LP). */
  factors: number;
  /** Model refits and their evaluation. */
  fits: number;
  /** The optimiser: LP building, solves, answer checks, fallbacks, infeasibility diagnosis and relaxation, volatility target, hedge. */
  optimisation: number;
  /** Marking to market, execution, attribution, predicted risk, the daily record. */
  accounting: number;
  /** The recorder (SQLite writes). */
  storage: number;
  /** The performance summary at the end. */
  diagnostics: number;
}

/** A zeroed `StageTimings`. */
export function emptyTimings(): StageTimings {
  return { factors: 0, fits: 0, optimisation: 0, accounting: 0, storage: 0, diagnostics: 0 };
}

export interface WalkForwardResult {
  /** Statistics over the invested period (`outcome.investedFrom` .. `lastDate`); warm-up bars are not in them. */
  readonly summary: PerformanceSummary;
  /** First and last bars run (the last is the margin call's bar when the run stopped there). */
  readonly firstDate: string;
  readonly lastDate: string;
  /** Rebalances that placed an order or held the book (`outcome.rebalances.traded + held`). */
  readonly rebalances: number;
  readonly infeasibleRebalances: number;
  readonly outcome: RunOutcome;
  /** Compounded net return per calendar year. */
  readonly byYear: ReadonlyArray<{ readonly year: string; readonly return: number; readonly bars: number }>;
  /** Data-quality findings per check, with the policy applied (`split: 6 (warn)`). */
  readonly dataFindings: Readonly<Record<string, string>>;
  readonly solveMs: readonly number[];
}

/** Bars without a price after which a held position is closed at its last value. */
const MAX_STALE_BARS = 5;

/** An order: targets decided at the close of `decidedAt`, executed at the close of `executeAt`. */
interface Order {
  readonly decidedAt: number;
  readonly executeAt: number;
  readonly targets: Float64Array;
  readonly costRates: Float64Array;
  /** The turnover budget the decision was made under (none when built from an empty book). */
  readonly budget: number | undefined;
  readonly plannedTurnover: number;
}

/**
 * Run a strategy bar by bar. On each bar: mark to market; apply delistings;
 * liquidate the book at this close if equity is at the maintenance margin (and
 * stop: this is the last bar); execute the orders decided `executionLagDays`
 * bars earlier at this close (with costs); refit the model when its schedule
 * says so (window ending on this bar); decide new targets when the rebalance
 * schedule says so. Orders queue: every decision executes on its own bar, in
 * order, and a later one supersedes an earlier one's targets from its own
 * execution bar on; a decision is made against the book the pending orders
 * will leave (their latest targets), or the book held when none is pending.
 * Decisions read only a point-in-time `History`; every bar is handed to the
 * recorder as one record. Statistics cover the invested period: from the
 * first bar whose close holds a position.
 */
export async function runWalkForward(options: WalkForwardOptions): Promise<WalkForwardResult> {
  const { strategy, market, solvers, recorder } = options;
  const { panel, report, notices: preparedNotices } = preparePanel(market, strategy.dataChecks);
  checkRequiredFields(strategy, panel, market.source);
  recorder.recordDataQuality?.(report);
  const { dates, assets } = panel;
  const n = assets.length;
  const start = options.from === undefined ? 0 : dates.findIndex((d) => d >= (options.from as string));
  const endAfter = options.to === undefined ? dates.length : dates.findIndex((d) => d > (options.to as string));
  const end = (endAfter === -1 ? dates.length : endAfter) - 1;
  if (start === -1 || end < start) {
    throw new UsageError(`no dates to run between --from ${options.from ?? dates[0]} and --to ${options.to ?? dates[dates.length - 1]} (data: ${dates[0]} .. ${dates[dates.length - 1]})`);
  }
  const aligned = alignSeries(market, strategy, dates);
  const fitter = new ModelFitter(strategy, panel, aligned);
  const riskFree = fitter.riskFree;
  const executionLag = strategy.executionLagDays ?? 1;
  const initialNav = strategy.initialNav ?? 1_000_000;
  const perYear = barsPerYear(dates);
  const close = panel.field('close');
  const ret = panel.field('return');
  const delisting = panel.hasField('delisting_return') ? panel.field('delisting_return') : undefined;

  const ledger = new Ledger(n, initialNav);
  const firstValid = new Int32Array(n).fill(-1);
  const lastValid = new Int32Array(n).fill(-1);
  for (let t = 0; t < start; t++) noteValid(t);
  let model: FactorModel | undefined;
  const orders: Order[] = [];
  const maintenance = strategy.margin?.maintenance ?? 0;
  const liquidationRates = new Float64Array(n).fill(costRate(strategy));
  const budget = strategy.portfolio.limits.maxTurnover;
  const tally = new ReasonTally();
  const fits = { attempted: 0, failed: 0 };
  const counts = { due: 0, traded: 0, held: 0, skipped: 0 };
  const turnoverSeen = { budgetedExecutions: 0, maxPlanned: 0, maxRealised: 0, overBudget: 0 };
  let marginCall: MarginCall | null = null;
  let investedAt = -1;
  let last = end;
  const dailyRows: DailyPerformanceRow[] = [];
  const signalIcs: number[] = [];
  let lastSignal: { bar: number; signal: Float64Array } | undefined;
  /** Rank IC of a past signal against the assets' compounded returns from the bar after it to `t`. */
  const scoreSignal = (past: { bar: number; signal: Float64Array }, t: number): number =>
    t > past.bar ? rankCorrelation(past.signal, compoundEach(ret.subarray((past.bar + 1) * n, (t + 1) * n), n, 1)) : NaN;
  const refitDue = periodStarts(dates, strategy.model.refitEvery);
  const rebalanceDue = periodStarts(dates, strategy.rebalance);
  const solveMs: number[] = [];
  let infeasible = 0;

  function noteValid(t: number): void {
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(close[t * n + i])) continue;
      if (firstValid[i] < 0) firstValid[i] = t;
      lastValid[i] = t;
    }
  }

  const startNotices: EventRecord[] = [...(market.notices ?? []), ...preparedNotices, ...riskFreeNotices(riskFree, dates, start, end)].map((detail) => ({ kind: 'data-notice', detail }));
  const timings = options.timings;
  const detail = recorder.returnsOnly !== true;
  for (let t = start; t <= end; t++) {
    const barStarted = performance.now();
    let elsewhere = 0;
    noteValid(t);
    const navBefore = ledger.nav;
    const events: EventRecord[] = t === start ? startNotices : [];
    const trades: TradeRecord[] = [];
    const held = ledger.weights(navBefore);
    const heldAny = ledger.holdsPositions;
    // Cash earns the bar's risk-free return on what it held at the previous close, before the bar's trades.
    const riskFreeReturn = riskFree === undefined || t === start ? 0 : riskFree.returns[t];
    const cashInterest = riskFreeReturn === 0 ? 0 : ledger.accrueCash(riskFreeReturn);
    const pnl = ledger.markToMarket(ret.subarray(t * n, (t + 1) * n)) + cashInterest;
    for (let i = 0; i < n; i++) {
      if (ledger.positions[i] === 0) continue;
      const delisted = delisting !== undefined && !Number.isNaN(delisting[t * n + i]);
      const stale = t - lastValid[i] >= MAX_STALE_BARS;
      if (!delisted && !stale) continue;
      const value = ledger.liquidate(i);
      trades.push({ asset: assets[i], weight: -value / navBefore, cost: 0, reason: delisted ? 'delisting' : 'stale' });
      events.push({ kind: delisted ? 'delisting' : 'stale-liquidation', detail: `${assets[i]} closed at ${value.toFixed(2)}` });
    }
    let cost = 0;
    let turnover = 0;
    // One pass each for equity and gross exposure; a book with no positions has gross 0 and is never called.
    const equity = ledger.nav;
    const grossValue = ledger.grossValue;
    if (grossValue > 0 && equity <= maintenance * grossValue) {
      const closed = ledger.rebalance(assets, new Float64Array(n), new Uint8Array(n).fill(1), liquidationRates);
      for (const trade of closed.trades) trades.push({ ...trade, reason: 'margin' });
      cost = closed.cost;
      marginCall = { date: dates[t], equity, grossValue, maintenance, navAfter: ledger.nav };
      events.push({ kind: 'margin-call', detail: `equity ${equity.toFixed(2)} at or below ${maintenance} × gross exposure ${grossValue.toFixed(2)}: book liquidated at this close (cost ${closed.cost.toFixed(2)}, NAV after ${ledger.nav.toFixed(2)}); the run stops trading` });
      for (const o of orders.splice(0)) events.push({ kind: 'order-unexecuted', detail: `order decided ${dates[o.decidedAt]} for ${dates[o.executeAt] ?? 'after the data'} cancelled by the margin call` });
    }
    while (marginCall === null && orders.length > 0 && orders[0].executeAt === t) {
      const order = orders.shift() as Order;
      const tradable = new Uint8Array(n);
      for (let i = 0; i < n; i++) tradable[i] = Number.isNaN(close[t * n + i]) || (delisting !== undefined && !Number.isNaN(delisting[t * n + i])) ? 0 : 1;
      const executed = ledger.rebalance(assets, order.targets, tradable, order.costRates);
      trades.push(...executed.trades);
      cost += executed.cost;
      turnover += executed.turnover;
      if (order.budget !== undefined) {
        turnoverSeen.budgetedExecutions++;
        turnoverSeen.maxPlanned = Math.max(turnoverSeen.maxPlanned, order.plannedTurnover);
        turnoverSeen.maxRealised = Math.max(turnoverSeen.maxRealised, executed.turnover);
        if (executed.turnover > order.budget + 1e-9) turnoverSeen.overBudget++;
      }
    }

    let fit: FitRecord | undefined;
    let evaluation: ModelEvaluation | undefined;
    const history = History.internal(panel, aligned, t);
    let attribution: DayRecord['attribution'];
    if (detail && model !== undefined && heldAny) {
      // Under a risk-free rate the model explains excess returns; the rate's part is the cash interest.
      const barReturns = riskFree === undefined ? ret.subarray(t * n, (t + 1) * n) : ret.slice(t * n, (t + 1) * n).map((r) => r - riskFree.returns[t]);
      const split = attributeReturn(held, barReturns, model.loadings, fitter.factorReturnsAt(history, model));
      attribution = { factors: model.factors, contributions: split.contributions, specific: split.specific };
    }
    const stopped = marginCall !== null;
    const refit = !stopped && (model === undefined || refitDue[t] === 1) && t + 1 >= fitter.warmupBars;
    const fitStarted = performance.now();
    if (detail && model !== undefined && (refit || t === end)) evaluation = evaluateSince(model, history, fitter);
    if (refit) {
      fits.attempted++;
      try {
        model = fitter.fit(history, model);
        if (detail) fit = toFitRecord(model);
        for (const w of model.warnings) if (w.startsWith('collinearity')) events.push({ kind: 'collinearity-warning', detail: w });
      } catch (err) {
        if (!(err instanceof ModelError)) throw err;
        fits.failed++;
        events.push({ kind: 'fit-failed', detail: `${err.message}; ${model === undefined ? 'no model yet' : 'kept the previous model'}` });
      }
      fitter.prune(t);
    }
    const fitMs = performance.now() - fitStarted;
    elsewhere += fitMs;

    let rebalance: RebalanceRecord | undefined;
    const nav = ledger.nav;
    if (!stopped && model !== undefined && rebalanceDue[t] === 1) {
      counts.due++;
      const pending = orders[orders.length - 1];
      const current = pending === undefined ? ledger.weights(nav) : pending.targets;
      if (pending !== undefined) events.push({ kind: 'order-chained', detail: `decided against the targets of the order decided ${dates[pending.decidedAt]}, still pending (due ${dates[pending.executeAt] ?? 'after the data'}); both execute, each on its own bar` });
      if (lastSignal !== undefined) signalIcs.push(scoreSignal(lastSignal, t));
      const decideStarted = performance.now();
      const decision = await decide({ strategy, history, model, current, nav, firstValid, solvers, barsPerYear: perYear, ...(options.params === undefined ? {} : { params: options.params }) });
      const decideMs = performance.now() - decideStarted;
      elsewhere += decideMs;
      if (timings !== undefined) {
        timings.optimisation += decision.optimiseMs;
        timings.factors += decideMs - decision.optimiseMs;
      }
      events.push(...decision.events);
      const executeAt = t + executionLag;
      if (decision.targets !== undefined) {
        let emptyBook = true;
        for (let i = 0; i < n && emptyBook; i++) if (current[i] !== 0) emptyBook = false;
        orders.push({ decidedAt: t, executeAt, targets: decision.targets, costRates: decision.costRates, budget: emptyBook ? undefined : budget, plannedTurnover: decision.record.plannedTurnover });
      }
      lastSignal = decision.signal === undefined ? undefined : { bar: t, signal: decision.signal };
      rebalance = { ...decision.record, executeDate: executeAt < dates.length ? dates[executeAt] : null };
      const status = decision.record.status;
      if (status === 'optimal' || status === 'relaxed') {
        counts.traded++;
        solveMs.push(decision.record.solveMs);
      } else if (status === 'skipped') counts.skipped++;
      else counts.held++;
      if (status === 'infeasible' || status === 'failed') infeasible++;
    }
    if (t === end || stopped) {
      for (const o of orders.splice(0)) events.push({ kind: 'order-unexecuted', detail: `order decided ${dates[o.decidedAt]} is due ${o.executeAt < dates.length ? dates[o.executeAt] : 'after the data'}, after the last bar run (${dates[t]}); not executed` });
    }

    const weights = ledger.weights(nav);
    let gross = 0;
    let net = 0;
    const holdings: Array<{ asset: string; weight: number }> = [];
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (w === 0) continue;
      gross += Math.abs(w);
      net += w;
      if (detail) holdings.push({ asset: assets[i], weight: w });
    }
    const day: DayRecord = {
      date: dates[t],
      nav,
      grossReturn: pnl / navBefore,
      netReturn: nav / navBefore - 1,
      cost,
      cashInterest,
      riskFreeReturn,
      turnover,
      grossExposure: gross,
      netExposure: net,
      predictedVol: model === undefined ? NaN : Math.sqrt(predictedVariance(model, weights)),
      holdings,
      trades,
      events,
      ...(fit === undefined ? {} : { fit }),
      ...(evaluation === undefined ? {} : { evaluation }),
      ...(attribution === undefined ? {} : { attribution }),
      ...(rebalance === undefined ? {} : { rebalance }),
    };
    const storageStarted = performance.now();
    recorder.recordDay(day);
    const storageMs = performance.now() - storageStarted;
    tally.note(events);
    dailyRows.push({ nav, netReturn: day.netReturn, turnover, cost, predictedVol: day.predictedVol, riskFree: riskFreeReturn });
    if (investedAt < 0 && gross > 0) investedAt = t;
    options.onProgress?.(t - start + 1, end - start + 1, dates[t]);
    if (timings !== undefined) {
      timings.fits += fitMs;
      timings.storage += storageMs;
      timings.accounting += performance.now() - barStarted - elsewhere - storageMs;
    }
    if (stopped) {
      last = t;
      break;
    }
  }
  const summaryStarted = performance.now();
  // The statistics cover the invested period: from the first bar whose close held a position.
  const invested = investedAt < 0 ? [] : dailyRows.slice(investedAt - start);
  const navBefore = investedAt <= start ? initialNav : dailyRows[investedAt - start - 1].nav;
  const summary = summarizePerformance(invested, navBefore, perYear, { signalIcs: [...signalIcs, ...(lastSignal === undefined ? [] : [scoreSignal(lastSignal, last)])] });
  if (timings !== undefined) timings.diagnostics += performance.now() - summaryStarted;
  const outcome: RunOutcome = {
    bars: last - start + 1,
    warmupBars: (investedAt < 0 ? last + 1 : investedAt) - start,
    investedFrom: investedAt < 0 ? null : dates[investedAt],
    modelWarmupBars: fitter.warmupBars,
    fits,
    rebalances: counts,
    ordersUnexecuted: tally.reasons().find((r) => r.kind === 'order-unexecuted')?.count ?? 0,
    reasons: tally.reasons(),
    marginCall,
    turnover: { budget: budget ?? null, ...turnoverSeen },
    dataNotices: startNotices.map((e) => e.detail),
  };
  return {
    summary,
    firstDate: dates[start],
    lastDate: dates[last],
    rebalances: counts.traded + counts.held,
    infeasibleRebalances: infeasible,
    outcome,
    byYear: investedAt < 0 ? [] : returnsByYear(dates.slice(investedAt, last + 1), invested.map((r) => r.netReturn)),
    dataFindings: Object.fromEntries(
      DATA_CHECKS.flatMap((c) => {
        const count = report.issues.filter((x) => x.check === c).length;
        return count === 0 ? [] : [[c, `${count} (${report.policies[c]})`]];
      }),
    ),
    solveMs,
  };
}

/** Evaluate `model` on the bars after its fit date up to `history.asOf`, on the returns it was fitted on (excess ones under a risk-free rate). */
function evaluateSince(model: FactorModel, history: History, fitter: ModelFitter): ModelEvaluation | undefined {
  const dates = history.dates(history.length);
  const bars = dates.length - 1 - dates.indexOf(model.asOf);
  return bars > 0 ? evaluateModel(model, fitter.returnsWindow(history, bars), dates.slice(-bars)) : undefined;
}

/** What the run says about its risk-free rate: the convention, and the bars it had to fill. */
function riskFreeNotices(riskFree: RiskFreeReturns | undefined, dates: readonly string[], start: number, end: number): string[] {
  if (riskFree === undefined) return [];
  const notices = [`risk-free rate: cash earns it, models fit and statistics use returns ${riskFree.convention}`];
  if (riskFree.beforeFirst > 0 || riskFree.carried > 0) {
    notices.push(`risk-free rate: ${riskFree.beforeFirst} bar(s) before its first value earn 0 and ${riskFree.carried} bar(s) without a value carry the previous one (data ${dates[0]} .. ${dates[dates.length - 1]}, run ${dates[start]} .. ${dates[end]})`);
  }
  return notices;
}

function toFitRecord(model: FactorModel): FitRecord {
  const K = model.factors.length;
  const fitted = model.assets.flatMap((asset, i) =>
    model.observations[i] > 0
      ? [{
          asset,
          alpha: model.alpha[i],
          loadings: model.loadings.slice(i * K, (i + 1) * K),
          specificVariance: model.specificVariance[i],
          rSquared: model.rSquared[i],
          observations: model.observations[i],
        }]
      : [],
  );
  return {
    kind: model.kind,
    windowStart: model.windowStart,
    windowEnd: model.windowEnd,
    factors: model.factors,
    factorCovariance: model.factorCovariance,
    fittedAssets: fitted.length,
    droppedAssets: model.droppedAssets,
    droppedDates: model.droppedDates,
    risk: model.risk,
    factorStats: model.factorStats,
    factorReturns: model.factorReturns,
    factorReturnDates: model.factorReturnDates,
    warnings: model.warnings,
    assets: fitted,
  };
}
