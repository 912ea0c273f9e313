import { codeVersion } from './code-version.js';
import { EmptyRunError, UsageError } from '../core/errors.js';
import type { Market } from '../core/panel.js';
import type { LpSolver } from '../optimize/linear-program.js';
import type { Db } from '../store/open-database.js';
import { readRunSource } from '../store/run-source.js';
import { SqliteRecorder, type WriterMode } from '../store/sqlite-recorder.js';
import type { LoadedStrategy } from '../strategy/load-strategy.js';
import { nothingTradedCause } from '../engine/run-outcome.js';
import type { StageObserver } from '../engine/stage-clock.js';
import { runWalkForward, type WalkForwardResult } from '../engine/walk-forward.js';
import { definedFields } from '../core/defined-fields.js';

export interface RunStrategyOptions {
  readonly strategy: LoadedStrategy;
  readonly market: Market;
  readonly db: Db;
  readonly solvers: readonly LpSolver[];
  readonly from?: string;
  readonly to?: string;
  readonly onProgress?: (done: number, total: number, date: string) => void;
  /** Told the wall time of each stage, finishing the run's record included in `storage` (benchmarks: pass a `StageTotals`). */
  readonly observer?: StageObserver;
  /** Where the bars are written: a writer thread (default for a database file) or this thread's connection. */
  readonly writer?: WriterMode;
}

/** How a run's bars were written: by a writer thread or on the caller's connection, and SQLite's time executing them. */
export interface StorageReport {
  readonly writer: WriterMode;
  /** On a writer thread this overlaps the engine's work; on the caller's connection it is part of the storage stage. */
  readonly writerMs: number;
}

export interface ResumeRunOptions {
  readonly runId: number;
  readonly db: Db;
  readonly solvers: readonly LpSolver[];
  readonly onProgress?: (done: number, total: number, date: string) => void;
  readonly writer?: WriterMode;
}

/**
 * Continue an interrupted run (status `running`) from its last whole day. The
 * run is replayed deterministically from its first bar with the same strategy
 * source and data (both checked against the recorded hash and fingerprint);
 * stored days are verified against their NAV rather than rewritten, and the
 * remaining days are written as in an uninterrupted run.
 * @throws UsageError when the run cannot be resumed or its strategy or data changed
 */
export async function resumeStrategy(strategy: LoadedStrategy, market: Market, options: ResumeRunOptions): Promise<WalkForwardResult & { runId: number; replayedDays: number }> {
  const { db, runId } = options;
  const source = readRunSource(db, runId);
  if (source.sourceHash !== strategy.sourceHash) throw new UsageError(`run ${runId}: ${strategy.file} changed since the run started (source hash ${source.sourceHash.slice(0, 12)}… → ${strategy.sourceHash.slice(0, 12)}…); start a new run instead`);
  if (source.dataFingerprint !== market.fingerprint) throw new UsageError(`run ${runId}: the data at ${market.source} changed since the run started (fingerprint ${source.dataFingerprint.slice(0, 12)}… → ${market.fingerprint.slice(0, 12)}…); start a new run instead`);
  const recorder = SqliteRecorder.resume(db, runId, options.writer === undefined ? {} : { writer: options.writer });
  try {
    const result = await runWalkForward({
      strategy: strategy.definition,
      market,
      solvers: options.solvers,
      recorder,
      ...definedFields({ from: source.from, to: source.to, onProgress: options.onProgress }),
    });
    finishOrRefuse(recorder, result);
    return { ...result, runId, replayedDays: recorder.storedDays };
  } catch (err) {
    if (!(err instanceof EmptyRunError)) recorder.fail(err);
    throw err;
  }
}

/**
 * Run a loaded strategy and record it: the run row first (status `running`),
 * the bars in transactions of whole bars (on a writer thread for a database
 * file), then the summary and status `finished`, or status `failed` with the
 * error if the run throws.
 */
export async function runStrategy(options: RunStrategyOptions): Promise<WalkForwardResult & { runId: number; storage: StorageReport }> {
  const { strategy, market, db } = options;
  const def = strategy.definition;
  const recorder = SqliteRecorder.start(db, {
    strategy: def.name,
    strategyFile: strategy.file,
    sourceHash: strategy.sourceHash,
    config: { ...JSON.parse(JSON.stringify(def)), from: options.from ?? null, to: options.to ?? null, solvers: options.solvers.map((s) => s.name) },
    dataSource: market.source,
    dataFingerprint: market.fingerprint,
    codeVersion: codeVersion(),
  }, options.writer === undefined ? {} : { writer: options.writer });
  try {
    const result = await runWalkForward({
      strategy: def,
      market,
      solvers: options.solvers,
      recorder,
      ...definedFields({ from: options.from, to: options.to, onProgress: options.onProgress, observer: options.observer }),
    });
    const finishStarted = performance.now();
    finishOrRefuse(recorder, result);
    options.observer?.add('storage', performance.now() - finishStarted);
    return { ...result, runId: recorder.runId, storage: { writer: recorder.threaded ? 'thread' : 'direct', writerMs: recorder.writerMs } };
  } catch (err) {
    if (!(err instanceof EmptyRunError)) recorder.fail(err);
    throw err;
  }
}

/**
 * Store a run's summary and outcome and mark it finished; a run that never
 * held a position is marked failed instead, with the cause, and raises
 * `EmptyRunError` (its bars stay stored).
 */
function finishOrRefuse(recorder: SqliteRecorder, result: WalkForwardResult): void {
  if (result.outcome.investedFrom !== null) {
    recorder.finish(result.summary, result.byYear, result.outcome);
    return;
  }
  const err = new EmptyRunError(`the run never held a position over ${result.firstDate} .. ${result.lastDate}: ${nothingTradedCause(result.outcome, `${result.firstDate} .. ${result.lastDate}`)}`);
  recorder.fail(err, result.outcome);
  throw err;
}
