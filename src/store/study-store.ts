import type { StudyStats } from '../diagnostics/study-stats.js';
import type { TaskResult } from '../engine/study.js';
import type { Db } from './open-database.js';
import type { Provenance } from './provenance.js';
import { real } from './write-fit.js';

export interface StudyMetadata extends Provenance {
  readonly settings: unknown;
}

/** Create the study row (status `running`) and return its id. */
export function startStudy(db: Db, meta: StudyMetadata): number {
  const info = db
    .prepare(
      `INSERT INTO studies (strategy, strategy_file, source_hash, data_source, data_fingerprint, code_version, settings_json, status, started_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?)`,
    )
    .run(meta.strategy, meta.strategyFile, meta.sourceHash, meta.dataSource, meta.dataFingerprint, meta.codeVersion, JSON.stringify(meta.settings), new Date().toISOString());
  return Number(info.lastInsertRowid);
}

/** Store every task's returns (with its first invested date; its Sharpe is over the bars from there), the fold selections and the summary, and mark the study finished, in one transaction. */
export function finishStudy(db: Db, studyId: number, results: readonly TaskResult[], sharpes: readonly number[], stats: StudyStats): void {
  const insertTask = db.prepare('INSERT INTO study_tasks (study_id, trial, params_json, fold, sample, first_date, last_date, sharpe, returns_json, dates_json, invested_from) VALUES (?,?,?,?,?,?,?,?,?,?,?)');
  const insertFold = db.prepare('INSERT INTO study_folds VALUES (?,?,?,?,?)');
  const insertSummary = db.prepare('INSERT INTO study_summary VALUES (?,?,?,?)');
  db.transaction(() => {
    results.forEach((r, k) => {
      const t = r.task;
      insertTask.run(studyId, t.trial, JSON.stringify(t.params), t.fold, t.sample, r.dates[0] ?? t.from, r.dates[r.dates.length - 1] ?? t.to, real(sharpes[k]), JSON.stringify(r.returns), JSON.stringify(r.dates), r.dates[r.investedFrom] ?? null);
    });
    for (const f of stats.folds) insertFold.run(studyId, f.fold, f.selected, real(f.inSampleSharpe), real(f.outOfSampleSharpe));
    for (const [metric, value] of Object.entries(stats)) {
      if (typeof value !== 'number') continue;
      insertSummary.run(studyId, metric, real(value), Number.isFinite(value) ? null : metric.startsWith('pbo') ? 'PBO needs at least 2 trials and 2 blocks of returns' : 'undefined for these returns (too few trials, or zero variance)');
    }
    db.prepare("UPDATE studies SET status = 'finished', finished_at = ?, pbo_logits_json = ? WHERE id = ?").run(new Date().toISOString(), JSON.stringify(stats.pboLogits), studyId);
  })();
}

/** Mark a study failed with the error. */
export function failStudy(db: Db, studyId: number, error: unknown): void {
  db.prepare("UPDATE studies SET status = 'failed', error = ?, finished_at = ? WHERE id = ?").run(error instanceof Error ? error.message : String(error), new Date().toISOString(), studyId);
}
