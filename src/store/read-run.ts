import { UsageError } from '../core/errors.js';
import type { Db } from './open-database.js';
import { fitLoadingsReader } from './read-run-rows.js';
import { definedFields } from '../core/defined-fields.js';

export interface StoredRun {
  readonly id: number;
  readonly strategy: string;
  readonly dataSource: string;
  /** sha256 of the data the run was recorded on. */
  readonly dataFingerprint: string;
  readonly lastDate: string;
  /** Dates and daily net returns of the invested period (from the first bar that held a position; every bar for runs recorded before factorlab stored it). */
  readonly dates: readonly string[];
  readonly netReturns: readonly number[];
  /** Closing weights on the last stored bar. */
  readonly holdings: ReadonlyMap<string, number>;
  /** The last model fit on or before the last bar, if any. */
  readonly fit?: {
    readonly date: string;
    readonly factors: readonly string[];
    readonly covariance: Float64Array;
    readonly loadings: ReadonlyMap<string, Float64Array>;
  };
}

/**
 * What a stored run holds for after-the-fact analysis: daily net returns, the
 * last book and the last model fit.
 * @throws UsageError when the run does not exist or has no bars
 */
export function readRun(db: Db, runId: number): StoredRun {
  const run = db.prepare('SELECT id, strategy, data_source, data_fingerprint, last_date, invested_from FROM runs WHERE id = ?').get(runId) as
    | { id: number; strategy: string; data_source: string; data_fingerprint: string; last_date: string | null; invested_from: string | null }
    | undefined;
  if (run === undefined) throw new UsageError(`run ${runId} is not in this database (factorlab runs lists them)`);
  if (run.last_date === null) throw new UsageError(`run ${runId} has no bars stored`);
  const daily = db.prepare('SELECT date, net_return FROM daily WHERE run_id = ? AND date >= ? ORDER BY date').all(runId, run.invested_from ?? '') as Array<{ date: string; net_return: number }>;
  const holdings = new Map(
    (db.prepare('SELECT asset, weight FROM holdings WHERE run_id = ? AND date = ?').all(runId, run.last_date) as Array<{ asset: string; weight: number }>).map((h) => [h.asset, h.weight]),
  );
  const fitRow = db.prepare('SELECT date, factors_json, factor_cov_json FROM fits WHERE run_id = ? AND date <= ? ORDER BY date DESC LIMIT 1').get(runId, run.last_date) as
    | { date: string; factors_json: string; factor_cov_json: string }
    | undefined;
  let fit: StoredRun['fit'];
  if (fitRow !== undefined) {
    const factors = JSON.parse(fitRow.factors_json) as string[];
    const loadings = fitLoadingsReader(db, runId, factors)(fitRow.date);
    fit = { date: fitRow.date, factors, covariance: Float64Array.from(JSON.parse(fitRow.factor_cov_json) as number[]), loadings };
  }
  return {
    id: run.id,
    strategy: run.strategy,
    dataSource: run.data_source,
    dataFingerprint: run.data_fingerprint,
    lastDate: run.last_date,
    dates: daily.map((d) => d.date),
    netReturns: daily.map((d) => d.net_return),
    holdings,
    ...definedFields({ fit }),
  };
}
