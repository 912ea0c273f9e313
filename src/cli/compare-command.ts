import { existsSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { openDatabase } from '../store/open-database.js';
import { readRunMetrics, readRunRecord } from '../store/read-run-rows.js';
import { readStudyMetrics, readStudyRecord } from '../store/read-study.js';
import { subjectId } from './flags.js';
import { fixed, percent } from '../core/format-number.js';
import { table } from './format.js';

/** Metrics shown side by side: label, run summary metric, study summary metric, format. */
const ROWS: ReadonlyArray<readonly [string, string | undefined, string | undefined, (x: number | null) => string]> = [
  ['Sharpe (out of sample for studies)', 'sharpe', 'oosSharpe', (x) => fixed(x)],
  ['PSR (Sharpe > 0)', 'probabilisticSharpe', 'oosProbabilisticSharpe', (x) => fixed(x, 4)],
  ['DSR', undefined, 'oosDeflatedSharpe', (x) => fixed(x, 4)],
  ['Min track record (bars)', 'minTrackRecordBars', 'oosMinTrackRecordBars', (x) => (x === null ? 'n/a' : String(Math.ceil(x)))],
  ['Mean in-sample Sharpe of the selected', undefined, 'meanInSampleSharpe', (x) => fixed(x)],
  ['Mean out-of-sample Sharpe of the selected', undefined, 'meanOutOfSampleSharpe', (x) => fixed(x)],
  ['Sharpe decay (out / in)', undefined, 'sharpeDecay', (x) => fixed(x)],
  ['PBO', undefined, 'pbo', (x) => fixed(x, 3)],
  ['Annualised return', 'annualReturn', undefined, (x) => percent(x)],
  ['Annualised volatility', 'annualVolatility', undefined, (x) => percent(x)],
  ['Max drawdown', 'maxDrawdown', undefined, (x) => percent(x)],
  ['Sortino', 'sortino', undefined, (x) => fixed(x)],
  ['Average turnover', 'averageTurnover', undefined, (x) => percent(x)],
  ['Total cost', 'totalCost', undefined, (x) => percent(x)],
];

/**
 * `factorlab compare r3 s1 …`: runs (`r<id>` or a plain id) and studies
 * (`s<id>`) side by side; for studies, the statistics of the stitched
 * out-of-sample path and the overfitting diagnostics.
 */
export function compareCommand(options: { readonly ids: readonly string[]; readonly db: string; readonly json: boolean }): void {
  if (options.ids.length === 0) throw new UsageError('compare needs run or study ids: factorlab compare r1 r2 s1');
  const parsed = options.ids.map((raw) => ({ raw, ...subjectId(raw, 'compare') }));
  if (!existsSync(options.db)) throw new UsageError(`database '${options.db}' not found; pass --db`);
  const db = openDatabase(options.db, { readonly: true });
  try {
    const columns = parsed.map(({ raw, kind, id }) => {
      const head = kind === 'run' ? readRunRecord(db, id) : readStudyRecord(db, id);
      if (head === undefined) throw new UsageError(`compare: ${kind} ${id} is not in ${options.db}`);
      const metrics = kind === 'run' ? readRunMetrics(db, id) : readStudyMetrics(db, id);
      return { raw, kind, id, strategy: head.strategy, status: head.status, metrics };
    });
    const value = (c: (typeof columns)[number], row: (typeof ROWS)[number]): number | null | undefined => {
      const metric = c.kind === 'run' ? row[1] : row[2];
      return metric === undefined ? undefined : (c.metrics.get(metric) ?? null);
    };
    if (options.json) {
      process.stdout.write(`${JSON.stringify(columns.map((c) => ({ id: c.raw, kind: c.kind, strategy: c.strategy, status: c.status, metrics: Object.fromEntries(c.metrics) })), null, 2)}\n`);
      return;
    }
    const header = ['', ...columns.map((c) => `${c.raw} ${c.strategy}${c.status === 'finished' ? '' : ` (${c.status})`}`)];
    const rows = ROWS.filter((row) => columns.some((c) => value(c, row) !== undefined)).map((row) => [row[0], ...columns.map((c) => {
      const v = value(c, row);
      return v === undefined ? '' : row[3](v);
    })]);
    process.stdout.write(`${table(header, rows)}\n`);
  } finally {
    db.close();
  }
}
