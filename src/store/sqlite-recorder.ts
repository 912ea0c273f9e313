import { undefinedReason, type PerformanceSummary } from '../diagnostics/performance.js';
import type { QualityReport } from '../data/check-quality.js';
import type { DayRecord, Recorder } from '../engine/recorder.js';
import { UsageError } from '../core/errors.js';
import type { Db } from './open-database.js';
import { prepareFitWriter, real } from './write-fit.js';

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
 * Writes one run. The run row is created with status `running`; each bar is one
 * transaction (a crash never leaves half a bar); `finish` and `fail` close it.
 * A run whose process dies stays `running`, i.e. not finished.
 */
export class SqliteRecorder implements Recorder {
  readonly runId: number;
  private readonly db: Db;
  private readonly writeDay: (day: DayRecord) => void;
  /** When resuming: the NAV stored for each whole day already written (those days are replayed, not rewritten). */
  private readonly storedNav: ReadonlyMap<string, number>;

  private constructor(db: Db, runId: number, storedNav: ReadonlyMap<string, number> = new Map()) {
    this.db = db;
    this.runId = runId;
    this.storedNav = storedNav;
    const insertDaily = db.prepare('INSERT INTO daily VALUES (?,?,?,?,?,?,?,?,?,?,?)');
    const insertHolding = db.prepare('INSERT INTO holdings VALUES (?,?,?,?)');
    const insertTrade = db.prepare('INSERT INTO trades VALUES (?,?,?,?,?,?)');
    const insertRebalance = db.prepare(
      `INSERT INTO rebalances (run_id, date, execute_date, status, backend, solve_ms, objective, universe, planned_turnover, predicted_vol, relaxed_json, vol_scale, duality_gap)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    const insertTarget = db.prepare('INSERT INTO targets VALUES (?,?,?,?)');
    const writeFit = prepareFitWriter(db);
    const insertAttribution = db.prepare('INSERT INTO attribution VALUES (?,?,?,?)');
    const insertEvent = db.prepare('INSERT INTO events VALUES (?,?,?,?)');
    const setLastDate = db.prepare('UPDATE runs SET last_date = ?, first_date = coalesce(first_date, ?) WHERE id = ?');
    this.writeDay = db.transaction((day: DayRecord) => {
      const { date } = day;
      insertDaily.run(runId, date, day.nav, day.grossReturn, day.netReturn, day.cost, day.turnover, day.grossExposure, day.netExposure, real(day.predictedVol), day.holdings.length);
      for (const h of day.holdings) insertHolding.run(runId, date, h.asset, h.weight);
      for (const tr of day.trades) insertTrade.run(runId, date, tr.asset, tr.weight, tr.cost, tr.reason);
      for (const e of day.events) insertEvent.run(runId, date, e.kind, e.detail);
      const rb = day.rebalance;
      if (rb !== undefined) {
        insertRebalance.run(runId, date, rb.executeDate, rb.status, rb.backend, rb.solveMs, real(rb.objective), rb.universe, rb.plannedTurnover, real(rb.predictedVol), JSON.stringify(rb.relaxed), real(rb.volScale), real(rb.dualityGap));
        for (const tg of rb.targets) insertTarget.run(runId, date, tg.asset, tg.weight);
      }
      if (day.fit !== undefined) writeFit.fit(runId, date, day.fit);
      if (day.evaluation !== undefined) writeFit.evaluation(runId, day.evaluation);
      if (day.attribution !== undefined) {
        const a = day.attribution;
        a.factors.forEach((f, k) => insertAttribution.run(runId, date, f, a.contributions[k]));
        insertAttribution.run(runId, date, 'specific', a.specific);
      }
      setLastDate.run(date, date, runId);
    });
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
      this.writeDay(day);
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

  /** Store the summary and mark the run finished, in one transaction. */
  finish(summary: PerformanceSummary, byYear: ReadonlyArray<{ readonly year: string; readonly return: number }> = []): void {
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

  /** Mark the run failed with the error message; rows already written stay. */
  fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.db.prepare("UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?").run(message, new Date().toISOString(), this.runId);
  }
}
