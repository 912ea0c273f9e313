import type { History } from '../core/history.js';
import type { Market } from '../core/panel.js';
import { UsageError, ModelError } from '../core/errors.js';
import { barsPerYear, periodStarts } from '../data/calendar.js';
import { DATA_CHECKS } from '../data/check-quality.js';
import { summarizePerformance, type DailyPerformanceRow, type PerformanceSummary } from '../diagnostics/performance.js';
import { predictedVariance, type FactorModel } from '../model/factor-model.js';
import { attributeReturn } from '../diagnostics/attribution.js';
import { returnsByYear } from '../diagnostics/return-stats.js';
import { compoundEach } from '../factors/window-stats.js';
import { rankCorrelation } from '../stats/ranks.js';
import { evaluateModel, type ModelEvaluation } from '../model/evaluate-model.js';
import type { LpSolver } from '../optimize/linear-program.js';
import type { StrategyDefinition } from '../strategy/define-strategy.js';
import { costRate, decide } from '../strategy/decide.js';
import type { EventRecord, RebalanceRecord } from '../strategy/decision-record.js';
import type { RiskFreeReturns } from './align-series.js';
import type { TradingCost } from '../optimize/terms/trading-cost.js';
import { LinearCost } from '../optimize/terms/linear-cost.js';
import { FundingCost } from '../optimize/terms/funding.js';
import { Ledger } from './ledger.js';
import type { ModelFitter } from './model-fitter.js';
import type { DayRecord, FitRecord, HoldingCostRecord, Recorder, TradeRecord } from './recorder.js';
import { ReasonTally, type MarginCall, type RunOutcome } from './run-outcome.js';
import { historyAt, setUpWalkForward, type WalkForwardSetup } from './set-up.js';
import { StageClock, type StageObserver } from './stage-clock.js';
import { definedFields } from '../core/defined-fields.js';

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
  /** Told the wall time of each stage (benchmarks: pass a `StageTotals`). */
  readonly observer?: StageObserver;
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
  /** The trading-cost terms the decision priced the trade with, charged at execution. */
  readonly tradingCosts: readonly TradingCost[];
  /** The turnover budget the decision was made under (none when built from an empty book). */
  readonly budget: number | undefined;
  readonly plannedTurnover: number;
}

/** What one bar builds up as its steps run, handed to the recorder at the end. */
interface Bar {
  readonly t: number;
  readonly navBefore: number;
  /** Weights held over the bar (at the previous close), for attribution. */
  readonly held: Float64Array;
  readonly heldAny: boolean;
  readonly riskFreeReturn: number;
  readonly cashInterest: number;
  /** P&L of the bar's price moves, cash interest and holding costs. */
  readonly pnl: number;
  /** Holding costs settled this bar (undefined when the strategy has none). */
  readonly holding: readonly HoldingCostRecord[] | undefined;
  readonly events: EventRecord[];
  readonly trades: TradeRecord[];
  cost: number;
  turnover: number;
}

/**
 * Run a strategy bar by bar. Each bar runs these steps, in this order:
 * 1. note listings; credit cash its risk-free interest; settle the holding costs (funding, borrow,
 *    financing) on the book held over the bar; mark positions to the bar's returns;
 * 2. close positions in delisted assets, and in assets without a price for `MAX_STALE_BARS` bars;
 * 3. liquidate the book at this close if equity is at the maintenance margin (and stop: this is the last bar);
 * 4. execute, at this close and with costs, the orders decided `executionLagDays` bars earlier;
 * 5. attribute the bar's return on the book held over it to the model's factors;
 * 6. evaluate the current model on the bars since its fit and refit it when its schedule says so
 *    (window ending on this bar);
 * 7. decide new targets when the rebalance schedule says so, as an order for a later bar;
 * 8. on the last bar, say which orders will not execute;
 * 9. hand the bar to the recorder as one record.
 *
 * Orders queue: every decision executes on its own bar, in order, and a later one supersedes an
 * earlier one's targets from its own execution bar on; a decision is made against the book the
 * pending orders will leave (their latest targets), or the book held when none is pending.
 * Decisions read only a point-in-time `History`. Statistics cover the invested period: from the
 * first bar whose close holds a position.
 */
