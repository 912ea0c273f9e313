import { undefinedReason, type PerformanceSummary } from '../diagnostics/performance.js';
import type { QualityReport } from '../data/check-quality.js';
import type { DayRecord, Recorder } from '../engine/recorder.js';
import { UsageError } from '../core/errors.js';
import type { Db } from './open-database.js';
import { BatchInsert } from './batch-insert.js';
import { prepareFitWriter, real } from './write-fit.js';

/**
 * Bars per transaction: one commit per bar cost 0.6 s of the N = 1000 scale
 * study (the same B-tree pages rewritten to the WAL 3,650 times); 32 bars hold
 * the write lock for tens of milliseconds at most.
 */
export const BARS_PER_COMMIT = 32;

export interface RunMetadata {
  readonly strategy: string;
  readonly strategyFile: string;
  readonly sourceHash: string;
  readonly config: unknown;
  readonly dataSource: string;
  readonly dataFingerprint: string;
  readonly codeVersion: string;
}


/**
 * Writes one run. The run row is created with status `running`. Bars are
 * committed `BARS_PER_COMMIT` at a time, whole bars per transaction, so a crash
 * never leaves half a bar and loses at most the bars since the last commit
 * (`--resume` recomputes them); their rows go through prepared multi-row
 * inserts (`BatchInsert`). `finish` and `fail` commit what is pending and
 * close the run.
 * A run whose process dies stays `running`, i.e. not finished.
 */
export class SqliteRecorder implements Recorder {
  readonly runId: number;
  private readonly db: Db;
  private readonly writeDays: (days: readonly DayRecord[]) => void;
  /** Whole bars waiting for the next commit. */
  private pending: DayRecord[] = [];
  /** When resuming: the NAV stored for each whole day already written (those days are replayed, not rewritten). */
  private readonly storedNav: ReadonlyMap<string, number>;

