// Which device stored a walkthrough's current rev (`pushed_by_client`, migration 0006), in the store on both
// databases: the push path writes it exactly when it writes the record, and the migration comes and goes without
// touching the rows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { walkthroughPushedByMigration } from '../../server/store/migrations/0006-walkthrough-pushed-by.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { makeJourney } from '../fixtures/make-journey.ts';
import { makeService } from '../fixtures/make-service.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { type SeededTeam, seedTeamMembers } from '../helpers/api-harness.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

const ids = createIdGenerator(0xb1d);
const DESKTOP = ids();
const LAPTOP = ids();

describe.each(storeFactories())('the device that stored a walkthrough, on $kind', ({ open }) => {
  let opened: OpenedStore;
  let store: Store;
  let team: SeededTeam;
  let journeyId: string;

  beforeEach(async () => {
    opened = await open();
    store = opened.store;
    await store.migrate();
    team = await seedTeamMembers(store, 'Team');
    const service = makeService({ id: ids(), teamId: team.teamId });
    await store.putService(team.teamId, service);
    const journey = makeJourney({ id: ids(), teamId: team.teamId, serviceId: service.id });
    await store.putJourney(team.teamId, journey);
    journeyId = journey.id;
  });
  afterEach(async () => {
    await opened.dispose();
  });

  const walkthrough = (): Walkthrough => makeWalkthrough({ journeyId, samplerId: team.staff.userId }, ids);
  const push = (clientId: string, walkthroughs: readonly Walkthrough[], samplerId = team.staff.userId) =>
    store.pushWalkthroughs({ teamId: team.teamId, samplerId, clientId, walkthroughs });
  const stored = async (id: string) =>
    testDatabase(store)
      .selectFrom('walkthroughs')
      .select(['rev', 'change_seq', 'pushed_by_client'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
      .then((row) => ({ rev: Number(row.rev), changeSeq: Number(row.change_seq), by: row.pushed_by_client }));

  it('an accepted push records its device; a duplicate or a rejected record from another device leaves it', async () => {
    const w = walkthrough();
    const other = walkthrough();
    expect(await push(DESKTOP, [w, other])).toEqual([
      { status: 'accepted', rev: 1 },
      { status: 'accepted', rev: 1 },
    ]);
    const first = await stored(w.id);
    expect(first.by).toBe(DESKTOP);

    // The laptop replays rev 1, twice in one batch: duplicates, nothing moves.
    expect(await push(LAPTOP, [w, w])).toEqual([
      { status: 'duplicate', rev: 1 },
      { status: 'duplicate', rev: 1 },
    ]);
    expect(await stored(w.id)).toEqual(first);
    // Another sampler's push of the id is refused: not theirs.
    expect(await push(LAPTOP, [{ ...w, rev: 5, samplerId: null }], team.otherStaff.userId)).toEqual([
      { status: 'rejected', reason: 'not_owner' },
    ]);
    expect(await stored(w.id)).toEqual(first);

    // A newer rev from the laptop is the laptop's, in the same batch as a replay of the other one.
    expect(await push(LAPTOP, [{ ...w, rev: 2 }, other])).toEqual([
      { status: 'accepted', rev: 2 },
      { status: 'duplicate', rev: 1 },
    ]);
    expect(await stored(w.id)).toMatchObject({ rev: 2, by: LAPTOP });
    expect((await stored(other.id)).by).toBe(DESKTOP);
    // Two revs of one id in one batch: the one written is the last, and so is its device.
    expect(
      await push(DESKTOP, [
        { ...w, rev: 3 },
        { ...w, rev: 4 },
      ]),
    ).toEqual([
      { status: 'accepted', rev: 3 },
      { status: 'accepted', rev: 4 },
    ]);
    expect(await stored(w.id)).toMatchObject({ rev: 4, by: DESKTOP });
  });

  it('a rev written outside a push (putWalkthrough) is no device’s', async () => {
    const w = walkthrough();
    await push(DESKTOP, [w]);
    expect(await store.putWalkthrough(team.teamId, { ...w, rev: 2 })).toEqual({ status: 'accepted' });
    expect(await stored(w.id)).toMatchObject({ rev: 2, by: null });
  });

  it('migration 0006 goes down and up again keeping every row; rows from before it belong to no device', async () => {
    const w = walkthrough();
    await push(DESKTOP, [w]);
    const columns = async () =>
      (await testDatabase(store).introspection.getTables())
        .find((table) => table.name === 'walkthroughs')
        ?.columns.map((column) => column.name) ?? [];
    expect(await columns()).toContain('pushed_by_client');

    await walkthroughPushedByMigration.down?.(testDatabase(store));
    expect(await columns()).not.toContain('pushed_by_client');
    expect(await store.getWalkthrough(team.teamId, w.id)).toStrictEqual(w);

    await walkthroughPushedByMigration.up(testDatabase(store));
    expect(await stored(w.id)).toMatchObject({ rev: 1, by: null });
    expect(await store.getWalkthrough(team.teamId, w.id)).toStrictEqual(w);
    // And pushes write it again.
    await push(LAPTOP, [{ ...w, rev: 2 }]);
    expect(await stored(w.id)).toMatchObject({ rev: 2, by: LAPTOP });
  });
});
