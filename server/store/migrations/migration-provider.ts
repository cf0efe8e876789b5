import type { Migration, MigrationProvider } from 'kysely';
import { initialMigration } from './0001-initial.ts';

/**
 * Every migration, in order. Names sort in application order (Kysely sorts them) and never change once
 * released; add new entries at the end.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initialMigration,
};

/** In-code provider: migrations ship inside the server bundle, no directory scanning at run time. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
