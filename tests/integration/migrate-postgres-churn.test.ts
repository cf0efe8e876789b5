// Migrating while other schemas of the same PostgreSQL database come and go: other tenants, or (as in this suite's
// own parallel test files) other tests' isolated schemas being dropped. Kysely's migrator reads every schema's
// tables to find its own; a schema dropped during that read failed the migration ("schema … does not exist").
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../server/logger.ts';
import { createStore } from '../../server/store/create-store.ts';
import { createIsolatedPostgres, TEST_DATABASE_URL } from '../helpers/store-postgres.ts';

const STORES = 12;

describe.skipIf(TEST_DATABASE_URL === undefined)('migrations on PostgreSQL while other schemas are dropped', () => {
  const baseUrl = TEST_DATABASE_URL ?? '';
  let churning = true;
  afterAll(() => {
    churning = false;
  });

  it(`migrates ${STORES} fresh stores while another client creates and drops schemas with tables`, async () => {
    const churn = (async () => {
      let rounds = 0;
      while (churning) {
        const other = await createIsolatedPostgres(baseUrl);
        const store = createStore({ kind: 'postgres', url: other.url }, { logger: createMemoryLogger() });
        await store.migrate();
        await store.close();
        await other.drop();
        rounds++;
      }
      return rounds;
    })();
    const failures: string[] = [];
    for (let i = 0; i < STORES; i++) {
      const own = await createIsolatedPostgres(baseUrl);
      const store = createStore({ kind: 'postgres', url: own.url }, { logger: createMemoryLogger() });
      try {
        const report = await store.migrate();
        expect(report.applied.length).toBeGreaterThan(0);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      } finally {
        await store.close();
        await own.drop();
      }
    }
    churning = false;
    // The churn really overlapped the migrations (each of its rounds is one create, migrate and drop).
    expect(await churn).toBeGreaterThan(2);
    expect(failures).toEqual([]);
  }, 120_000);
});
