import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './database.ts';

/** How long a writer waits for another connection's lock (another process, a backup tool) before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) the SQLite file. WAL lets readers run beside the writer; synchronous=FULL fsyncs the
 * WAL on every commit so an acknowledged write survives power loss (NORMAL would only survive a process crash);
 * foreign keys are off by default in SQLite and the schema relies on them for team scoping.
 */
export function openSqlite(file: string): Kysely<Database> {
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
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}
