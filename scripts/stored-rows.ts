/**
 * Proves a refactor left every stored row alone: runs every bundled strategy (`strategies/*.ts` and
 * the walkthrough strategies) and the demo study into a fresh SQLite file, then prints one SHA-256
 * per table of the canonical dump (every row, every column, ordered by all columns), leaving out
 * columns NULL in every row (a later migration's column the run does not use) and what differs
 * between two honest runs: wall-clock stamps and solve times, the code version and the strategy's absolute path. Paths are
 * given relative to the checkout, so data sources and notices compare equal across checkouts.
 *
 *   npx tsx scripts/stored-rows.ts [--root <checkout>] [--out digests.json]
 *   npx tsx scripts/stored-rows.ts --compare before.json after.json
 *
 * `--root` runs another checkout's CLI (for example a `git worktree` of the commit before a change),
 * so the same script measures both sides. `--compare` exits 1 and names every table that differs.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

/** Columns that differ between two identical runs: wall-clock stamps and solve times, the commit, the strategy's absolute path. */
const VOLATILE = new Set(['started_at', 'finished_at', 'solve_ms', 'code_version', 'strategy_file']);

/** Strategy (or study) → table → `<rows> rows <sha256 prefix>`. */
export type Digests = Record<string, Record<string, string>>;

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

function tableDigests(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    const out: Record<string, string> = {};
    for (const table of tables) {
      // A column NULL in every row (a nullable column added by a later migration that this run does
      // not use) is left out, so adding one does not change the digest of rows that do not use it.
      const columns = (db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>)
        .map((c) => c.name)
        .filter((c) => !VOLATILE.has(c))
        .filter((c) => db.prepare(`SELECT 1 FROM "${table}" WHERE "${c}" IS NOT NULL LIMIT 1`).get() !== undefined);
      const list = columns.map((c) => `"${c}"`).join(', ');
      const rows = columns.length === 0 ? [] : (db.prepare(`SELECT ${list} FROM "${table}" ORDER BY ${list}`).raw().all() as unknown[][]);
      const hash = createHash('sha256');
      hash.update(columns.join(',') + '\n');
      for (const row of rows) {
        hash.update(row.map((v) => (Buffer.isBuffer(v) ? `x'${v.toString('hex')}'` : JSON.stringify(v))).join(',') + '\n');
      }
      out[table] = `${rows.length} rows ${hash.digest('hex').slice(0, 16)}`;
    }
    return out;
  } finally {
    db.close();
  }
}

/** Run every bundled strategy and the demo study of the checkout at `root`, each into a fresh database, and digest its tables. */
export function collect(root: string): Digests {
  const cli = join(root, 'bin', 'factorlab.js');
  const strategies = [
    ...readdirSync(join(root, 'strategies'))
      .filter((f) => f.endsWith('.ts'))
      .sort()
      .map((f) => ({ name: f, args: ['run', join('strategies', f)] })),
    {
      name: 'walkthrough/ff-three-factor.ts',
      args: ['run', 'data/walkthrough/ff-three-factor.ts', '--data', 'data/walkthrough/stocks'],
    },
    {
      name: 'walkthrough/crypto-sector-carry.ts',
      args: ['run', 'data/walkthrough/crypto-sector-carry.ts', '--data', 'data/walkthrough/crypto'],
    },
    { name: 'study momentum-study.ts', args: ['study', 'strategies/momentum-study.ts', '--workers', '1'] },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'stored-rows-'));
  const digests: Digests = {};
  try {
    for (const [i, s] of strategies.entries()) {
      const db = join(dir, `${i}.sqlite`);
      execFileSync(process.execPath, [cli, ...s.args, '--db', db, '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
      digests[s.name] = tableDigests(db);
      process.stderr.write(`${s.name}: ${Object.keys(digests[s.name]!).length} tables\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return digests;
}

/**
 * Every table whose digest differs between two collections, as `<strategy> <table>: before …, after …`.
 * A table absent on one side and empty on the other holds the same rows (none): a migration that adds
 * a table a run does not write is not a difference.
 */
export function differences(before: Digests, after: Digests): string[] {
  const out: string[] = [];
  const empty = (d: string | undefined): boolean => d === undefined || d.startsWith('0 rows ');
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[name] ?? {};
    const a = after[name] ?? {};
    for (const table of new Set([...Object.keys(b), ...Object.keys(a)])) {
      if (b[table] !== a[table] && !(empty(b[table]) && empty(a[table]))) out.push(`${name} ${table}: before ${b[table] ?? 'absent'}, after ${a[table] ?? 'absent'}`);
    }
  }
  return out;
}

function compare(beforeFile: string, afterFile: string): number {
  const before = JSON.parse(readFileSync(beforeFile, 'utf8')) as Digests;
  const after = JSON.parse(readFileSync(afterFile, 'utf8')) as Digests;
  const differ = differences(before, after);
  const tables = new Set([before, after].flatMap((d) => Object.entries(d).flatMap(([name, t]) => Object.keys(t).map((table) => `${name} ${table}`)))).size;
  for (const line of differ) console.log(line);
  console.log(`${tables} tables compared, ${differ.length} differ`);
  return differ.length === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();

function main(): void {
  const compareAt = process.argv.indexOf('--compare');
  if (compareAt >= 0) {
    const [beforeFile, afterFile] = process.argv.slice(compareAt + 1, compareAt + 3);
    if (beforeFile === undefined || afterFile === undefined) {
      console.error('stored-rows: --compare needs two files, for example --compare before.json after.json');
      process.exit(2);
    }
    process.exit(compare(beforeFile, afterFile));
  }
  const digests = collect(resolve(flag('--root') ?? '.'));
  const text = JSON.stringify(digests, null, 2) + '\n';
  const out = flag('--out');
  if (out === undefined) process.stdout.write(text);
  else writeFileSync(out, text);
}
