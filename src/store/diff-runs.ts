import { UsageError } from '../core/errors.js';
import type { Db } from './open-database.js';

export interface RunDifference {
  /** What differs: a run column, `config.<path>`, `summary.<metric>` or `rows.<table>`. */
  readonly field: string;
  readonly a: string;
  readonly b: string;
}

const PROVENANCE = ['strategy', 'strategy_file', 'source_hash', 'data_source', 'data_fingerprint', 'code_version', 'status', 'first_date', 'last_date', 'error'] as const;

/** Tables of per-bar results whose contents are compared (timing columns left out). */
const RESULT_TABLES: Readonly<Record<string, string>> = {
  daily: 'date, nav, gross_return, net_return, cost, turnover, gross_exposure, net_exposure, predicted_vol, positions, cash_interest, holding_pnl',
  holdings: 'date, asset, weight',
  trades: 'date, asset, weight, cost, reason',
  rebalances: 'date, execute_date, status, backend, objective, universe, planned_turnover, predicted_vol, relaxed_json, vol_scale',
  targets: 'date, asset, weight',
  events: 'date, kind, detail',
  fits: 'date, kind, factors_json, factor_cov_json, fitted_assets, dropped_assets, mean_r2, condition_index, warnings_json',
  fit_assets: 'date, asset, alpha, specific_var, r2, observations',
  fit_loadings: 'date, asset, factor, loading',
  fit_factors: 'date, factor, mean_return, t_stat, ic',
  fit_evaluations: 'fit_date, through, bias_stat, mean_asset_bias, ic_json',
  data_issues: 'check_name, asset, date, end_date, value, policy, detail',
  attribution: 'date, factor, contribution',
};

/**
 * What differs between two runs: provenance (strategy source hash, data
 * fingerprint, code version…), every configuration value (flattened to
 * dotted paths), every summary statistic, and whether each table of results
 * holds the same rows (solve times and wall-clock stamps are not compared).
 * @throws UsageError when either run does not exist
 */
export function diffRuns(db: Db, a: number, b: number): RunDifference[] {
  const read = (id: number): Record<string, unknown> => {
    const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    if (row === undefined) throw new UsageError(`run ${id} is not in this database (factorlab runs lists them)`);
    return row;
  };
  const ra = read(a);
  const rb = read(b);
  const out: RunDifference[] = [];
  const push = (field: string, x: unknown, y: unknown): void => {
    const sx = x === undefined ? '(absent)' : JSON.stringify(x);
    const sy = y === undefined ? '(absent)' : JSON.stringify(y);
    if (sx !== sy) out.push({ field, a: sx, b: sy });
  };
  for (const column of PROVENANCE) push(column, ra[column], rb[column]);
  const ca = flatten(JSON.parse(String(ra.config_json)));
  const cb = flatten(JSON.parse(String(rb.config_json)));
  for (const key of [...new Set([...ca.keys(), ...cb.keys()])].sort()) push(`config.${key}`, ca.get(key), cb.get(key));
  const summary = (id: number): Map<string, unknown> =>
    new Map((db.prepare('SELECT metric, value FROM summary WHERE run_id = ?').all(id) as Array<{ metric: string; value: number | null }>).map((r) => [r.metric, r.value]));
  const sa = summary(a);
  const sb = summary(b);
  for (const key of [...new Set([...sa.keys(), ...sb.keys()])].sort()) push(`summary.${key}`, sa.get(key), sb.get(key));
  for (const [table, columns] of Object.entries(RESULT_TABLES)) {
    const rows = (id: number): string[] => (db.prepare(`SELECT ${columns} FROM ${table} WHERE run_id = ? ORDER BY ${columns}`).raw().all(id) as unknown[][]).map((r) => JSON.stringify(r));
    const xa = rows(a);
    const xb = rows(b);
    if (xa.length !== xb.length || xa.some((r, j) => r !== xb[j])) {
      const firstDiff = xa.findIndex((r, j) => r !== xb[j]);
      out.push({ field: `rows.${table}`, a: `${xa.length} rows`, b: `${xb.length} rows, first difference at row ${firstDiff === -1 ? xa.length + 1 : firstDiff + 1}` });
    }
  }
  return out;
}

/** `{ a: { b: 1 }, c: [2] }` → `a.b = 1`, `c.0 = 2`. */
function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
    if (Object.keys(value as object).length === 0) out.set(prefix, value);
  } else out.set(prefix, value);
  return out;
}
