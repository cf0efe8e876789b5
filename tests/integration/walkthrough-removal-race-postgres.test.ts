// A removal racing a push of the same walkthrough on PostgreSQL (server/store/push/push-batch.ts, statements.removed):
// the push reads the walkthrough as still stored (the removal has not committed), decides to write a new rev, and
// waits for the team's change counter, which the removal holds. Once the removal commits, the push must find it
// and answer duplicate rather than insert the walkthrough again: the removals are read under the counter lock.
// The other order too: a push that holds the counter when a removal of the same walkthrough starts. The removal
// must take the counter before it deletes the row, or the push's upsert and the removal wait on each other
// (deadlock, 40P01). No sleeps: each test waits until PostgreSQL says the one is blocked on the other. (SQLite runs one transaction
// at a time on its one connection, so there is no such window there.) Skipped without TEST_DATABASE_URL.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reserveChangeSeqs } from '../../server/store/core/change-seq.ts';
import { applyPushBatch, kyselyPushStatements } from '../../server/store/push/push-batch.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { makeJourney } from '../fixtures/make-journey.ts';
import { makeService } from '../fixtures/make-service.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { seedCaller, seedTeam } from '../helpers/accounts.ts';
import { type OpenedStore, postgresStoreFactory } from '../helpers/store-factories.ts';
import { TEST_DATABASE_URL } from '../helpers/store-postgres.ts';

const ids = createIdGenerator(0x7e41);
const DEVICE = ids();

describe.skipIf(TEST_DATABASE_URL === undefined)('a push racing a removal on PostgreSQL', () => {
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

  it('a new rev pushed while the removal commits is answered duplicate and not stored again', async () => {
    const id = ids();
    const rev = (n: number) => makeWalkthrough({ id, journeyId, samplerId, rev: n });
    const push = (n: number) => store.pushWalkthroughs({ teamId, samplerId, clientId: DEVICE, walkthroughs: [rev(n)] });
    expect(await push(1)).toEqual([{ status: 'accepted', rev: 1 }]);

    let holderPid = 0;
    let holding = () => {};
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // What removeWalkthroughs writes, in its order (the row, then a change_seq, then the removal), held open.
    const removal = testDatabase(store)
      .transaction()
      .execute(async (trx) => {
        holderPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]?.pid ?? 0;
        await trx.deleteFrom('walkthroughs').where('team_id', '=', teamId).where('id', '=', id).execute();
        const seq = await reserveChangeSeqs(trx, teamId, 1);
        await trx
          .insertInto('walkthrough_removals')
          .values({ team_id: teamId, walkthrough_id: id, change_seq: seq })
          .execute();
        holding();
        await released;
      });
    await held;

    // Rev 2 reads the stored row (rev 1: the delete is not committed), decides to write, and waits for the counter.
    const pushed = push(2);
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
    await removal;

    expect(await pushed).toEqual([{ status: 'duplicate', rev: 2 }]);
    expect(await store.getWalkthrough(teamId, id)).toBeUndefined();
  });

  it('a removal that starts while a push of the same walkthrough holds the counter waits for it, and neither fails', async () => {
    const id = ids();
    const rev = (n: number) => makeWalkthrough({ id, journeyId, samplerId, rev: n });
    const input = (n: number) => ({ teamId, samplerId, clientId: DEVICE, walkthroughs: [rev(n)] });
    expect(await store.pushWalkthroughs(input(1))).toEqual([{ status: 'accepted', rev: 1 }]);

    let pusherPid = 0;
    let holding = () => {};
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The real push of rev 2, paused between taking the counter lock and upserting the row.
    const pushed = testDatabase(store)
      .transaction()
      .execute(async (trx) => {
        pusherPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]?.pid ?? 0;
        const statements = kyselyPushStatements(trx);
        return applyPushBatch(
          {
            ...statements,
            async upsert(rows) {
              holding();
              await released;
              return statements.upsert(rows);
            },
          },
          input(2),
        );
      });
    await held;

    const removal = store.removeWalkthroughs(teamId, [id]);
    await vi.waitFor(
      async () => {
        const blocked = await sql<{ query: string }>`
          select query from pg_stat_activity where ${pusherPid}::int = any(pg_blocking_pids(pid))`.execute(
          testDatabase(store),
        );
        expect(blocked.rows).toHaveLength(1);
      },
      { timeout: 10_000, interval: 20 },
    );
    release();

    expect(await pushed).toEqual([{ status: 'accepted', rev: 2 }]);
    expect(await removal).toEqual([id]);
    expect(await store.getWalkthrough(teamId, id)).toBeUndefined();
    expect(await store.pushWalkthroughs(input(3))).toEqual([{ status: 'duplicate', rev: 3 }]);
  });
});
