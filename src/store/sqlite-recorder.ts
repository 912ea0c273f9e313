import { undefinedReason, type PerformanceSummary } from '../diagnostics/performance.js';
import type { QualityReport } from '../data/check-quality.js';
import type { DayRecord, Recorder } from '../engine/recorder.js';
import type { RunOutcome } from '../engine/run-outcome.js';
import { UsageError } from '../core/errors.js';
import { BatchInsert } from './batch-insert.js';
import { CONNECTION_PRAGMAS, type Db } from './open-database.js';
import type { Provenance } from './provenance.js';
import { DirectChannel, type SqlChannel } from './sql-channel.js';
import { prepareFitWriter, real } from './write-fit.js';
import { WriterThread, WriterThreadError } from './writer-thread.js';

/**
 * Bars per transaction: one commit per bar cost 0.6 s of the N = 1000 scale
 * study (the same B-tree pages rewritten to the WAL 3,650 times); 32 bars hold
 * the write lock for tens of milliseconds at most.
 */
export const BARS_PER_COMMIT = 32;

export interface RunMetadata extends Provenance {
  readonly config: unknown;
}


/** How a recorder writes its bars: on a writer thread's own connection (the default for a database file), or on the caller's. */
export type WriterMode = 'thread' | 'direct';

export interface RecorderOptions {
  /** Default `thread` for a database file; an in-memory database is always written `direct`. */
  readonly writer?: WriterMode;
}

/**
 * Writes one run. The run row is created with status `running`. Bars are
 * committed `BARS_PER_COMMIT` at a time, whole bars per transaction, so a crash
 * never leaves half a bar and loses at most the bars since the last commit
 * (`--resume` recomputes them); their rows go through prepared multi-row
 * inserts (`BatchInsert`). With a writer thread (`WriterThread`) the
 * transactions are written on another core while the engine computes the next
 * bars; `finish`, `fail` and `recordDataQuality` wait for them before writing
 * on the caller's connection. `finish` and `fail` commit what is pending and
 * close the run.
 * A run whose process dies stays `running`, i.e. not finished.
 */
export class SqliteRecorder implements Recorder {
  readonly runId: number;
  private readonly db: Db;
  private readonly channel: SqlChannel;
  /** Queue one bar's rows on the channel (encoded at once, so the day record can be collected). */
  private readonly queueDay: (day: DayRecord) => void;
  /** Commit the queued bars as one transaction. */
  private readonly commitQueued: () => void;
  /** The dates of the first and last bar queued for the next commit, and how many. */
  private queued: { first: string; last: string; bars: number } | undefined;
  /** The bars of each transaction committed so far (`first..last`), to name the ones a writer thread could not write. */
  private readonly committed: string[] = [];
  /** When resuming: the NAV stored for each whole day already written (those days are replayed, not rewritten). */
  private readonly storedNav: ReadonlyMap<string, number>;

