import type { Market } from '../core/panel.js';
import { UsageError } from '../core/errors.js';
import { barsPerYear } from '../data/calendar.js';
import { sharpeMoments } from '../diagnostics/sharpe-tests.js';
import { studyStats, type SelectionMetric, type StudyStats } from '../diagnostics/study-stats.js';
import type { LpSolver } from '../optimize/linear-program.js';
import type { Db } from '../store/open-database.js';
import { failStudy, finishStudy, startStudy } from '../store/study-store.js';
import type { LoadedStrategy } from '../strategy/load-strategy.js';
import { parameterGrid, walkForwardFolds, type Fold, type FoldSettings } from './folds.js';
import { codeVersion } from './run-strategy.js';
import { studyTasks, type TaskResult } from './study.js';
import { runStudyTasks } from './study-pool.js';

export interface StudySettings extends FoldSettings {
  /** Worker threads (default 1: this thread). */
  readonly workers?: number;
  /** Blocks for the PBO's combinatorially symmetric cross-validation (default 8). */
  readonly pboBlocks?: number;
  /** In-sample selection metric (default `sharpe`). */
  readonly selectBy?: SelectionMetric;
}

export interface StudyResult {
  readonly studyId: number;
  readonly trials: ReadonlyArray<Readonly<Record<string, number | string>>>;
  readonly folds: readonly Fold[];
  readonly dates: readonly string[];
  readonly stats: StudyStats;
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
  const studyId = startStudy(db, {
    strategy: strategy.definition.name,
    strategyFile: strategy.file,
    sourceHash: strategy.sourceHash,
    dataSource: market.source,
    dataFingerprint: market.fingerprint,
    codeVersion: codeVersion(),
    settings: { ...settings, folds: folds.map((f) => ({ ...f, trainFrom: dates[f.trainStart], trainTo: dates[f.trainEnd], testFrom: dates[f.testStart], testTo: dates[f.testEnd] })), trials },
  });
  try {
    const tasks = studyTasks(dates, folds, trials);
    const results: TaskResult[] = await runStudyTasks(tasks, {
      workers: settings.workers ?? 1,
      strategyFile: strategy.file,
      dataPath: market.source,
      local: { strategy: strategy.definition, market, solvers: options.solvers },
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
    const perYear = barsPerYear(dates);
    const grid = (sample: 'in' | 'out'): number[][][] => trials.map((_, n) => folds.map((f) => results.find((r) => r.task.trial === n && r.task.fold === f.index && r.task.sample === sample)?.returns.slice() ?? []));
    const stats = studyStats(grid('in'), grid('out'), perYear, settings.pboBlocks ?? 8, settings.selectBy ?? 'sharpe');
    finishStudy(db, studyId, results, results.map((r) => sharpeMoments(r.returns).sharpe * Math.sqrt(perYear)), stats);
    return { studyId, trials, folds, dates, stats };
  } catch (err) {
    failStudy(db, studyId, err);
    throw err;
  }
}