  private constructor(db: Db, runId: number, storedNav: ReadonlyMap<string, number> = new Map()) {
    this.db = db;
    this.runId = runId;
    this.storedNav = storedNav;
    // A writer appends at the right edge of each B-tree: 2 MB of page cache serve it as well as the 16 MB default.
    db.pragma('cache_size = -2000');
    const insertDaily = db.prepare('INSERT INTO daily VALUES (?,?,?,?,?,?,?,?,?,?,?)');
    const holdings = new BatchInsert(db, 'INSERT INTO holdings VALUES', 4);
    const trades = new BatchInsert(db, 'INSERT INTO trades VALUES', 6);
    const insertRebalance = db.prepare(
      `INSERT INTO rebalances (run_id, date, execute_date, status, backend, solve_ms, objective, universe, planned_turnover, predicted_vol, relaxed_json, vol_scale, duality_gap)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    const targets = new BatchInsert(db, 'INSERT INTO targets VALUES', 4);
    const fits = prepareFitWriter(db);
    const attribution = new BatchInsert(db, 'INSERT INTO attribution VALUES', 4);
    const events = new BatchInsert(db, 'INSERT INTO events VALUES', 4);
    const batches = [holdings, trades, targets, attribution, events, ...fits.batches];
    const setLastDate = db.prepare('UPDATE runs SET last_date = ?, first_date = coalesce(first_date, ?) WHERE id = ?');
    const writeOne = (day: DayRecord): void => {
      const { date } = day;
      insertDaily.run(runId, date, day.nav, day.grossReturn, day.netReturn, day.cost, day.turnover, day.grossExposure, day.netExposure, real(day.predictedVol), day.holdings.length);
      for (const h of day.holdings) holdings.add(runId, date, h.asset, h.weight);
      for (const tr of day.trades) trades.add(runId, date, tr.asset, tr.weight, tr.cost, tr.reason);
      for (const e of day.events) events.add(runId, date, e.kind, e.detail);
      const rb = day.rebalance;
      if (rb !== undefined) {
        insertRebalance.run(runId, date, rb.executeDate, rb.status, rb.backend, rb.solveMs, real(rb.objective), rb.universe, rb.plannedTurnover, real(rb.predictedVol), JSON.stringify(rb.relaxed), real(rb.volScale), real(rb.dualityGap));
        for (const tg of rb.targets) targets.add(runId, date, tg.asset, tg.weight);
      }
      if (day.fit !== undefined) fits.fit(runId, date, day.fit);
      if (day.evaluation !== undefined) fits.evaluation(runId, day.evaluation);
      if (day.attribution !== undefined) {
        const a = day.attribution;
        for (let k = 0; k < a.factors.length; k++) attribution.add(runId, date, a.factors[k], a.contributions[k]);
        attribution.add(runId, date, 'specific', a.specific);
      }
    };
    // Rows of all the bars share the batched statements; the run's dates move once per commit.
    const write = db.transaction((days: readonly DayRecord[]) => {
      for (const day of days) writeOne(day);
      for (const batch of batches) batch.flush();
      setLastDate.run(days[days.length - 1].date, days[0].date, runId);
    });
    this.writeDays = (days) => {
      try {
        write(days);
      } catch (err) {
        // The transaction rolled back: rows still buffered belong to it.
        for (const batch of batches) batch.discard();
        throw err;
      }
    };
  }

  /** Create the run row (status `running`) and return a recorder for it. */
  static start(db: Db, meta: RunMetadata): SqliteRecorder {
    const info = db
      .prepare(
        `INSERT INTO runs (strategy, strategy_file, source_hash, config_json, data_source, data_fingerprint, code_version, status, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?)`,
      )
      .run(meta.strategy, meta.strategyFile, meta.sourceHash, JSON.stringify(meta.config), meta.dataSource, meta.dataFingerprint, meta.codeVersion, new Date().toISOString());
    return new SqliteRecorder(db, Number(info.lastInsertRowid));
  }

  /**
   * Reopen run `runId` to continue it: days already stored are replayed by the
   * engine and checked against the stored NAV instead of written again.
   * @throws UsageError when the run does not exist or is not an unfinished (`running`) run
   */
  static resume(db: Db, runId: number): SqliteRecorder {
    const run = db.prepare('SELECT status FROM runs WHERE id = ?').get(runId) as { status: string } | undefined;
    if (run === undefined) throw new UsageError(`run ${runId} is not in this database (factorlab runs lists them)`);
    if (run.status !== 'running') throw new UsageError(`run ${runId} is ${run.status}; only a run that was interrupted (status running) can be resumed`);
    const rows = db.prepare('SELECT date, nav FROM daily WHERE run_id = ?').all(runId) as Array<{ date: string; nav: number }>;
    return new SqliteRecorder(db, runId, new Map(rows.map((r) => [r.date, r.nav])));
  }

  /** Days stored before a resume (0 for a new run). */
  get storedDays(): number {
    return this.storedNav.size;
  }

  recordDay(day: DayRecord): void {
    const stored = this.storedNav.get(day.date);
    if (stored === undefined) {
      this.pending.push(day);
      if (this.pending.length >= BARS_PER_COMMIT) this.commit();
      return;
    }
    if (Math.abs(day.nav - stored) > 1e-9 * Math.max(1, Math.abs(stored))) {
      throw new Error(`resume of run ${this.runId} diverged on ${day.date}: stored NAV ${stored}, replayed ${day.nav}; the data, strategy or code differs from the interrupted run`);
    }
  }

  /** Store every data-quality finding with the policy applied, and the policies in the run's configuration. */
  recordDataQuality(report: QualityReport): void {
    const insert = this.db.prepare('INSERT INTO data_issues VALUES (?,?,?,?,?,?,?,?)');
    const row = this.db.prepare('SELECT config_json FROM runs WHERE id = ?').get(this.runId) as { config_json: string };
    const config = { ...(JSON.parse(row.config_json) as Record<string, unknown>), dataChecksApplied: { policies: report.policies, thresholds: report.thresholds } };
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM data_issues WHERE run_id = ?').run(this.runId);
      for (const x of report.issues) insert.run(this.runId, x.check, x.asset, x.date, x.endDate, real(x.value), report.policies[x.check], x.detail);
      this.db.prepare('UPDATE runs SET config_json = ? WHERE id = ?').run(JSON.stringify(config), this.runId);
    })();
  }

  /** Write the pending bars in one transaction. */
  private commit(): void {
    const days = this.pending;
    this.pending = [];
    if (days.length > 0) this.writeDays(days);
  }

  /** Store the summary and mark the run finished, in one transaction. */
  finish(summary: PerformanceSummary, byYear: ReadonlyArray<{ readonly year: string; readonly return: number }> = []): void {
    this.commit();
    const insert = this.db.prepare('INSERT INTO summary (run_id, metric, value, reason) VALUES (?,?,?,?)');
    this.db.transaction(() => {
      for (const [metric, value] of Object.entries(summary)) {
        const defined = Number.isFinite(value);
        insert.run(this.runId, metric, defined ? value : null, defined ? null : undefinedReason(metric as keyof PerformanceSummary, summary));
      }
      for (const y of byYear) insert.run(this.runId, `return:${y.year}`, real(y.return), null);
      this.db.prepare("UPDATE runs SET status = 'finished', finished_at = ? WHERE id = ?").run(new Date().toISOString(), this.runId);
    })();
  }

  /** Commit the whole bars recorded so far and mark the run failed with the error message. */
  fail(error: unknown): void {
    this.commit();
    const message = error instanceof Error ? error.message : String(error);
    this.db.prepare("UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?").run(message, new Date().toISOString(), this.runId);
  }
}
