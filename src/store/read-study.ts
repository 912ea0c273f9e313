import type { Db } from './open-database.js';
import type { Provenance } from './provenance.js';

/** A study's row of the `studies` table, as recorded. */
export interface StudyRecord extends Provenance {
  readonly status: string;
  readonly settingsJson: string;
  readonly pboLogitsJson: string | null;
}

/** One stored (trial, fold, sample) task of a study. */
export interface StudyTaskRow {
  readonly trial: number;
  readonly paramsJson: string;
  readonly fold: number;
  readonly sample: 'in' | 'out';
  readonly firstDate: string;
  readonly lastDate: string;
  readonly sharpe: number | null;
  readonly returnsJson: string;
  /** Null for studies recorded before factorlab stored task dates. */
  readonly datesJson: string | null;
  readonly investedFrom: string | null;
}

/** One fold's in-sample selection and its Sharpe ratios. */
export interface StudyFoldRow {
  readonly fold: number;
  readonly selectedTrial: number;
  readonly inSampleSharpe: number | null;
  readonly outOfSampleSharpe: number | null;
}

/** Study `studyId`'s row, or undefined when it is not in the database. */
export function readStudyRecord(db: Db, studyId: number): StudyRecord | undefined {
  return db
    .prepare(
      `SELECT strategy, strategy_file AS strategyFile, source_hash AS sourceHash, data_source AS dataSource,
         data_fingerprint AS dataFingerprint, code_version AS codeVersion, status, settings_json AS settingsJson,
         pbo_logits_json AS pboLogitsJson
       FROM studies WHERE id = ?`,
    )
    .get(studyId) as StudyRecord | undefined;
}

/** Every task of study `studyId`, ordered by fold, trial and sample. */
export function readStudyTasks(db: Db, studyId: number): StudyTaskRow[] {
  return db
    .prepare(
      `SELECT trial, params_json AS paramsJson, fold, sample, first_date AS firstDate, last_date AS lastDate, sharpe,
         returns_json AS returnsJson, dates_json AS datesJson, invested_from AS investedFrom
       FROM study_tasks WHERE study_id = ? ORDER BY fold, trial, sample`,
    )
    .all(studyId) as StudyTaskRow[];
}

/** Every fold of study `studyId`, in order. */
export function readStudyFolds(db: Db, studyId: number): StudyFoldRow[] {
  return db
    .prepare('SELECT fold, selected_trial AS selectedTrial, in_sample_sharpe AS inSampleSharpe, out_of_sample_sharpe AS outOfSampleSharpe FROM study_folds WHERE study_id = ? ORDER BY fold')
    .all(studyId) as StudyFoldRow[];
}

/** Study `studyId`'s stored summary: metric name → value (null where the statistic is undefined). */
export function readStudyMetrics(db: Db, studyId: number): Map<string, number | null> {
  return new Map((db.prepare('SELECT metric, value FROM study_summary WHERE study_id = ?').all(studyId) as Array<{ metric: string; value: number | null }>).map((r) => [r.metric, r.value]));
}
