import { accessSync, closeSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { DataError } from '../core/errors.js';
import { MIGRATIONS } from './schema.js';

export type Db = Database.Database;

const SQLITE_MAGIC = 'SQLite format 3\0';

/** How long a writer waits for another writer's lock before it says so (milliseconds). */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Settings of every connection to a factorlab database, the writer thread's
 * included: the busy timeout, `synchronous=NORMAL` (durable at each WAL
 * checkpoint; a crash loses at most the last commits), foreign keys enforced.
 * The WAL journal is the file's own, set when it is created.
 */
export const CONNECTION_PRAGMAS: readonly string[] = [`busy_timeout = ${BUSY_TIMEOUT_MS}`, 'synchronous = NORMAL', 'foreign_keys = ON'];

export interface OpenDatabaseOptions {
  /**
   * Only read (listings, reports, stress, compare): no write lock is taken, so
   * a database another process is writing can be read, and a read-only file or
   * folder works. A database at an older schema is upgraded first when it can be written.
   */
  readonly readonly?: boolean;
}

/**
 * Open (or create) a factorlab database: WAL journal, `synchronous=NORMAL`, a
 * busy timeout for concurrent writers, and every pending migration applied.
 * Nothing is changed in a file that is not a factorlab database.
 * @throws DataError `not-a-database` (a directory, a path under a file, not SQLite),
 *   `foreign-database` (another application's SQLite file: left unmodified),
 *   `corrupt-database` (with SQLite's integrity check), `database-locked`,
 *   `read-only-database`, `newer-schema`, `old-schema`
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  if (file === ':memory:') return migrated(new Database(file), file);
  const exists = existsSync(file);
  if (exists) {
    if (statSync(file).isDirectory()) throw new DataError('not-a-database', { file }, 'is a directory; pass a database file such as runs/factorlab.sqlite');
    assertSqliteFile(file);
  } else {
    if (options.readonly === true) throw new DataError('not-a-database', { file }, 'no such database; pass the --db the runs were recorded in');
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (err) {
      throw new DataError('not-a-database', { file }, `cannot create its folder (${(err as NodeJS.ErrnoException).code === 'ENOTDIR' || (err as NodeJS.ErrnoException).code === 'EEXIST' ? 'a part of the path is a file' : (err as Error).message}); pass another --db`);
    }
  }
  if (options.readonly !== true && !writable(file)) {
    throw new DataError('read-only-database', { file }, `is read-only (the file${exists ? ' or its folder, which holds the journal,' : "'s folder"} cannot be written); reading works (runs, report, stress, compare); pass a --db you can write to for runs and studies`);
  }
  if (options.readonly === true) {
    // A WAL database needs its shared-memory file beside it even to be read: in a folder that cannot be
    // written, read a private copy (the file and its WAL) instead.
    const source = writable(file) || !isWal(file) ? file : readableCopy(file);
    inspect(source, file);
    const reader = guard(file, () => new Database(source, { readonly: true, fileMustExist: true }));
    reader.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const version = guard(file, () => reader.pragma('user_version', { simple: true }) as number);
    if (version === MIGRATIONS.length) return reader;
    reader.close();
    if (version > MIGRATIONS.length) throw newer(file, version);
    if (!writable(file)) throw new DataError('old-schema', { file }, `has schema version ${version} (this factorlab reads ${MIGRATIONS.length}) and is read-only, so it cannot be upgraded; make it writable once, or use the factorlab it was written with`);
  }
  if (exists) inspect(file, file);
  return migrated(guard(file, () => new Database(file)), file);
}

/** Apply the connection settings and every pending migration under one write lock. */
function migrated(db: Db, file: string): Db {
  try {
    // The busy timeout (first in the list) before the journal mode, so a second process opening the file
    // at the same moment waits instead of failing.
    for (const pragma of CONNECTION_PRAGMAS) db.pragma(pragma);
    db.pragma('journal_mode = WAL');
    // Read the version and migrate under one write lock (BEGIN IMMEDIATE): two processes that open a
    // new file together cannot both apply the same migration.
    const migrate = db.transaction((): number => {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > MIGRATIONS.length) return version;
      for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${MIGRATIONS.length}`);
      return version;
    });
    const version = migrate.immediate();
    if (version > MIGRATIONS.length) throw newer(file, version);
    return db;
  } catch (err) {
    db.close();
    throw err instanceof DataError ? err : sqliteError(file, err);
  }
}

/**
 * Look at an existing file read-only before anything writes to it: another
 * application's SQLite file (tables, but no factorlab `runs` table) is refused
 * unchanged, and a damaged one is named with its integrity check.
 */
function inspect(source: string, file: string): void {
  const db = guard(file, () => new Database(source, { readonly: true, fileMustExist: true }));
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const tables = guard(file, () => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name));
    if (tables.length > 0 && !tables.includes('runs')) {
      const shown = tables.slice(0, 5).join(', ');
      throw new DataError('foreign-database', { file }, `is another application's SQLite database (tables: ${shown}${tables.length > 5 ? ', …' : ''}); it was left unmodified; pass another --db`);
    }
  } finally {
    db.close();
  }
}

/** Run a SQLite step, turning its failures into one clear line. */
function guard<T>(file: string, step: () => T): T {
  try {
    return step();
  } catch (err) {
    throw err instanceof DataError ? err : sqliteError(file, err);
  }
}

function sqliteError(file: string, err: unknown): unknown {
  const code = (err as { code?: string }).code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new DataError('database-locked', { file }, `is locked by another writer (waited ${BUSY_TIMEOUT_MS / 1000} s); try again when it has finished, or use another --db`);
  }
  if (code.startsWith('SQLITE_READONLY')) return new DataError('read-only-database', { file }, 'is read-only; pass a --db you can write to');
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return new DataError('corrupt-database', { file }, `is damaged (SQLite: ${message}; PRAGMA integrity_check: ${integrityCheck(file)}); restore it from a copy, or pass another --db`);
  }
  return err;
}

