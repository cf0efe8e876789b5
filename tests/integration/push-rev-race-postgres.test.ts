// The rev guard of the push write on PostgreSQL (server/store/push/push-batch.ts, kyselyPushStatements.upsert):
// a push decides from the rows it read, then writes with an upsert whose WHERE repeats the decision against the
// row as it is by then. The guard only matters when another writer stores the id in between, so this races one
// for real: a second connection holds the team's change counter (as a slower push of another instance does) and
// stores a newer rev while the push under test, having read the old row, waits for that lock. No sleeps: the test
// waits until PostgreSQL says the push is blocked on the holder. (SQLite: push-statements-sqlite.test.ts.)
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyPushBatch, kyselyPushStatements } from '../../server/store/push/push-batch.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { makeJourney } from '../fixtures/make-journey.ts';
import { makeService } from '../fixtures/make-service.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { seedCaller, seedTeam } from '../helpers/accounts.ts';
import { type OpenedStore, postgresStoreFactory } from '../helpers/store-factories.ts';
import { TEST_DATABASE_URL } from '../helpers/store-postgres.ts';

const ids = createIdGenerator(0x9ace);
const SLOW_DEVICE = ids();
const DEVICE = ids();

describe.skipIf(TEST_DATABASE_URL === undefined)('a push racing a newer rev on PostgreSQL', () => {
  let opened: OpenedStore;
  let store: Store;
  let teamId: string;
  let samplerId: string;
  let journeyId: string;

  beforeEach(async () => {
    opened = await postgresStoreFactory(TEST_DATABASE_URL ?? '').open();
    store = opened.store;
    await store.migrate();
    teamId = (await seedTeam(store, 'Service desk')).id;
    samplerId = (await seedCaller(store, { teamId, role: 'staff' })).user.id;
    const service = makeService({ id: ids(), teamId });
    expect((await store.putService(teamId, service)).status).toBe('accepted');
    const journey = makeJourney({ id: ids(), teamId, serviceId: service.id });
    expect((await store.putJourney(teamId, journey)).status).toBe('accepted');
    journeyId = journey.id;
  });

  afterEach(() => opened.dispose());

  const push = (walkthrough: Walkthrough, clientId: string) => ({
    teamId,
    samplerId,
    clientId,
    walkthroughs: [walkthrough],
  });

  it('keeps the newer rev stored while the push of an older one waited, and answers that push as a duplicate', async () => {
    const id = ids();
    const rev = (n: number, elapsedMs: number) => makeWalkthrough({ id, journeyId, samplerId, rev: n, elapsedMs });
    expect(await store.pushWalkthroughs(push(rev(1, 60_000), DEVICE))).toEqual([{ status: 'accepted', rev: 1 }]);

    let holderPid = 0;
    let holding = () => {};
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The slower push of another instance: it takes the team's counter and writes rev 3, then commits only when
    // told to.
    const newer = testDatabase(store)
      .transaction()
      .execute(async (trx) => {
        holderPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]?.pid ?? 0;
        const results = await applyPushBatch(kyselyPushStatements(trx), push(rev(3, 180_000), SLOW_DEVICE));
        holding();
        await released;
        return results;
      });
    await held;

    // Rev 2 reads the stored row (rev 1: rev 3 is not committed), decides to write, and waits for the counter.
    const older = store.pushWalkthroughs(push(rev(2, 120_000), DEVICE));
    await vi.waitFor(
      async () => {
        const blocked = await sql<{ query: string }>`
          select query from pg_stat_activity where ${holderPid}::int = any(pg_blocking_pids(pid))`.execute(
          testDatabase(store),
        );
        expect(blocked.rows.map((row) => row.query)).toEqual([expect.stringMatching(/^update "change_counters"/)]);
      },
      { timeout: 10_000, interval: 20 },
    );
    release();

    expect(await newer).toEqual([{ status: 'accepted', rev: 3 }]);
    // Its upsert meets rev 3: the guard (stored rev < pushed rev) keeps it, and the record is judged again.
    expect(await older).toEqual([{ status: 'duplicate', rev: 3 }]);
    expect(await store.getWalkthrough(teamId, id)).toEqual(rev(3, 180_000));
    const row = await testDatabase(store)
      .selectFrom('walkthroughs')
      .select(['rev', 'pushed_by_client'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect({ rev: Number(row.rev), pushedBy: row.pushed_by_client }).toEqual({ rev: 3, pushedBy: SLOW_DEVICE });
  });
});
