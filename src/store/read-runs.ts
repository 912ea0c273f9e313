import type { Db } from './open-database.js';

export interface RunRow {
  readonly id: number;
  readonly strategy: string;
  readonly status: string;
  readonly startedAt: string;
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  readonly sharpe: number | null;
  readonly annualReturn: number | null;
  readonly maxDrawdown: number | null;
  readonly error: string | null;
}

/** Every run in the database, newest first, with its headline statistics. */
export function listRuns(db: Db): RunRow[] {
  return db
    .prepare(
      `SELECT r.id, r.strategy, r.status, r.started_at AS startedAt, r.first_date AS firstDate, r.last_date AS lastDate, r.error,
         (SELECT value FROM summary s WHERE s.run_id = r.id AND s.metric = 'sharpe') AS sharpe,
         (SELECT value FROM summary s WHERE s.run_id = r.id AND s.metric = 'annualReturn') AS annualReturn,
         (SELECT value FROM summary s WHERE s.run_id = r.id AND s.metric = 'maxDrawdown') AS maxDrawdown
       FROM runs r ORDER BY r.id DESC`,
    )
    .all() as RunRow[];
}
