import { existsSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { openDatabase } from '../store/open-database.js';
import { diffRuns } from '../store/diff-runs.js';
import { listRuns } from '../store/read-runs.js';
import { fixed, percent } from '../core/format-number.js';
import { table } from './format.js';

/** `factorlab runs`: list recorded runs, or with `diff` say what differs between two. */
export function runsCommand(options: { readonly db: string; readonly json: boolean; readonly diff?: readonly string[] }): void {
  const ids = options.diff?.map((x) => Number(x));
  if (options.diff !== undefined && (ids?.length !== 2 || ids.some((id) => !Number.isInteger(id) || id <= 0))) {
    throw new UsageError(`runs --diff needs two run ids, e.g. factorlab runs --diff 3 4 (got ${options.diff.join(' ') || 'none'})`);
  }
  if (!existsSync(options.db)) throw new UsageError(`database '${options.db}' not found; run a strategy first or pass --db`);
  const db = openDatabase(options.db, { readonly: true });
  try {
    if (ids !== undefined) {
      const diff = diffRuns(db, ids[0], ids[1]);
      if (options.json) process.stdout.write(`${JSON.stringify(diff, null, 2)}\n`);
      else if (diff.length === 0) process.stdout.write(`runs ${ids[0]} and ${ids[1]} are identical: same provenance, configuration, statistics and result rows\n`);
      else process.stdout.write(`${table(['Field', `Run ${ids[0]}`, `Run ${ids[1]}`], diff.map((d) => [d.field, d.a, d.b]), true)}\n`);
      return;
    }
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
