import { existsSync, mkdirSync, openSync, readSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { DataError } from '../core/errors.js';
import { MIGRATIONS } from './schema.js';

export type Db = Database.Database;

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * Settings of every connection to a factorlab database, the writer thread's
 * included: the busy timeout, `synchronous=NORMAL` (durable at each WAL
 * checkpoint; a crash loses at most the last commits), foreign keys enforced.
 * The WAL journal is the file's own, set when it is created.
 */
export const CONNECTION_PRAGMAS: readonly string[] = ['busy_timeout = 5000', 'synchronous = NORMAL', 'foreign_keys = ON'];

/**
 * Open (or create) a factorlab database: WAL journal, `synchronous=NORMAL`, a
 * busy timeout for concurrent writers, and every pending migration applied.
 * @throws DataError `not-a-database` when the file exists but is not SQLite
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') {
    if (existsSync(file)) assertSqliteFile(file);
    else mkdirSync(dirname(file), { recursive: true });
  }
  const db = new Database(file);
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
  if (version > MIGRATIONS.length) {
    db.close();
    throw new DataError('newer-schema', { file }, `schema version ${version} is newer than this factorlab (${MIGRATIONS.length}); upgrade factorlab`);
  }
  return db;
}

function assertSqliteFile(file: string): void {
  const fd = openSync(file, 'r');
  const header = Buffer.alloc(16);
  const read = readSync(fd, header, 0, 16, 0);
  closeSync(fd);
  if (read === 0) return;
  if (read < 16 || header.toString('latin1') !== SQLITE_MAGIC) {
    throw new DataError('not-a-database', { file }, 'is not a SQLite database; pass another --db file');
  }
}