export async function runWalkForward(options: WalkForwardOptions): Promise<WalkForwardResult> {
  const setup = setUpWalkForward(options.strategy, options.market);
  options.recorder.recordDataQuality?.(setup.report);
  const loop = new WalkForwardLoop(options, setup);
  return loop.run();
}

class WalkForwardLoop {
  private readonly strategy: StrategyDefinition;
  private readonly recorder: Recorder;
  private readonly fitter: ModelFitter;
  private readonly riskFree: RiskFreeReturns | undefined;
  private readonly dates: readonly string[];
  private readonly assets: readonly string[];
  private readonly n: number;
  private readonly start: number;
  private readonly end: number;
  private readonly close: Float64Array;
  private readonly ret: Float64Array;
  private readonly delisting: Float64Array | undefined;
  private readonly perYear: number;
  private readonly refitDue: Uint8Array;
  private readonly rebalanceDue: Uint8Array;
  /** Whether the recorder keeps holdings, fits, evaluations and attribution (not a study's returns-only recorder). */
  private readonly detail: boolean;
  private readonly clock: StageClock;
  private readonly startNotices: EventRecord[];

  private readonly ledger: Ledger;
  private readonly firstValid: Int32Array;
  private readonly lastValid: Int32Array;
  private readonly orders: Order[] = [];
  private model: FactorModel | undefined;
  private marginCall: MarginCall | null = null;
  private investedAt = -1;
  private last: number;
  private infeasible = 0;
  private lastSignal: { bar: number; signal: Float64Array } | undefined;
  private readonly signalIcs: number[] = [];
  private readonly solveMs: number[] = [];
  private readonly dailyRows: DailyPerformanceRow[] = [];
  private readonly tally = new ReasonTally();
  private readonly fits = { attempted: 0, failed: 0 };
  private readonly counts = { due: 0, traded: 0, held: 0, skipped: 0 };
  private readonly turnoverSeen = { budgetedExecutions: 0, maxPlanned: 0, maxRealised: 0, overBudget: 0 };
  private readonly holdingPnl: Float64Array;
  /** The funding term among the holding costs, for expected funding in the objective. */
  private readonly funding: FundingCost | undefined;
  private readonly holdingBooked = new Map<string, number>();

  constructor(
    private readonly options: WalkForwardOptions,
    private readonly setup: WalkForwardSetup,
  ) {
    const { strategy, market } = options;
    const { panel } = setup;
    this.strategy = strategy;
    this.recorder = options.recorder;
    this.fitter = setup.fitter;
    this.riskFree = setup.fitter.riskFree;
    this.dates = panel.dates;
    this.assets = panel.assets;
    this.n = panel.assets.length;
    const dates = this.dates;
    const start = options.from === undefined ? 0 : dates.findIndex((d) => d >= (options.from as string));
    const endAfter = options.to === undefined ? dates.length : dates.findIndex((d) => d > (options.to as string));
    const end = (endAfter === -1 ? dates.length : endAfter) - 1;
    if (start === -1 || end < start) {
      throw new UsageError(`no dates to run between --from ${options.from ?? dates[0]} and --to ${options.to ?? dates[dates.length - 1]} (data: ${dates[0]} .. ${dates[dates.length - 1]})`);
    }
    this.start = start;
    this.end = end;
    this.last = end;
    this.close = panel.field('close');
    this.ret = panel.field('return');
    this.delisting = panel.hasField('delisting_return') ? panel.field('delisting_return') : undefined;
    this.perYear = barsPerYear(dates);
    this.refitDue = periodStarts(dates, strategy.model.refitEvery);
    this.rebalanceDue = periodStarts(dates, strategy.rebalance);
    this.detail = options.recorder.returnsOnly !== true;
    this.clock = new StageClock(options.observer);
    this.ledger = new Ledger(this.n, strategy.initialNav ?? 1_000_000);
    this.firstValid = new Int32Array(this.n).fill(-1);
    this.lastValid = new Int32Array(this.n).fill(-1);
    this.holdingPnl = new Float64Array(this.n);
    this.funding = setup.holdingCosts.find((h): h is FundingCost => h instanceof FundingCost);
    for (let t = 0; t < start; t++) this.noteValid(t);
    this.startNotices = [...(market.notices ?? []), ...setup.notices, ...riskFreeNotices(this.riskFree, dates, start, end)].map((detail) => ({ kind: 'data-notice', detail }));
  }

