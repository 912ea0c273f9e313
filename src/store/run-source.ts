import { UsageError } from '../core/errors.js';
import type { Db } from './open-database.js';

/** What a stored run needs to be continued: where its strategy and data came from, their hashes, its period and backends. */
export interface StoredRunSource {
  readonly strategyFile: string;
  readonly dataSource: string;
  readonly sourceHash: string;
  readonly dataFingerprint: string;
  readonly from?: string;
  readonly to?: string;
  /** The LP backends the run was recorded with, first tried first (empty for runs recorded before factorlab stored them). */
  readonly solvers: readonly string[];
}

/**
 * The strategy file, data, hashes, period and backends of run `runId`, as recorded.
 * @throws UsageError when the run is not in the database
 */
export function readRunSource(db: Db, runId: number): StoredRunSource {
  const row = db.prepare('SELECT strategy_file, data_source, source_hash, data_fingerprint, config_json FROM runs WHERE id = ?').get(runId) as
    | { strategy_file: string; data_source: string; source_hash: string; data_fingerprint: string; config_json: string }
    | undefined;
  if (row === undefined) throw new UsageError(`run ${runId} is not in this database (factorlab runs lists them)`);
  const config = JSON.parse(row.config_json) as { from?: string | null; to?: string | null; solvers?: string[] };
  return {
    strategyFile: row.strategy_file,
    dataSource: row.data_source,
    sourceHash: row.source_hash,
    dataFingerprint: row.data_fingerprint,
    ...(typeof config.from === 'string' ? { from: config.from } : {}),
    ...(typeof config.to === 'string' ? { to: config.to } : {}),
    solvers: config.solvers ?? [],
  };
}
