import type { Db } from './open-database.js';
import type { Provenance } from './provenance.js';

/** A run's row of the `runs` table, as recorded. */
export interface RunRecord extends Provenance {
  readonly status: string;
  /** The strategy definition and run options, as stored (`config_json`). */
  readonly configJson: string;
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  /** The first bar that held a position (null for runs recorded before factorlab stored it, or that never held one). */
  readonly investedFrom: string | null;
}

/** One stored bar of a run's `daily` table. */
export interface DailyRow {
  readonly date: string;
  readonly netReturn: number;
  readonly turnover: number;
  readonly cost: number;
  readonly nav: number;
}

/** One model fit's date and factor names, in the order of its loadings. */
export interface FitHead {
  readonly date: string;
  readonly factors: readonly string[];
}

/** Run `runId`'s row, or undefined when it is not in the database. */
export function readRunRecord(db: Db, runId: number): RunRecord | undefined {
  return db
    .prepare(
      `SELECT strategy, strategy_file AS strategyFile, source_hash AS sourceHash, data_source AS dataSource,
         data_fingerprint AS dataFingerprint, code_version AS codeVersion, status, config_json AS configJson,
         first_date AS firstDate, last_date AS lastDate, invested_from AS investedFrom
       FROM runs WHERE id = ?`,
    )
    .get(runId) as RunRecord | undefined;
}

/** Every stored bar of run `runId`, in date order. */
export function readDaily(db: Db, runId: number): DailyRow[] {
  return db.prepare('SELECT date, net_return AS netReturn, turnover, cost, nav FROM daily WHERE run_id = ? ORDER BY date').all(runId) as DailyRow[];
}

/** Run `runId`'s stored summary: metric name → value (null where the statistic is undefined). */
export function readRunMetrics(db: Db, runId: number): Map<string, number | null> {
  return new Map((db.prepare('SELECT metric, value FROM summary WHERE run_id = ?').all(runId) as Array<{ metric: string; value: number | null }>).map((r) => [r.metric, r.value]));
}

/** Every model fit of run `runId`, in date order. */
export function readFitHeads(db: Db, runId: number): FitHead[] {
  return (db.prepare('SELECT date, factors_json FROM fits WHERE run_id = ? ORDER BY date').all(runId) as Array<{ date: string; factors_json: string }>).map((f) => ({
    date: f.date,
    factors: JSON.parse(f.factors_json) as string[],
  }));
}

/**
 * A reader of the loadings of run `runId`'s fits: for a fit date, asset → loadings in the order of
 * `factors` (NaN where the fit has none for that factor).
 */
export function fitLoadingsReader(db: Db, runId: number, factors: readonly string[]): (date: string) => Map<string, Float64Array> {
  const statement = db.prepare('SELECT asset, factor, loading FROM fit_loadings WHERE run_id = ? AND date = ?');
  return (date) => {
    const byAsset = new Map<string, Float64Array>();
    for (const row of statement.iterate(runId, date) as IterableIterator<{ asset: string; factor: string; loading: number }>) {
      const v = byAsset.get(row.asset) ?? new Float64Array(factors.length).fill(NaN);
      v[factors.indexOf(row.factor)] = row.loading;
      byAsset.set(row.asset, v);
    }
    return byAsset;
  };
}

/** Run `runId`'s closing weights, streamed in date order. */
export function holdingRows(db: Db, runId: number): IterableIterator<{ date: string; asset: string; weight: number }> {
  return db.prepare('SELECT date, asset, weight FROM holdings WHERE run_id = ? ORDER BY date').iterate(runId) as IterableIterator<{ date: string; asset: string; weight: number }>;
}

/** Run `runId`'s daily P&L attribution rows, in date order. */
export function readAttribution(db: Db, runId: number): Array<{ date: string; factor: string; contribution: number }> {
  return db.prepare('SELECT date, factor, contribution FROM attribution WHERE run_id = ? ORDER BY date').all(runId) as Array<{ date: string; factor: string; contribution: number }>;
}
