import { type Kysely, Migrator, sql } from 'kysely';
import type { Database } from './core/database.ts';
import type { StoreContext } from './core/store-context.ts';
import { migrationProvider } from './migrations/migration-provider.ts';

export type MigrationReport = { readonly applied: readonly string[] };

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * Brings the schema to the latest version; a second run applies nothing. On PostgreSQL several instances may
 * start at once: Kysely serialises their runs with a database-wide advisory lock. A SQLite file belongs to one
 * server process.
 */
export async function migrateToLatest({ db, kind }: StoreContext): Promise<MigrationReport> {
  // On PostgreSQL the bookkeeping tables must live in the schema we work in. Without an explicit schema Kysely
  // looks for `kysely_migration` in *every* schema of the database, finds another tenant's (or another test
  // run's), skips creating ours and then fails: so name the current schema (from search_path) outright.
  const migrationTableSchema = kind === 'postgres' ? await currentSchema(db) : undefined;
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error === undefined) {
      return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
    }
    // Kysely still reads every schema's tables to find its own (has_schema_privilege over each name), and that
    // read fails when another schema of the database is dropped meanwhile: another tenant's, or another test
    // file's. Nothing was applied by then (or a rerun applies nothing), so read again.
    if (attempt < MAX_MIGRATE_ATTEMPTS && isOtherSchemaVanished(error, migrationTableSchema)) continue;
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'the migrator';
    throw new MigrationError(
      `migration failed in ${failed}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** How often a migration run is retried when another schema vanished under Kysely's catalog read. */
export const MAX_MIGRATE_ATTEMPTS = 5;

/** PostgreSQL's invalid_schema_name, naming a schema that is not the one we migrate. */
export function isOtherSchemaVanished(error: unknown, ownSchema: string | undefined): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error) || error.code !== '3F000') return false;
  const message = 'message' in error && typeof error.message === 'string' ? error.message : '';
  return ownSchema === undefined || !message.includes(`"${ownSchema}"`);
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (typeof schema !== 'string') {
    throw new MigrationError('no current schema: the search_path names no schema that exists');
  }
  return schema;
}
