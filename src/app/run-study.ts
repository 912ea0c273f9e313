import { availableParallelism } from 'node:os';
import type { Market } from '../core/panel.js';
import { UsageError } from '../core/errors.js';
import { barsPerYear } from '../data/calendar.js';
import { sharpeMoments } from '../diagnostics/sharpe-tests.js';
import { studyStats, type SelectionMetric, type StudyStats } from '../diagnostics/study-stats.js';
import type { LpSolver } from '../optimize/linear-program.js';
import type { Db } from '../store/open-database.js';
import { failStudy, finishStudy, startStudy } from '../store/study-store.js';
import type { LoadedStrategy } from '../strategy/load-strategy.js';
import { parameterGrid, walkForwardFolds, type Fold, type FoldSettings } from '../engine/folds.js';
import { codeVersion } from './code-version.js';
import { studyTasks, type TaskResult } from '../engine/study.js';
import { runStudyTasks } from './study-pool.js';
import { definedFields } from '../core/defined-fields.js';

export interface StudySettings extends FoldSettings {
  /** Worker threads (default 1: this thread). */
  readonly workers?: number;
  /** Blocks for the PBO's combinatorially symmetric cross-validation (default 8). */
  readonly pboBlocks?: number;
  /** In-sample selection metric (default `sharpe`). */
  readonly selectBy?: SelectionMetric;
  /** Share of a fold's train or test window that must be invested (default 0.5). */
  readonly minInvestedShare?: number;
}

/** Share of every train and test window that must be invested for a study to judge the fold. */
export const MIN_INVESTED_SHARE = 0.5;

export interface StudyResult {
  readonly studyId: number;
  readonly trials: ReadonlyArray<Readonly<Record<string, number | string>>>;
  readonly folds: readonly Fold[];
  readonly dates: readonly string[];
  readonly stats: StudyStats;
  /** Worker threads used: `workers` capped at the machine's cores and the number of tasks. */
  readonly workers: number;
  /** What the study changed from what was asked (a capped worker count), also stored in its settings. */
  readonly notices: readonly string[];
}

/**
 * A walk-forward study: every combination of the strategy's `params` (the
 * trials) is run on every fold's train window (in sample) and test window (out
 * of sample), each from an empty book; the best trial in sample is selected per
 * fold and its out-of-sample returns are stitched. Every task's returns, the
 * selections and the overfitting diagnostics are stored in SQLite. Results do
 * not depend on the number of workers.
 */
export async function runStudy(options: {
  readonly strategy: LoadedStrategy;
  readonly market: Market;
  readonly db: Db;
  readonly solvers: readonly LpSolver[];
  readonly settings: StudySettings;
  readonly onProgress?: (done: number, total: number) => void;
}): Promise<StudyResult> {
  const { strategy, market, db, settings } = options;
  const params = strategy.definition.params ?? {};
  const trials = parameterGrid(params);
  if (trials.length < 2) throw new UsageError(`${strategy.file}: a study needs at least two trials; give params more than one value (e.g. params: { lookbackDays: [60, 90, 120] })`);
  const dates = market.panel.dates;
  const folds = walkForwardFolds(dates.length, settings);
  const tasks = studyTasks(dates, folds, trials);
  const requested = settings.workers ?? 1;
  const workers = Math.max(1, Math.min(requested, availableParallelism(), tasks.length));
  const notices = workers < requested ? [`--workers ${requested} capped at ${workers}: this machine has ${availableParallelism()} cores and the study ${tasks.length} tasks; more threads would only add memory`] : [];
  const studyId = startStudy(db, {
    strategy: strategy.definition.name,
    strategyFile: strategy.file,
    sourceHash: strategy.sourceHash,
    dataSource: market.source,
    dataFingerprint: market.fingerprint,
    codeVersion: codeVersion(),
    settings: { ...settings, workersUsed: workers, notices, folds: folds.map((f) => ({ ...f, trainFrom: dates[f.trainStart], trainTo: dates[f.trainEnd], testFrom: dates[f.testStart], testTo: dates[f.testEnd] })), trials },
  });
  try {
    const results: TaskResult[] = await runStudyTasks(tasks, {
      workers,
      strategyFile: strategy.file,
      dataPath: market.source,
      local: { strategy: strategy.definition, market, solvers: options.solvers },
      ...definedFields({ onProgress: options.onProgress }),
    });
    const perYear = barsPerYear(dates);
    const { inSample, outOfSample } = investedGrids(results, trials, folds, dates, settings.minInvestedShare ?? MIN_INVESTED_SHARE);
    const stats = studyStats(inSample, outOfSample, perYear, settings.pboBlocks ?? 8, settings.selectBy ?? 'sharpe');
    finishStudy(db, studyId, results, results.map((r) => sharpeMoments(r.returns.slice(r.investedFrom)).sharpe * Math.sqrt(perYear)), stats);
    return { studyId, trials, folds, dates, stats, workers, notices };
  } catch (err) {
    failStudy(db, studyId, err);
    throw err;
  }
}

/**
 * The returns the study's statistics read: each trial's train window from its
 * own first invested bar (its in-sample score is over the invested period), and
 * every trial's test window from the fold's latest first invested bar (so the
 * out-of-sample matrix of the PBO is rectangular and all trials are compared
 * on the same bars).
 * @throws UsageError naming the fold, window, trial and fix when a window is invested for less than `minShare` of its bars
 */
function investedGrids(
  results: readonly TaskResult[],
  trials: ReadonlyArray<Readonly<Record<string, number | string>>>,
  folds: readonly Fold[],
  dates: readonly string[],
  minShare: number,
): { inSample: number[][][]; outOfSample: number[][][] } {
  const find = (trial: number, fold: number, sample: 'in' | 'out'): TaskResult => {
    const r = results.find((x) => x.task.trial === trial && x.task.fold === fold && x.task.sample === sample);
    if (r === undefined) throw new Error(`study task (trial ${trial}, fold ${fold}, ${sample} of sample) returned no result`);
    return r;
  };
  const refuse = (f: Fold, sample: 'in' | 'out', trial: number, r: TaskResult, invested: number): never => {
    const [from, to, fix] = sample === 'in' ? [f.trainStart, f.trainEnd, '--train-days (a longer train window)'] : [f.testStart, f.testEnd, '--folds or --test-days (longer test windows)'];
    throw new UsageError(
      `study: fold ${f.index + 1}'s ${sample === 'in' ? 'train' : 'test'} window ${dates[from]} .. ${dates[to]} (${r.returns.length} bars) has ${invested} invested bars for trial ${trial + 1} (${JSON.stringify(trials[trial])}); a window needs ${Math.round(minShare * 100)}% of its bars invested to be judged. Use ${fix}, or a shorter warm-up (model.windowDays, universe.minHistoryDays)`,
    );
  };
  const inSample = trials.map((_, n) =>
    folds.map((f) => {
      const r = find(n, f.index, 'in');
      const invested = r.returns.length - r.investedFrom;
      if (invested < minShare * r.returns.length) refuse(f, 'in', n, r, invested);
      return r.returns.slice(r.investedFrom);
    }),
  );
  const outOfSample: number[][][] = trials.map(() => []);
  for (const f of folds) {
    const rows = trials.map((_, n) => find(n, f.index, 'out'));
    const from = Math.max(...rows.map((r) => r.investedFrom));
    rows.forEach((r, n) => {
      if (r.returns.length - from < minShare * r.returns.length) refuse(f, 'out', n, r, r.returns.length - r.investedFrom);
      outOfSample[n].push(r.returns.slice(from));
    });
  }
  return { inSample, outOfSample };
}
