import type { Market } from '../core/panel.js';
import type { LpSolver } from '../optimize/linear-program.js';
import type { StrategyDefinition } from '../strategy/define-strategy.js';
import type { DayRecord, Recorder } from './recorder.js';
import { runWalkForward } from './walk-forward.js';
import type { Fold } from './folds.js';

/** One unit of study work: a parameter combination on one window. */
export interface StudyTask {
  readonly trial: number;
  readonly params: Readonly<Record<string, number | string>>;
  readonly fold: number;
  readonly sample: 'in' | 'out';
  readonly from: string;
  readonly to: string;
}

export interface TaskResult {
  readonly task: StudyTask;
  readonly dates: readonly string[];
  /** Daily net returns of the window (warm-up included), in excess of the risk-free return when the strategy names a rate. */
  readonly returns: readonly number[];
  /** Index into `returns` of the first bar whose close held a position (`returns.length`: none did). */
  readonly investedFrom: number;
}

/** Keeps only each bar's date and excess net return, and the first bar that held a position. */
class ReturnsRecorder implements Recorder {
  readonly returnsOnly = true;
  readonly dates: string[] = [];
  readonly returns: number[] = [];
  investedFrom = -1;

  recordDay(day: DayRecord): void {
    if (this.investedFrom < 0 && day.grossExposure > 0) this.investedFrom = this.returns.length;
    this.dates.push(day.date);
    this.returns.push(day.netReturn - day.riskFreeReturn);
  }
}

/** Run one study task: the strategy with the trial's parameters, from an empty book, over the window. */
export async function runStudyTask(strategy: StrategyDefinition, market: Market, solvers: readonly LpSolver[], task: StudyTask): Promise<TaskResult> {
  const recorder = new ReturnsRecorder();
  await runWalkForward({ strategy, market, solvers, recorder, from: task.from, to: task.to, params: task.params });
  return { task, dates: recorder.dates, returns: recorder.returns, investedFrom: recorder.investedFrom < 0 ? recorder.returns.length : recorder.investedFrom };
}

/** Every task of a study: each trial on each fold's train (in-sample) and test (out-of-sample) window. */
export function studyTasks(dates: readonly string[], folds: readonly Fold[], trials: ReadonlyArray<Readonly<Record<string, number | string>>>): StudyTask[] {
  return trials.flatMap((params, trial) =>
    folds.flatMap((f) => [
      { trial, params, fold: f.index, sample: 'in' as const, from: dates[f.trainStart], to: dates[f.trainEnd] },
      { trial, params, fold: f.index, sample: 'out' as const, from: dates[f.testStart], to: dates[f.testEnd] },
    ]),
  );
}
