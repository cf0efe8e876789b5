import { type Kysely, sql } from 'kysely';
import type { StoreConfig } from '../config.ts';
import { createJsonLogger, type Logger } from '../logger.ts';
import * as accountQueries from './account-queries.ts';
import { bindQueries } from './bind-queries.ts';
import type { Database } from './core/database.ts';
import { migrateToLatest } from './migrate.ts';
import { openPostgres } from './open-postgres.ts';
import { openSqlite } from './open-sqlite.ts';
import type { QueryContext, Store, StoreHealth } from './store.ts';
import * as storeQueries from './store-queries.ts';

export type CreateStoreOptions = { readonly logger?: Logger };

/** The context of each store: only tests reach it, through server/store/testing (the Store hides its database). */
const contexts = new WeakMap<Store, QueryContext>();

/**
 * Opens the store the config names. SQLite opens its file now (and throws if it cannot); PostgreSQL connects on
 * first use, so call `health()` to find out whether DATABASE_URL is reachable. Run `migrate()` before use.
 */
export function createStore(config: StoreConfig, options: CreateStoreOptions = {}): Store {
  const logger = options.logger ?? createJsonLogger();
  // SQLite: pushes share transactions (one fsync for many); PostgreSQL: a transaction per push (push/).
  const opened =
    config.kind === 'sqlite' ? openSqlite(config.file) : { db: openPostgres(config.url, logger), pushes: undefined };
  const context: QueryContext = {
    db: opened.db,
    kind: config.kind,
    pushGroup: opened.pushes,
    logger,
  };
  const { db, pushGroup } = context;
  let closed: Promise<void> | undefined;
  const store: Store = {
    ...bindQueries(context, storeQueries),
    kind: config.kind,
    location: config.kind === 'sqlite' ? config.file : null,
    migrate: () => migrateToLatest(context),
    health: () => checkHealth(db),
    // Idempotent: shutdown paths may race (signal during startup) and Kysely must be destroyed only once.
    close: () => {
      closed ??= (pushGroup?.drain() ?? Promise.resolve()).then(() => db.destroy());
      return closed;
    },
    accounts: bindQueries(context, accountQueries),
  };
  contexts.set(store, context);
  return store;
}

/**
 * The context `store`'s queries are bound to, for server/store/testing alone: tests that inspect or corrupt rows
 * reach the database through it. Throws for a store createStore did not make (a test double).
 *
 * @internal
 */
export function storeContextOf(store: Store): QueryContext {
  const context = contexts.get(store);
  if (context === undefined) throw new Error('storeContextOf: not a store made by createStore');
  return context;
}

async function checkHealth(db: Kysely<Database>): Promise<StoreHealth> {
  try {
    const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(db);
    return rows.length === 1 ? { ok: true } : { ok: false, error: new Error('select 1 returned no row') };
  } catch (error) {
    return { ok: false, error };
  }
}
