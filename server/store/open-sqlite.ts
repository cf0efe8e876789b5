import SqliteDatabase from 'better-sqlite3';
import { Kysely, type SqliteDatabase as KyselySqliteDatabase, SqliteDialect } from 'kysely';
import type { Database } from './core/database.ts';
import { createSqliteGroupCommit, type PushGroupCommit } from './push/group-commit.ts';

/** How long a writer waits for another connection's lock (another process, a backup tool) before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** Prepared statements kept per connection (least recently used dropped first). The store has ~100 distinct queries. */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely sees it, with a statement cache: Kysely's SQLite driver prepares every query it runs,
 * and preparing cost as much as running a small one (the token lookup every request makes, a pull page). Reusing
 * a statement is safe here because the driver runs one query at a time on the one connection (its mutex), and a
 * prepared statement follows schema changes by itself (SQLite re-prepares it).
 */
export function withStatementCache(database: SqliteDatabase.Database): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      const cached = cache.get(sql);
      // Re-inserted on every use, so the Map's first key is always the least recently used.
      if (cached !== undefined) cache.delete(sql);
      else if (cache.size >= STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next();
        if (oldest.done !== true) cache.delete(oldest.value);
      }
      const statement = cached ?? database.prepare(sql);
      cache.set(sql, statement);
      return statement;
    },
  };
}

export type OpenedSqlite = {
  readonly db: Kysely<Database>;
  /** The writer of sync pushes, sharing the connection: pushes are group-committed (push/group-commit.ts). */
  readonly pushes: PushGroupCommit;
};

/**
 * Opens (creating if needed) the SQLite file, one connection for the whole store. WAL lets readers run beside the writer; synchronous=FULL fsyncs the
 * WAL on every commit so an acknowledged write survives power loss (NORMAL would only survive a process crash);
 * foreign keys are off by default in SQLite and the schema relies on them for team scoping.
 */
export function openSqlite(file: string): OpenedSqlite {
  const database = new SqliteDatabase(file);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  } catch (error) {
    database.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  // The group commit runs its prepared statements on the raw handle while holding `db`'s one connection.
  const pushes = createSqliteGroupCommit(db, database);
  return { db: db.withPlugin(pushes.kick), pushes };
}
