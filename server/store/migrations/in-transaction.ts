import type { Kysely } from 'kysely';

/**
 * Runs a migration body atomically on both dialects. Kysely's Migrator already wraps each migration in a
 * transaction on PostgreSQL (transactional DDL) but not on SQLite, although SQLite's DDL is transactional too:
 * without this a failed statement would leave half a schema behind. Kysely refuses nested `transaction()`, so an
 * open transaction is reused.
 */
export async function inTransaction<DB>(db: Kysely<DB>, body: (trx: Kysely<DB>) => Promise<void>): Promise<void> {
  if (db.isTransaction) {
    await body(db);
    return;
  }
  await db.transaction().execute(body);
}
