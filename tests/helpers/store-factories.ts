import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMemoryLogger } from '../../server/logger.ts';
import { createStore } from '../../server/store/create-store.ts';
import type { Store, StoreKind } from '../../server/store/store.ts';
import { createIsolatedPostgres, TEST_DATABASE_URL } from './store-postgres.ts';

export type OpenedStore = {
  readonly store: Store;
  /** Closes the store and deletes its data (the temp directory, or the PostgreSQL schema). */
  dispose(): Promise<void>;
};

export type StoreFactory = {
  readonly kind: StoreKind;
  /** A brand-new empty store, not yet migrated. */
  open(): Promise<OpenedStore>;
};

export const sqliteStoreFactory: StoreFactory = {
  kind: 'sqlite',
  async open() {
    const dir = await mkdtemp(path.join(tmpdir(), 'js-store-'));
    const store = createStore(
      { kind: 'sqlite', file: path.join(dir, 'journey-sampler.db') },
      { logger: createMemoryLogger() },
    );
    return {
      store,
      async dispose() {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

/** Stores in fresh schemas of the PostgreSQL database at `baseUrl` (TEST_DATABASE_URL), for PostgreSQL-only suites. */
export const postgresStoreFactory = (baseUrl: string): StoreFactory => ({
  kind: 'postgres',
  async open() {
    const isolated = await createIsolatedPostgres(baseUrl);
    const store = createStore({ kind: 'postgres', url: isolated.url }, { logger: createMemoryLogger() });
    return {
      store,
      async dispose() {
        await store.close();
        await isolated.drop();
      },
    };
  },
});

/**
 * The stores a store suite runs against: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. Use with
 * `describe.each(storeFactories())` so both run the very same tests.
 */
export function storeFactories(): StoreFactory[] {
  return TEST_DATABASE_URL === undefined
    ? [sqliteStoreFactory]
    : [sqliteStoreFactory, postgresStoreFactory(TEST_DATABASE_URL)];
}
