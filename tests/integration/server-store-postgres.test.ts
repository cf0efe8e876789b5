import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../server/logger.ts';
import { createStore } from '../../server/store/create-store.ts';
import { MIGRATIONS } from '../../server/store/migrations/migration-provider.ts';
import type { Store } from '../../server/store/store.ts';
import { makeTeam } from '../fixtures/make-team.ts';
import { FIXTURE_IDS } from '../fixtures/seeded-ids.ts';
import { createIsolatedPostgres, type IsolatedPostgres, TEST_DATABASE_URL } from '../helpers/store-postgres.ts';

async function tablesIn(baseUrl: string, schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = $1 order by table_name',
      [schema],
    );
    return rows.map((r) => r.table_name);
  } finally {
    await client.end();
  }
}

describe.skipIf(TEST_DATABASE_URL === undefined)('PostgreSQL store isolation', () => {
  const baseUrl = TEST_DATABASE_URL ?? '';
  const opened: { isolated: IsolatedPostgres; store: Store }[] = [];
  afterEach(async () => {
    for (const { isolated, store } of opened.splice(0)) {
      await store.close();
      await isolated.drop();
    }
  });

  const openIsolated = async () => {
    const isolated = await createIsolatedPostgres(baseUrl);
    const store = createStore({ kind: 'postgres', url: isolated.url }, { logger: createMemoryLogger() });
    opened.push({ isolated, store });
    return { isolated, store };
  };

  it('migrates two schemas of one database at once, each with its own migration bookkeeping', async () => {
    const [one, two] = await Promise.all([openIsolated(), openIsolated()]);
    const reports = await Promise.all([one.store.migrate(), two.store.migrate()]);
    expect(reports.map((r) => r.applied)).toEqual([Object.keys(MIGRATIONS), Object.keys(MIGRATIONS)]);

    for (const { isolated } of [one, two]) {
      expect(await tablesIn(baseUrl, isolated.schema)).toEqual(
        expect.arrayContaining([
          'access_tokens',
          'change_counters',
          'feedback',
          'journey_targets',
          'journeys',
          'kysely_migration',
          'kysely_migration_lock',
          'services',
          'sessions',
          'sign_in_codes',
          'teams',
          'users',
          'walkthroughs',
        ]),
      );
    }
    await one.store.createTeam(makeTeam());
    expect(await one.store.getTeam(FIXTURE_IDS.teamId)).toStrictEqual(makeTeam());
    expect(await two.store.getTeam(FIXTURE_IDS.teamId)).toBeUndefined();
  });

  it('never reports its URL (which may hold a password) as its location', async () => {
    const { store } = await openIsolated();
    expect(store.location).toBeNull();
    expect(store.kind).toBe('postgres');
  });
});
