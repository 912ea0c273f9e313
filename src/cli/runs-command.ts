import { existsSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { openDatabase } from '../store/open-database.js';
import { listRuns } from '../store/read-runs.js';
import { fixed, percent, table } from './format.js';

/** `factorlab runs`: list recorded runs. */
export function runsCommand(options: { readonly db: string; readonly json: boolean }): void {
  if (!existsSync(options.db)) throw new UsageError(`database '${options.db}' not found; run a strategy first or pass --db`);
  const db = openDatabase(options.db);
  try {
    const runs = listRuns(db);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      return;
    }
    const rows = runs.map((r) => [
      String(r.id),
      r.strategy,
      r.status,
      `${r.firstDate ?? '-'} .. ${r.lastDate ?? '-'}`,
      percent(r.annualReturn),
      fixed(r.sharpe),
      percent(r.maxDrawdown),
    ]);
    process.stdout.write(`${table(['Run', 'Strategy', 'Status', 'Period', 'Ann. return', 'Sharpe', 'Max DD'], rows)}\n`);
  } finally {
    db.close();
  }
}