  private constructor(db: Db, runId: number, options: RecorderOptions, storedNav: ReadonlyMap<string, number> = new Map()) {
    this.db = db;
    this.runId = runId;
    this.storedNav = storedNav;
    // A writer appends at the right edge of each B-tree: 2 MB of page cache serve it as well as the 16 MB default.
    const cache = 'cache_size = -2000';
    const threaded = (options.writer ?? 'thread') === 'thread' && !db.memory;
    if (!threaded) db.pragma(cache);
    const channel: SqlChannel = threaded ? new WriterThread(db, [...CONNECTION_PRAGMAS, cache]) : new DirectChannel(db);
    this.channel = channel;
    const insertDaily = channel.statement('INSERT INTO daily VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)');
    const holdings = new BatchInsert(channel, 'INSERT INTO holdings VALUES', 4);
    const trades = new BatchInsert(channel, 'INSERT INTO trades VALUES', 6);
    const insertRebalance = channel.statement(
      `INSERT INTO rebalances (run_id, date, execute_date, status, backend, solve_ms, objective, universe, planned_turnover, predicted_vol, relaxed_json, vol_scale, duality_gap)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    const targets = new BatchInsert(channel, 'INSERT INTO targets VALUES', 4);
    const fits = prepareFitWriter(channel);
    const attribution = new BatchInsert(channel, 'INSERT INTO attribution VALUES', 4);
    const events = new BatchInsert(channel, 'INSERT INTO events VALUES', 4);
    const holdingCosts = new BatchInsert(channel, 'INSERT INTO holding_costs VALUES', 6);
    const batches = [holdings, trades, targets, attribution, events, holdingCosts, ...fits.batches];
    const setLastDate = channel.statement('UPDATE runs SET last_date = ?, first_date = coalesce(first_date, ?) WHERE id = ?');
    const writeOne = (day: DayRecord): void => {
      const { date } = day;
      channel.run(insertDaily, [runId, date, day.nav, day.grossReturn, day.netReturn, day.cost, day.turnover, day.grossExposure, day.netExposure, real(day.predictedVol), day.holdings.length, day.cashInterest, day.holdingCosts === undefined ? null : day.holdingCosts.reduce((sum, h) => sum + h.pnl, 0)]);
      for (const h of day.holdings) holdings.add(runId, date, h.asset, h.weight);
      for (const tr of day.trades) trades.add(runId, date, tr.asset, tr.weight, tr.cost, tr.reason);
      for (const e of day.events) events.add(runId, date, e.kind, e.detail);
      const rb = day.rebalance;
      if (rb !== undefined) {
        channel.run(insertRebalance, [runId, date, rb.executeDate, rb.status, rb.backend, rb.solveMs, real(rb.objective), rb.universe, rb.plannedTurnover, real(rb.predictedVol), JSON.stringify(rb.relaxed), real(rb.volScale), real(rb.dualityGap)]);
        for (const tg of rb.targets) targets.add(runId, date, tg.asset, tg.weight);
      }
      if (day.fit !== undefined) fits.fit(runId, date, day.fit);
      if (day.evaluation !== undefined) fits.evaluation(runId, day.evaluation);
      if (day.attribution !== undefined) {
        const a = day.attribution;
        for (let k = 0; k < a.factors.length; k++) attribution.add(runId, date, a.factors[k], a.contributions[k]);
        attribution.add(runId, date, 'specific', a.specific);
        for (const h of a.holding ?? []) attribution.add(runId, date, h.name, h.contribution);
      }
      for (const h of day.holdingCosts ?? []) {
        // A charge on cash (financing) has no asset: one row under '(cash)'.
        if (h.perAsset.length === 0 && h.pnl !== 0) holdingCosts.add(runId, date, h.name, '(cash)', h.pnl, null);
        for (const f of h.perAsset) holdingCosts.add(runId, date, h.name, f.asset, f.pnl, real(f.events));
      }
    };
    this.queueDay = (day) => {
      writeOne(day);
      this.queued = { first: this.queued?.first ?? day.date, last: day.date, bars: (this.queued?.bars ?? 0) + 1 };
    };
    // Rows of all the bars share the batched statements; the run's dates move once per commit.
    this.commitQueued = () => {
      const queued = this.queued;
      if (queued === undefined) return;
      this.queued = undefined;
      try {
        for (const batch of batches) batch.flush();
        channel.run(setLastDate, [queued.last, queued.first, runId]);
        this.committed.push(`${queued.first}..${queued.last}`);
        channel.commit();
      } catch (err) {
        // The transaction was not written: rows still buffered belong to it.
        for (const batch of batches) batch.discard();
        throw this.storageError(err);
      }
    };
  }

  /** Create the run row (status `running`) and return a recorder for it. */
  static start(db: Db, meta: RunMetadata, options: RecorderOptions = {}): SqliteRecorder {
    const info = db
      .prepare(
        `INSERT INTO runs (strategy, strategy_file, source_hash, config_json, data_source, data_fingerprint, code_version, status, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?)`,
      )
      .run(meta.strategy, meta.strategyFile, meta.sourceHash, JSON.stringify(meta.config), meta.dataSource, meta.dataFingerprint, meta.codeVersion, new Date().toISOString());
    return new SqliteRecorder(db, Number(info.lastInsertRowid), options);
  }

  /**
   * Reopen run `runId` to continue it: days already stored are replayed by the
   * engine and checked against the stored NAV instead of written again.
   * @throws UsageError when the run does not exist or is not an unfinished (`running`) run
   */
  static resume(db: Db, runId: number, options: RecorderOptions = {}): SqliteRecorder {
    const run = db.prepare('SELECT status FROM runs WHERE id = ?').get(runId) as { status: string } | undefined;
    if (run === undefined) throw new UsageError(`run ${runId} is not in this database (factorlab runs lists them)`);
    if (run.status !== 'running') throw new UsageError(`run ${runId} is ${run.status}; only a run that was interrupted (status running) can be resumed`);
    const rows = db.prepare('SELECT date, nav FROM daily WHERE run_id = ?').all(runId) as Array<{ date: string; nav: number }>;
    return new SqliteRecorder(db, runId, options, new Map(rows.map((r) => [r.date, r.nav])));
  }

  /** Days stored before a resume (0 for a new run). */
  get storedDays(): number {
    return this.storedNav.size;
  }

  recordDay(day: DayRecord): void {
    const stored = this.storedNav.get(day.date);
    if (stored === undefined) {
      this.queueDay(day);
      if (this.queued !== undefined && this.queued.bars >= BARS_PER_COMMIT) this.commitQueued();
      return;
    }
    if (Math.abs(day.nav - stored) > 1e-9 * Math.max(1, Math.abs(stored))) {
      throw new Error(`resume of run ${this.runId} diverged on ${day.date}: stored NAV ${stored}, replayed ${day.nav}; the data, strategy or code differs from the interrupted run`);
    }
  }

  /** Store every data-quality finding with the policy applied, and the policies in the run's configuration. */
  recordDataQuality(report: QualityReport): void {
    this.drain();
    const insert = this.db.prepare('INSERT INTO data_issues VALUES (?,?,?,?,?,?,?,?)');
    const row = this.db.prepare('SELECT config_json FROM runs WHERE id = ?').get(this.runId) as { config_json: string };
    const config = { ...(JSON.parse(row.config_json) as Record<string, unknown>), dataChecksApplied: { policies: report.policies, thresholds: report.thresholds } };
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM data_issues WHERE run_id = ?').run(this.runId);
      for (const x of report.issues) insert.run(this.runId, x.check, x.asset, x.date, x.endDate, real(x.value), report.policies[x.check], x.detail);
      this.db.prepare('UPDATE runs SET config_json = ? WHERE id = ?').run(JSON.stringify(config), this.runId);
    })();
  }

  /** Milliseconds SQLite spent executing the run's bars (on the writer thread when there is one). */
  get writerMs(): number {
    return this.channel.busyMs;
  }

  /** Whether the bars are written by a writer thread. */
  get threaded(): boolean {
    return this.channel instanceof WriterThread;
  }

  /** Commit what is pending and wait until every bar is written. */
  private drain(): void {
    this.commitQueued();
    try {
      this.channel.drain();
    } catch (err) {
      throw this.storageError(err);
    }
  }

  /** A writer thread's failure names the bars it could not write. */
  private storageError(err: unknown): unknown {
    if (!(err instanceof WriterThreadError)) return err;
    const bars = this.committed[err.transaction] ?? 'the first bars';
    return new Error(`storing bars ${bars} of run ${this.runId} failed: ${err.message}; the bars before them are stored`, { cause: err });
  }

  /** Store the summary and the run's outcome and mark the run finished, in one transaction. */
  finish(summary: PerformanceSummary, byYear: ReadonlyArray<{ readonly year: string; readonly return: number }> = [], outcome?: RunOutcome): void {
    this.drain();
    this.channel.close();
    const insert = this.db.prepare('INSERT INTO summary (run_id, metric, value, reason) VALUES (?,?,?,?)');
    this.db.transaction(() => {
      for (const [metric, value] of Object.entries(summary)) {
        const defined = Number.isFinite(value);
        insert.run(this.runId, metric, defined ? value : null, defined ? null : undefinedReason(metric as keyof PerformanceSummary, summary));
      }
      for (const y of byYear) insert.run(this.runId, `return:${y.year}`, real(y.return), null);
      if (outcome !== undefined) this.storeOutcome(outcome);
      this.db.prepare("UPDATE runs SET status = 'finished', finished_at = ? WHERE id = ?").run(new Date().toISOString(), this.runId);
    })();
  }

  /** The run's outcome (counts, reasons, margin call, turnover against budget) and its invested period. */
  private storeOutcome(outcome: RunOutcome): void {
    this.db.prepare('UPDATE runs SET invested_from = ?, outcome_json = ? WHERE id = ?').run(outcome.investedFrom, JSON.stringify(outcome), this.runId);
  }

  /**
   * Commit the whole bars recorded so far and mark the run failed with the
   * error message (and the storage failure, if writing the bars failed too).
   */
  fail(error: unknown, outcome?: RunOutcome): void {
    let message = error instanceof Error ? error.message : String(error);
    try {
      this.drain();
    } catch (storage) {
      if (storage !== error) message += `; ${storage instanceof Error ? storage.message : String(storage)}`;
    } finally {
      this.channel.close();
    }
    if (outcome !== undefined) this.storeOutcome(outcome);
    this.db.prepare("UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?").run(message, new Date().toISOString(), this.runId);
  }
}