  async run(): Promise<WalkForwardResult> {
    for (let t = this.start; t <= this.end; t++) {
      this.clock.startBar();
      const bar = this.markToMarket(t);
      this.closeDelistedAndStale(bar);
      this.callMarginIfDue(bar);
      this.executeDueOrders(bar);
      const history = historyAt(this.setup, t);
      const attribution = this.attribute(bar, history);
      const stopped = this.marginCall !== null;
      const { fit, evaluation } = this.clock.time('fits', () => this.refitIfDue(bar, history, stopped));
      const rebalance = stopped || this.model === undefined || this.rebalanceDue[t] !== 1 ? undefined : await this.decideAt(bar, history, this.model);
      if (t === this.end || stopped) this.cancelOutstandingOrders(bar);
      this.recordBar(bar, { fit, evaluation, attribution, rebalance });
      this.options.onProgress?.(t - this.start + 1, this.end - this.start + 1, this.dates[t]);
      this.clock.endBar();
      if (stopped) {
        this.last = t;
        break;
      }
    }
    return this.result();
  }

  private noteValid(t: number): void {
    const { n, close } = this;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(close[t * n + i])) continue;
      if (this.firstValid[i] < 0) this.firstValid[i] = t;
      this.lastValid[i] = t;
    }
  }

  /**
   * Step 1: listings; cash interest on what cash held at the previous close (before the bar's
   * trades); holding costs on the book held over the bar, valued at the previous close; price moves.
   */
  private markToMarket(t: number): Bar {
    const { ledger, n } = this;
    this.noteValid(t);
    const navBefore = ledger.nav;
    const held = ledger.weights(navBefore);
    const heldAny = ledger.holdsPositions;
    const riskFreeReturn = this.riskFree === undefined || t === this.start ? 0 : this.riskFree.returns[t];
    const cashInterest = riskFreeReturn === 0 ? 0 : ledger.accrueCash(riskFreeReturn);
    const settled = this.settleHoldingCosts(t, heldAny);
    let holdingPnl = 0;
    for (const h of settled?.records ?? []) holdingPnl += h.pnl;
    const pnl = ledger.markToMarket(this.ret.subarray(t * n, (t + 1) * n)) + cashInterest + holdingPnl;
    const events = t === this.start ? this.startNotices : [];
    events.push(...(settled?.events ?? []));
    return { t, navBefore, held, heldAny, riskFreeReturn, cashInterest, pnl, holding: settled?.records, events, trades: [], cost: 0, turnover: 0 };
  }

  /** Each holding cost's realised charge on the book held over bar `t` (all computed on the same book), settled in cash. */
  private settleHoldingCosts(t: number, heldAny: boolean): { records: HoldingCostRecord[]; events: EventRecord[] } | undefined {
    const terms = this.setup.holdingCosts;
    if (terms.length === 0) return undefined;
    const { ledger, n, assets } = this;
    const book = { positions: ledger.positions, cash: ledger.cash };
    const perAsset = this.holdingPnl;
    const unpricedEvents: EventRecord[] = [];
    const records = terms.map((term): HoldingCostRecord => {
      if (!heldAny) return { name: term.name, pnl: 0, perAsset: [] };
      const unpriced = term.unpriced?.(book, t) ?? 0;
      if (unpriced > 0) unpricedEvents.push({ kind: 'holding-cost-unpriced', detail: `${term.name}: ${unpriced} position(s) owe it on ${this.dates[t]} but the data has no rate for them; charged 0` });
      const pnl = term.realised(book, t, perAsset);
      this.holdingBooked.set(term.name, (this.holdingBooked.get(term.name) ?? 0) + pnl);
      const rows: Array<{ asset: string; pnl: number; events: number }> = [];
      if (this.detail) for (let i = 0; i < n; i++) if (ledger.positions[i] !== 0 && perAsset[i] !== 0) rows.push({ asset: assets[i], pnl: perAsset[i], events: term.eventsAt(t, i) });
      return { name: term.name, pnl, perAsset: rows };
    });
    for (const r of records) ledger.settleCash(r.pnl);
    return { records, events: unpricedEvents };
  }

  /** Step 2: positions in delisted assets, or without a price for `MAX_STALE_BARS` bars, close at their last value. */
  private closeDelistedAndStale(bar: Bar): void {
    const { ledger, n, delisting, assets } = this;
    for (let i = 0; i < n; i++) {
      if (ledger.positions[i] === 0) continue;
      const delisted = delisting !== undefined && !Number.isNaN(delisting[bar.t * n + i]);
      const stale = bar.t - this.lastValid[i] >= MAX_STALE_BARS;
      if (!delisted && !stale) continue;
      const value = ledger.liquidate(i);
      bar.trades.push({ asset: assets[i], weight: -value / bar.navBefore, cost: 0, reason: delisted ? 'delisting' : 'stale' });
      bar.events.push({ kind: delisted ? 'delisting' : 'stale-liquidation', detail: `${assets[i]} closed at ${value.toFixed(2)}` });
    }
  }

  /** Step 3: equity at or below the maintenance margin liquidates the book at this close, cancels every order and stops the run. */
  private callMarginIfDue(bar: Bar): void {
    const { ledger, n, dates } = this;
    const maintenance = this.strategy.margin?.maintenance ?? 0;
    // One pass each for equity and gross exposure; a book with no positions has gross 0 and is never called.
    const equity = ledger.nav;
    const grossValue = ledger.grossValue;
    if (!(grossValue > 0 && equity <= maintenance * grossValue)) return;
    const closed = ledger.rebalance(this.assets, new Float64Array(n), new Uint8Array(n).fill(1), [LinearCost.uniform(n, costRate(this.strategy))]);
    for (const trade of closed.trades) bar.trades.push({ ...trade, reason: 'margin' });
    bar.cost = closed.cost;
    this.marginCall = { date: dates[bar.t], equity, grossValue, maintenance, navAfter: ledger.nav };
    bar.events.push({ kind: 'margin-call', detail: `equity ${equity.toFixed(2)} at or below ${maintenance} × gross exposure ${grossValue.toFixed(2)}: book liquidated at this close (cost ${closed.cost.toFixed(2)}, NAV after ${ledger.nav.toFixed(2)}); the run stops trading` });
    for (const o of this.orders.splice(0)) bar.events.push({ kind: 'order-unexecuted', detail: `order decided ${dates[o.decidedAt]} for ${dates[o.executeAt] ?? 'after the data'} cancelled by the margin call` });
  }

  /** Step 4: the orders due on this bar execute at its close, in order, in the assets that trade on it. */
  private executeDueOrders(bar: Bar): void {
    const { n, close, delisting, orders, turnoverSeen } = this;
    const t = bar.t;
    while (this.marginCall === null && orders.length > 0 && orders[0].executeAt === t) {
      const order = orders.shift() as Order;
      const tradable = new Uint8Array(n);
      for (let i = 0; i < n; i++) tradable[i] = Number.isNaN(close[t * n + i]) || (delisting !== undefined && !Number.isNaN(delisting[t * n + i])) ? 0 : 1;
      const executed = this.ledger.rebalance(this.assets, order.targets, tradable, order.tradingCosts);
      bar.trades.push(...executed.trades);
      bar.cost += executed.cost;
      bar.turnover += executed.turnover;
      if (order.budget !== undefined) {
        turnoverSeen.budgetedExecutions++;
        turnoverSeen.maxPlanned = Math.max(turnoverSeen.maxPlanned, order.plannedTurnover);
        turnoverSeen.maxRealised = Math.max(turnoverSeen.maxRealised, executed.turnover);
        if (executed.turnover > order.budget + 1e-9) turnoverSeen.overBudget++;
      }
    }
  }

  /** Step 5: the bar's return on the book held over it, split into the model's factors and specific return. */
  private attribute(bar: Bar, history: History): DayRecord['attribution'] {
    const { model, riskFree, ret, n } = this;
    if (!this.detail || model === undefined || !bar.heldAny) return undefined;
    const t = bar.t;
    // Under a risk-free rate the model explains excess returns; the rate's part is the cash interest.
    const barReturns = riskFree === undefined ? ret.subarray(t * n, (t + 1) * n) : ret.slice(t * n, (t + 1) * n).map((r) => r - riskFree.returns[t]);
    const split = attributeReturn(bar.held, barReturns, model.loadings, this.fitter.factorReturnsAt(history, model));
    const holding = bar.holding?.map((h) => ({ name: h.name, contribution: h.pnl / bar.navBefore }));
    return { factors: model.factors, contributions: split.contributions, specific: split.specific, ...definedFields({ holding }) };
  }

  /** Step 6: evaluate the model on the bars since its fit (at a refit and on the last bar), then refit when due; a failed fit keeps the previous model. */
  private refitIfDue(bar: Bar, history: History, stopped: boolean): { fit: FitRecord | undefined; evaluation: ModelEvaluation | undefined } {
    const t = bar.t;
    const refit = !stopped && (this.model === undefined || this.refitDue[t] === 1) && t + 1 >= this.fitter.warmupBars;
    const evaluation = this.detail && this.model !== undefined && (refit || t === this.end) ? evaluateSince(this.model, history, this.fitter) : undefined;
    if (!refit) return { fit: undefined, evaluation };
    let fit: FitRecord | undefined;
    this.fits.attempted++;
    try {
      this.model = this.fitter.fit(history, this.model);
      if (this.detail) fit = toFitRecord(this.model);
      for (const w of this.model.warnings) if (w.startsWith('collinearity')) bar.events.push({ kind: 'collinearity-warning', detail: w });
    } catch (err) {
      if (!(err instanceof ModelError)) throw err;
      this.fits.failed++;
      bar.events.push({ kind: 'fit-failed', detail: `${err.message}; ${this.model === undefined ? 'no model yet' : 'kept the previous model'}` });
    }
    this.fitter.prune(t);
    return { fit, evaluation };
  }

  /** Step 7: decide targets against the book the pending orders will leave, and queue them for `executionLagDays` bars later. */
  private async decideAt(bar: Bar, history: History, model: FactorModel): Promise<RebalanceRecord> {
    const { t } = bar;
    const { dates, orders, counts, n } = this;
    counts.due++;
    const nav = this.ledger.nav;
    const pending = orders[orders.length - 1];
    const current = pending === undefined ? this.ledger.weights(nav) : pending.targets;
    if (pending !== undefined) bar.events.push({ kind: 'order-chained', detail: `decided against the targets of the order decided ${dates[pending.decidedAt]}, still pending (due ${dates[pending.executeAt] ?? 'after the data'}); both execute, each on its own bar` });
    if (this.lastSignal !== undefined) this.signalIcs.push(this.scoreSignal(this.lastSignal, t));
    const { strategy, firstValid } = this;
    const params = this.options.params;
    const decision = await this.clock.timeAsync(
      'factors',
      () => decide({ strategy, history, model, current, nav, firstValid, solvers: this.options.solvers, barsPerYear: this.perYear, ...definedFields({ params, funding: this.funding }) }),
      (d) => ({ optimisation: d.optimiseMs }),
    );
    bar.events.push(...decision.events);
    const executeAt = t + (strategy.executionLagDays ?? 1);
    if (decision.targets !== undefined) {
      let emptyBook = true;
      for (let i = 0; i < n && emptyBook; i++) if (current[i] !== 0) emptyBook = false;
      orders.push({ decidedAt: t, executeAt, targets: decision.targets, tradingCosts: decision.tradingCosts, budget: emptyBook ? undefined : strategy.portfolio.limits.maxTurnover, plannedTurnover: decision.record.plannedTurnover });
    }
    this.lastSignal = decision.signal === undefined ? undefined : { bar: t, signal: decision.signal };
    const status = decision.record.status;
    if (status === 'optimal' || status === 'relaxed') {
      counts.traded++;
      this.solveMs.push(decision.record.solveMs);
    } else if (status === 'skipped') counts.skipped++;
    else counts.held++;
    if (status === 'infeasible' || status === 'failed') this.infeasible++;
    return { ...decision.record, executeDate: executeAt < dates.length ? dates[executeAt] : null };
  }

  /** Step 8: orders still queued after the last bar run will not execute; each is said. */
  private cancelOutstandingOrders(bar: Bar): void {
    const { dates } = this;
    for (const o of this.orders.splice(0)) bar.events.push({ kind: 'order-unexecuted', detail: `order decided ${dates[o.decidedAt]} is due ${o.executeAt < dates.length ? dates[o.executeAt] : 'after the data'}, after the last bar run (${dates[bar.t]}); not executed` });
  }

  /** Step 9: the bar's closing book, returns and records, to the recorder in one record. */
  private recordBar(bar: Bar, records: { fit: FitRecord | undefined; evaluation: ModelEvaluation | undefined; attribution: DayRecord['attribution']; rebalance: RebalanceRecord | undefined }): void {
    const { n, assets, model } = this;
    const nav = this.ledger.nav;
    const weights = this.ledger.weights(nav);
    let gross = 0;
    let net = 0;
    const holdings: Array<{ asset: string; weight: number }> = [];
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (w === 0) continue;
      gross += Math.abs(w);
      net += w;
      if (this.detail) holdings.push({ asset: assets[i], weight: w });
    }
    const { fit, evaluation, attribution, rebalance } = records;
    const day: DayRecord = {
      date: this.dates[bar.t],
      nav,
      grossReturn: bar.pnl / bar.navBefore,
      netReturn: nav / bar.navBefore - 1,
      cost: bar.cost,
      cashInterest: bar.cashInterest,
      riskFreeReturn: bar.riskFreeReturn,
      turnover: bar.turnover,
      grossExposure: gross,
      netExposure: net,
      predictedVol: model === undefined ? NaN : Math.sqrt(predictedVariance(model, weights)),
      holdings,
      trades: bar.trades,
      events: bar.events,
      ...definedFields({ fit, evaluation, attribution, rebalance, holdingCosts: bar.holding }),
    };
    this.clock.time('storage', () => this.recorder.recordDay(day));
    this.tally.note(bar.events);
    this.dailyRows.push({ nav, netReturn: day.netReturn, turnover: bar.turnover, cost: bar.cost, predictedVol: day.predictedVol, riskFree: bar.riskFreeReturn });
    if (this.investedAt < 0 && gross > 0) this.investedAt = bar.t;
  }

  /** Rank IC of a past signal against the assets' compounded returns from the bar after it to `t`. */
  private scoreSignal(past: { bar: number; signal: Float64Array }, t: number): number {
    const { ret, n } = this;
    return t > past.bar ? rankCorrelation(past.signal, compoundEach(ret.subarray((past.bar + 1) * n, (t + 1) * n), n, 1)) : NaN;
  }

  /** The summary over the invested period, the outcome and the per-year returns. */
  private result(): WalkForwardResult {
    const { start, last, investedAt, dailyRows, dates, tally, lastSignal } = this;
    const initialNav = this.strategy.initialNav ?? 1_000_000;
    // The statistics cover the invested period: from the first bar whose close held a position.
    const invested = investedAt < 0 ? [] : dailyRows.slice(investedAt - start);
    const navBefore = investedAt <= start ? initialNav : dailyRows[investedAt - start - 1].nav;
    const summary = this.clock.time('diagnostics', () =>
      summarizePerformance(invested, navBefore, this.perYear, { signalIcs: [...this.signalIcs, ...(lastSignal === undefined ? [] : [this.scoreSignal(lastSignal, last)])] }),
    );
    const budget = this.strategy.portfolio.limits.maxTurnover;
    const outcome: RunOutcome = {
      bars: last - start + 1,
      warmupBars: (investedAt < 0 ? last + 1 : investedAt) - start,
      investedFrom: investedAt < 0 ? null : dates[investedAt],
      modelWarmupBars: this.fitter.warmupBars,
      fits: this.fits,
      rebalances: this.counts,
      ordersUnexecuted: tally.reasons().find((r) => r.kind === 'order-unexecuted')?.count ?? 0,
      reasons: tally.reasons(),
      marginCall: this.marginCall,
      turnover: { budget: budget ?? null, ...this.turnoverSeen },
      dataNotices: this.startNotices.map((e) => e.detail),
      ...(this.setup.holdingCosts.length === 0 ? {} : { holdingCosts: Object.fromEntries(this.setup.holdingCosts.map((h) => [h.name, this.holdingBooked.get(h.name) ?? 0])) }),
    };
    const report = this.setup.report;
    return {
      summary,
      firstDate: dates[start],
      lastDate: dates[last],
      rebalances: this.counts.traded + this.counts.held,
      infeasibleRebalances: this.infeasible,
      outcome,
      byYear: investedAt < 0 ? [] : returnsByYear(dates.slice(investedAt, last + 1), invested.map((r) => r.netReturn)),
      dataFindings: Object.fromEntries(
        DATA_CHECKS.flatMap((c) => {
          const count = report.issues.filter((x) => x.check === c).length;
          return count === 0 ? [] : [[c, `${count} (${report.policies[c]})`]];
        }),
      ),
      solveMs: this.solveMs,
    };
  }
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
