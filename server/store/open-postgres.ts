import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import type { Database } from './core/database.ts';

/** An unreachable host must fail startup and health checks in seconds, not hang on the OS connect timeout. */
export const PG_CONNECT_TIMEOUT_MS = 5000;
export const PG_POOL_SIZE = 10;

/**
 * A pool over DATABASE_URL. Nothing connects until the first query. Deliberately no custom type parsers: int8
 * stays a string here and is normalised where rows are mapped (core/normalise.ts), so the trap stays visible and
 * tested instead of hidden in a process-wide setting.
 */
export function openPostgres(url: string, logger: Logger): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: PG_POOL_SIZE,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
  });
  // An idle client whose connection drops (database restart, failover) emits 'error' on the pool; unhandled, that
  // would crash the process. The pool discards the client and the next query reconnects.
  pool.on('error', (error) => logger.warn('idle PostgreSQL connection failed', { error: error.message }));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