/** The first line of SQLite's integrity check of the file, or why it could not run. */
function integrityCheck(file: string): string {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
      return rows.length === 0 ? 'no result' : `${rows[0].integrity_check}${rows.length > 1 ? ` (+${rows.length - 1} more)` : ''}`;
    } finally {
      db.close();
    }
  } catch (err) {
    return `could not run (${err instanceof Error ? err.message : String(err)})`;
  }
}

function newer(file: string, version: number): DataError {
  return new DataError('newer-schema', { file }, `schema version ${version} is newer than this factorlab (${MIGRATIONS.length}); upgrade factorlab`);
}

/** Whether the file (or, for a new one, its folder) and its folder can be written (WAL keeps its journal beside the file). */
function writable(file: string): boolean {
  try {
    accessSync(dirname(file), constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether the file's header says WAL journal mode (read and write versions 2). */
function isWal(file: string): boolean {
  const header = fileHeader(file, 20);
  return header.length === 20 && header[18] === 2;
}

/** The first `bytes` bytes of a file (fewer when it is shorter). */
function fileHeader(file: string, bytes: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(bytes);
    return header.subarray(0, readSync(fd, header, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

/** A private copy of a database and its WAL in a temporary folder, for reading where the original's folder cannot be written. */
function readableCopy(file: string): string {
  const copy = join(mkdtempSync(join(tmpdir(), 'factorlab-read-')), basename(file));
  copyFileSync(file, copy);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  return copy;
}

function assertSqliteFile(file: string): void {
  const header = fileHeader(file, 16);
  if (header.length === 0) return;
  if (header.length < 16 || header.toString('latin1') !== SQLITE_MAGIC) {
    throw new DataError('not-a-database', { file }, 'is not a SQLite database; pass another --db file');
  }
}
