import { existsSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { loadMarket } from '../data/load-market.js';
import { resumeStrategy, runStrategy } from '../app/run-strategy.js';
import type { RunOutcome } from '../engine/run-outcome.js';
import type { WalkForwardResult } from '../engine/walk-forward.js';
import { BACKENDS, backendsFrom, createSolvers, isBackendName } from '../optimize/backends.js';
import type { LpSolver } from '../optimize/linear-program.js';
import { openDatabase } from '../store/open-database.js';
import { readRunSource } from '../store/run-source.js';
import { loadStrategy } from '../strategy/load-strategy.js';
import type { StrategyDefinition } from '../strategy/define-strategy.js';
import type { Market } from '../core/panel.js';
import { dateFlag } from './flags.js';
import { fixed, percent } from '../core/format-number.js';
import { progressReporter, table } from './format.js';
import { definedFields } from '../core/defined-fields.js';

export interface RunCommandOptions {
  /** Required unless `resume` is given. */
  readonly strategyFile?: string;
  /** Id of an interrupted run to continue (its strategy, data and period are the recorded ones). */
  readonly resume?: string;
  readonly data: string;
  readonly db: string;
  readonly from?: string;
  readonly to?: string;
  readonly backend?: string;
  readonly json: boolean;
  readonly quiet: boolean;
}

/** `factorlab run`: load, run, record, print the summary. */
export async function runCommand(options: RunCommandOptions): Promise<void> {
  dateFlag('--from', options.from);
  dateFlag('--to', options.to);
  const started = performance.now();
  if (options.resume !== undefined) {
    const runId = Number(options.resume);
    if (!/^\d+$/.test(options.resume) || runId <= 0) throw new UsageError(`--resume '${options.resume}' must be a run id (factorlab runs lists them)`);
    if (!existsSync(options.db)) throw new UsageError(`database '${options.db}' not found; --resume needs the --db the run was recorded in`);
    const db = openDatabase(options.db);
    try {
      const source = readRunSource(db, runId);
      const recordedBackend = source.solvers[0];
      const solvers = await makeSolvers(options.backend ?? recordedBackend ?? 'dual-simplex');
      const market = loadMarket(source.dataSource);
      const strategy = await loadStrategy(source.strategyFile, market.series.names);
      const result = await resumeStrategy(strategy, market, {
        runId,
        db,
        solvers,
        ...(options.quiet || options.json ? {} : { onProgress: progressReporter(strategy.definition.name) }),
      });
      report(options, strategy.definition.name, result, started, `resumed after ${result.replayedDays} stored days`, fundingNotice(strategy.definition, market));
    } finally {
      db.close();
    }
    return;
  }
  if (options.strategyFile === undefined) throw new UsageError('run needs a strategy file (or --resume <run id>): factorlab run strategies/momentum-neutral.ts');
  if (!existsSync(options.strategyFile)) throw new UsageError(`strategy file '${options.strategyFile}' not found`);
  const solvers = await makeSolvers(options.backend ?? 'dual-simplex');
  const market = loadMarket(options.data);
  const strategy = await loadStrategy(options.strategyFile, market.series.names);
  const db = openDatabase(options.db);
  try {
    const result = await runStrategy({
      strategy,
      market,
      db,
      solvers,
      ...definedFields({ from: options.from, to: options.to }),
      ...(options.quiet || options.json ? {} : { onProgress: progressReporter(strategy.definition.name) }),
    });
    report(options, strategy.definition.name, result, started, 'recorded', fundingNotice(strategy.definition, market));
  } finally {
    db.close();
  }
}

/** Print a finished run's summary table (or JSON). */
function report(options: RunCommandOptions, name: string, result: WalkForwardResult & { runId: number }, started: number, verb: string, extraNotices: readonly string[]): void {
  const wallSeconds = (performance.now() - started) / 1000;
  const solve = [...result.solveMs].sort((a, b) => a - b);
  const solveStats = {
    solves: solve.length,
    meanMs: solve.length > 0 ? solve.reduce((a, b) => a + b, 0) / solve.length : NaN,
    medianMs: solve.length > 0 ? solve[Math.floor(solve.length / 2)] : NaN,
    maxMs: solve.length > 0 ? solve[solve.length - 1] : NaN,
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ runId: result.runId, db: options.db, notices: extraNotices, firstDate: result.firstDate, lastDate: result.lastDate, investedFrom: result.outcome.investedFrom, outcome: result.outcome, summary: result.summary, rebalances: result.rebalances, infeasibleRebalances: result.infeasibleRebalances, dataFindings: result.dataFindings, byYear: result.byYear, lpSolve: solveStats, wallSeconds }, null, 2)}\n`);
    return;
  }
  const s = result.summary;
  const o = result.outcome;
  const rows: string[][] = [
    ['Invested period (statistics)', `${o.investedFrom ?? 'none'} .. ${result.lastDate} (${s.days} bars, ${s.barsPerYear}/year)`],
    ['Run period (warm-up not counted)', `${result.firstDate} .. ${result.lastDate} (${o.bars} bars, ${o.warmupBars} of warm-up)`],
    ['Annualised return', percent(s.annualReturn)],
    ['Annualised volatility', percent(s.annualVolatility)],
    ['Sharpe ratio', fixed(s.sharpe)],
    ['Max drawdown (bars under water)', `${percent(s.maxDrawdown)} (${s.maxDrawdownBars})`],
    ['Sortino / Calmar', `${fixed(s.sortino)} / ${fixed(s.calmar)}`],
    ['Skewness / excess kurtosis', `${fixed(s.skewness)} / ${fixed(s.excessKurtosis)}`],
    ['1-bar 95% VaR / ES / Cornish-Fisher VaR', `${percent(s.var95)} / ${percent(s.expectedShortfall95)} / ${percent(s.cornishFisherVar95)}`],
    ['Signal IC (t-stat) / book bias statistic', `${fixed(s.signalIc, 3)} (${fixed(s.signalIcTStat)}) / ${fixed(s.bookBiasStatistic)}`],
    ['PSR (Sharpe > 0) / min track record', `${fixed(s.probabilisticSharpe, 4)} / ${Number.isFinite(s.minTrackRecordBars) ? `${Math.ceil(s.minTrackRecordBars)} bars` : 'n/a'}`],
    ['Return by year', result.byYear.map((y) => `${y.year} ${percent(y.return, 1)}`).join(', ')],
    ['Average turnover / rebalance', percent(s.averageTurnover)],
    ...(o.turnover.budget === null ? [] : [['Turnover budget / realised max', `${percent(o.turnover.budget)} / ${percent(o.turnover.maxRealised)}: ${o.turnover.overBudget} of ${o.turnover.budgetedExecutions} executions above (planned max ${percent(o.turnover.maxPlanned)}; see docs/optimizer.md)`]]),
    ['Total cost (of initial NAV)', percent(s.totalCost)],
    ...Object.entries(o.holdingCosts ?? {}).map(([name, pnl]) => [`${name[0].toUpperCase()}${name.slice(1)} P&L (received +, currency)`, pnl.toFixed(2)]),
    ['Rebalances traded / held / skipped', `${o.rebalances.traded} / ${o.rebalances.held} / ${o.rebalances.skipped} of ${o.rebalances.due}`],
    ['LP solve ms (mean / median / max)', `${fixed(solveStats.meanMs, 1)} / ${fixed(solveStats.medianMs, 1)} / ${fixed(solveStats.maxMs, 1)}`],
    ['Data findings (policy)', Object.entries(result.dataFindings).map(([c, v]) => `${c} ${v}`).join(', ') || 'none'],
  ];
  const notices = [...outcomeNotices(o), ...extraNotices];
  const lead = notices.length === 0 ? '' : `${notices.map((line) => `! ${line}`).join('\n')}\n\n`;
  process.stdout.write(`\n${name}: run ${result.runId} ${verb} in ${options.db} (${wallSeconds.toFixed(1)} s)\n\n${lead}${table(['Metric', 'Value'], rows, true)}\n`);
}

/** Says so when the data has funding rates (a column or funding.csv) the strategy does not book: its positions then earn price returns only. */
function fundingNotice(strategy: StrategyDefinition, market: Market): string[] {
  if (strategy.costs?.funding !== undefined) return [];
  const sources = [...(market.panel.hasField('funding_rate') ? ["'funding_rate'"] : []), ...(market.funding === undefined ? [] : [market.funding.file])];
  return sources.length === 0 ? [] : [`the data has ${sources.join(' and ')} but the strategy sets no costs.funding: its positions earn price returns only and no funding is booked (docs/strategies.md, "Funding")`];
}

/** The backends from the first one named, the others after it as fallbacks (`backendsFrom`). */
async function makeSolvers(first: string): Promise<LpSolver[]> {
  if (!isBackendName(first)) throw new UsageError(`--backend '${first}' must be one of ${BACKENDS.join(', ')}`);
  return createSolvers(backendsFrom(first));
}

/** The lines that lead a summary when part of a run did not work: counts first, then the most frequent reasons. */
export function outcomeNotices(o: RunOutcome): string[] {
  const lines: string[] = [];
  if (o.marginCall !== null) {
    const m = o.marginCall;
    lines.push(`margin call on ${m.date}: equity ${m.equity.toFixed(2)} at or below ${m.maintenance} × gross ${m.grossValue.toFixed(2)}; the book was liquidated (NAV after ${m.navAfter.toFixed(2)}) and the run stopped there`);
  }
  for (const notice of o.dataNotices) lines.push(`data: ${notice}`);
  if (o.fits.failed > 0) lines.push(`fits failed: ${o.fits.failed} of ${o.fits.attempted}`);
  if (o.rebalances.skipped + o.rebalances.held > 0) lines.push(`rebalances skipped: ${o.rebalances.skipped}, held: ${o.rebalances.held}, of ${o.rebalances.due}`);
  if (o.ordersUnexecuted > 0) lines.push(`orders not executed: ${o.ordersUnexecuted}`);
  if (lines.length === 0 || lines.every((l) => l.startsWith('data: '))) return lines;
  for (const r of o.reasons.slice(0, 3)) lines.push(`  ${r.kind} ×${r.count}, first: ${r.example.length > 160 ? `${r.example.slice(0, 160)}…` : r.example}`);
  return lines;
}
