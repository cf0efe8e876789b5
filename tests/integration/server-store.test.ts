import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { MAX_PAGE_SIZE } from '../../server/store/core/page.ts';
import { StoredRecordError } from '../../server/store/core/stored-record-error.ts';
import { MIGRATIONS } from '../../server/store/migrations/migration-provider.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { MAX_DURATION_MS } from '../../shared/schemas/common.ts';
import { feedbackSchema } from '../../shared/schemas/feedback.ts';
import { journeySchema } from '../../shared/schemas/journey.ts';
import { journeyTargetsSchema } from '../../shared/schemas/journey-targets.ts';
import { serviceSchema } from '../../shared/schemas/service.ts';
import { teamSchema } from '../../shared/schemas/team.ts';
import { type Walkthrough, walkthroughSchema } from '../../shared/schemas/walkthrough.ts';
import { FULL_FEEDBACK_OVERRIDES, MINIMAL_FEEDBACK_OVERRIDES, makeFeedback } from '../fixtures/make-feedback.ts';
import { makeJourney } from '../fixtures/make-journey.ts';
import { makeService } from '../fixtures/make-service.ts';
import { FULL_TARGETS_OVERRIDES, MINIMAL_TARGETS_OVERRIDES, makeTargets } from '../fixtures/make-targets.ts';
import { makeTeam } from '../fixtures/make-team.ts';
import {
  FULL_WALKTHROUGH_OVERRIDES,
  MINIMAL_WALKTHROUGH_OVERRIDES,
  makeWalkthrough,
} from '../fixtures/make-walkthrough.ts';
import { createIdGenerator, FIXTURE_IDS, fixtureTime } from '../fixtures/seeded-ids.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

// Team A is the fixture catalog the builders default to; team B is the other team, there to be kept out.
const { teamId: TEAM_A, serviceId: SERVICE_A, journeyId: JOURNEY_A } = FIXTURE_IDS;
const { teamId: TEAM_B, serviceId: SERVICE_B, journeyId: JOURNEY_B } = FIXTURE_IDS.otherTeam;

/** Tables the migrations must create (later migrations may add more). */
const STORE_TABLES = [
  'access_tokens',
  'change_counters',
  'feedback',
  'journey_targets',
  'journeys',
  'services',
  'sessions',
  'sign_in_codes',
  'teams',
  'users',
  'walkthroughs',
];

/** Ids for records a test needs besides the builders' defaults. */
const freshIds = createIdGenerator(0x5707e);

/** Deep-equal to what the schema makes of the input, and byte-equal once serialised (same keys, same order). */
function expectRoundTrip<S extends z.ZodType>(schema: S, actual: unknown, input: unknown): void {
  const expected = schema.parse(input);
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

/** Two teams, each with one service and one journey, so scoping has something to leak. */
async function seedCatalog(store: Store): Promise<void> {
  for (const [teamId, serviceId, journeyId, name] of [
    [TEAM_A, SERVICE_A, JOURNEY_A, 'Team a'],
    [TEAM_B, SERVICE_B, JOURNEY_B, 'Team b'],
  ] as const) {
    expect(await store.createTeam(makeTeam({ id: teamId, name }))).toEqual({
      status: 'accepted',
    });
    expect(await store.putService(teamId, makeService({ id: serviceId, teamId }))).toEqual({ status: 'accepted' });
    expect(await store.putJourney(teamId, makeJourney({ id: journeyId, teamId, serviceId }))).toEqual({
      status: 'accepted',
    });
  }
}

async function changeSeqOf(store: Store, walkthroughId: string): Promise<number> {
  const row = await testDatabase(store)
    .selectFrom('walkthroughs')
    .select('change_seq')
    .where('id', '=', walkthroughId)
    .executeTakeFirstOrThrow();
  return Number(row.change_seq);
}

describe.each(storeFactories())('store on $kind', ({ open, kind }) => {
  describe('migrations', () => {
    let opened: OpenedStore;
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => {
      await opened.dispose();
    });

    it('applies every migration once; a second run applies nothing and keeps the data', async () => {
      const { store } = opened;
      expect((await store.migrate()).applied).toEqual(Object.keys(MIGRATIONS));
      const tablesAfterFirst = (await testDatabase(store).introspection.getTables()).map((t) => t.name).sort();
      expect(tablesAfterFirst).toEqual(expect.arrayContaining(STORE_TABLES));
      await store.createTeam(makeTeam());

      expect((await store.migrate()).applied).toEqual([]);
      expect((await testDatabase(store).introspection.getTables()).map((t) => t.name).sort()).toEqual(tablesAfterFirst);
      expect(await store.getTeam(TEAM_A)).toStrictEqual(makeTeam());
    });

    it('reports the database healthy, and unhealthy once closed', async () => {
      expect(await opened.store.health()).toEqual({ ok: true });
      expect(opened.store.kind).toBe(kind);
      await opened.store.close();
      expect((await opened.store.health()).ok).toBe(false);
    });
  });

  describe('with a migrated store', () => {
    let opened: OpenedStore;
    let store: Store;
    beforeEach(async () => {
      opened = await open();
      store = opened.store;
      await store.migrate();
      await seedCatalog(store);
    });
    afterEach(async () => {
      await opened.dispose();
    });

    describe('round trips every record type unchanged', () => {
      it('team', async () => {
        expectRoundTrip(teamSchema, await store.getTeam(TEAM_A), makeTeam({ id: TEAM_A, name: 'Team a' }));
      });

      it('service, archived or not', async () => {
        expectRoundTrip(serviceSchema, await store.getService(TEAM_A, SERVICE_A), makeService());
        const archived = makeService({ rev: 2, archived: true, description: '', updatedAt: fixtureTime(1) });
        expect(await store.putService(TEAM_A, archived)).toEqual({ status: 'accepted' });
        expectRoundTrip(serviceSchema, await store.getService(TEAM_A, SERVICE_A), archived);
      });

      it('journey with its ordered steps', async () => {
        expectRoundTrip(journeySchema, await store.getJourney(TEAM_A, JOURNEY_A), makeJourney());
        // A step without URL patterns, which the seeded journey does not have.
        const [first, ...rest] = makeJourney().steps;
        if (first === undefined) throw new Error('the fixture journey has steps');
        const manualFirstStep = makeJourney({ rev: 2, steps: [{ ...first, urlPatterns: [] }, ...rest] });
        expect(await store.putJourney(TEAM_A, manualFirstStep)).toEqual({ status: 'accepted' });
        expectRoundTrip(journeySchema, await store.getJourney(TEAM_A, JOURNEY_A), manualFirstStep);
      });

      it('journey targets, with every optional target and with none', async () => {
        const full = makeTargets(FULL_TARGETS_OVERRIDES);
        expect(await store.putJourneyTargets(TEAM_A, full)).toEqual({ status: 'accepted' });
        expectRoundTrip(journeyTargetsSchema, await store.getJourneyTargets(TEAM_A, JOURNEY_A), full);
        const minimal = makeTargets({ ...MINIMAL_TARGETS_OVERRIDES, journeyId: JOURNEY_B });
        expect(await store.putJourneyTargets(TEAM_B, minimal)).toEqual({ status: 'accepted' });
        expectRoundTrip(journeyTargetsSchema, await store.getJourneyTargets(TEAM_B, JOURNEY_B), minimal);
      });

      it('walkthrough, full and minimal, stored as the exact JSON it arrived as', async () => {
        for (const walkthrough of [
          makeWalkthrough(FULL_WALKTHROUGH_OVERRIDES),
          makeWalkthrough(MINIMAL_WALKTHROUGH_OVERRIDES),
        ]) {
          expect(await store.putWalkthrough(TEAM_A, walkthrough)).toEqual({ status: 'accepted' });
          expectRoundTrip(walkthroughSchema, await store.getWalkthrough(TEAM_A, walkthrough.id), walkthrough);
          const row = await testDatabase(store)
            .selectFrom('walkthroughs')
            .select('record_json')
            .where('id', '=', walkthrough.id)
            .executeTakeFirstOrThrow();
          expect(row.record_json).toBe(JSON.stringify(walkthrough));
        }
      });

      it('feedback, full and minimal', async () => {
        const full = makeFeedback({ ...FULL_FEEDBACK_OVERRIDES, rating: 4 });
        const minimal = makeFeedback({ ...MINIMAL_FEEDBACK_OVERRIDES, rating: 1 });
        for (const feedback of [full, minimal]) {
          expect(await store.insertFeedback(TEAM_A, feedback)).toEqual({ status: 'accepted' });
        }
        const { items } = await store.listFeedback(TEAM_A);
        expect(items).toHaveLength(2);
        expectRoundTrip(
          feedbackSchema,
          items.find((f) => f.id === full.id),
          full,
        );
        expectRoundTrip(
          feedbackSchema,
          items.find((f) => f.id === minimal.id),
          minimal,
        );
      });
    });

    describe('putWalkthrough is idempotent and keeps the newest rev', () => {
      it('a replay of the same rev is a duplicate and changes nothing, even with different content', async () => {
        const original = makeWalkthrough({ ...FULL_WALKTHROUGH_OVERRIDES, rev: 1 });
        expect(await store.putWalkthrough(TEAM_A, original)).toEqual({ status: 'accepted' });
        const seq = await changeSeqOf(store, original.id);

        expect(await store.putWalkthrough(TEAM_A, original)).toEqual({ status: 'duplicate' });
        const sameRevOtherContent = makeWalkthrough({ ...original, rev: 1, journeyName: 'Something else' });
        expect(await store.putWalkthrough(TEAM_A, sameRevOtherContent)).toEqual({ status: 'duplicate' });

        expect(await store.getWalkthrough(TEAM_A, original.id)).toStrictEqual(original);
        expect(await changeSeqOf(store, original.id)).toBe(seq);
      });

      it('a newer rev replaces the record and takes a later change sequence; an older one is a duplicate', async () => {
        const rev1 = makeWalkthrough({ ...FULL_WALKTHROUGH_OVERRIDES, rev: 1 });
        const { id } = rev1;
        expect(await store.putWalkthrough(TEAM_A, rev1)).toEqual({ status: 'accepted' });
        const seq1 = await changeSeqOf(store, id);
        const rev3 = makeWalkthrough({ ...rev1, rev: 3, outcome: 'completed', journeyName: 'Renamed' });
        expect(await store.putWalkthrough(TEAM_A, rev3)).toEqual({ status: 'accepted' });
        const seq3 = await changeSeqOf(store, id);
        expect(seq3).toBeGreaterThan(seq1);

        expect(await store.putWalkthrough(TEAM_A, makeWalkthrough({ ...rev1, rev: 2 }))).toEqual({
          status: 'duplicate',
        });
        expect(await store.getWalkthrough(TEAM_A, id)).toStrictEqual(rev3);
        expect(await changeSeqOf(store, id)).toBe(seq3);
      });

      it('compares revs as numbers, not as text (rev 10 is newer than rev 9)', async () => {
        const rev9 = makeWalkthrough({ ...FULL_WALKTHROUGH_OVERRIDES, rev: 9 });
        const { id } = rev9;
        await store.putWalkthrough(TEAM_A, rev9);
        expect(await store.putWalkthrough(TEAM_A, makeWalkthrough({ ...rev9, rev: 10 }))).toEqual({
          status: 'accepted',
        });
        expect(await store.putWalkthrough(TEAM_A, rev9)).toEqual({ status: 'duplicate' });
        expect((await store.getWalkthrough(TEAM_A, id))?.rev).toBe(10);
      });

      it('stores a record pushed many times at once exactly once, and the highest of concurrent revs wins', async () => {
        const rev1 = makeWalkthrough({ ...FULL_WALKTHROUGH_OVERRIDES, rev: 1 });
        const { id } = rev1;
        const replays = await Promise.all(
          Array.from({ length: 12 }, () => store.putWalkthrough(TEAM_A, makeWalkthrough(rev1))),
        );
        expect(replays.filter((r) => r.status === 'accepted')).toHaveLength(1);
        expect(replays.filter((r) => r.status === 'duplicate')).toHaveLength(11);

        const racing = await Promise.all(
          Array.from({ length: 12 }, (_, i) => store.putWalkthrough(TEAM_A, makeWalkthrough({ ...rev1, rev: i + 2 }))),
        );
        expect(racing.every((r) => r.status === 'accepted' || r.status === 'duplicate')).toBe(true);
        expect((await store.getWalkthrough(TEAM_A, id))?.rev).toBe(13);
        const count = await testDatabase(store)
          .selectFrom('walkthroughs')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        expect(Number(count.n)).toBe(1);
      });

      it('catalog records follow the same rule', async () => {
        expect(await store.putService(TEAM_A, makeService())).toEqual({ status: 'duplicate' });
        expect(await store.putJourney(TEAM_A, makeJourney({ name: 'Other' }))).toEqual({ status: 'duplicate' });
        const targets = makeTargets({ ...FULL_TARGETS_OVERRIDES, rev: 2, csat: 0.8 });
        expect(await store.putJourneyTargets(TEAM_A, targets)).toEqual({ status: 'accepted' });
        expect(await store.putJourneyTargets(TEAM_A, makeTargets({ ...targets, rev: 1, csat: 0.1 }))).toEqual({
          status: 'duplicate',
        });
        expect((await store.getJourneyTargets(TEAM_A, JOURNEY_A))?.csat).toBe(0.8);
        expect(await store.createTeam(makeTeam({ name: 'Renamed' }))).toEqual({ status: 'duplicate' });
        expect((await store.getTeam(TEAM_A))?.name).toBe('Team a');
        const feedback = makeFeedback({ ...FULL_FEEDBACK_OVERRIDES, rating: 4 });
        expect(await store.insertFeedback(TEAM_A, feedback)).toEqual({ status: 'accepted' });
        expect(await store.insertFeedback(TEAM_A, makeFeedback({ ...feedback, rating: 1 }))).toEqual({
          status: 'duplicate',
        });
        expect((await store.listFeedback(TEAM_A)).items.map((f) => f.rating)).toEqual([4]);
      });
    });

    describe('team scoping', () => {
      it("team B cannot read, list or overwrite team A's walkthrough", async () => {
        const walkthrough = makeWalkthrough(FULL_WALKTHROUGH_OVERRIDES);
        await store.putWalkthrough(TEAM_A, walkthrough);

        expect(await store.getWalkthrough(TEAM_B, walkthrough.id)).toBeUndefined();
        expect((await store.listWalkthroughs(TEAM_B)).items).toEqual([]);
        const takeover = makeWalkthrough({ ...walkthrough, rev: 99, journeyId: JOURNEY_B, journeyName: 'Mine now' });
        expect(await store.putWalkthrough(TEAM_B, takeover)).toEqual({ status: 'rejected', reason: 'id_in_use' });

        expect(await store.getWalkthrough(TEAM_A, walkthrough.id)).toStrictEqual(walkthrough);
        expect((await store.listWalkthroughs(TEAM_A)).items.map((item) => item.record)).toStrictEqual([walkthrough]);
      });

      it("refuses references to another team's records and records claiming another team", async () => {
        expect(
          await store.putWalkthrough(TEAM_A, makeWalkthrough({ ...FULL_WALKTHROUGH_OVERRIDES, journeyId: JOURNEY_B })),
        ).toEqual({
          status: 'rejected',
          reason: 'unknown_journey',
        });
        expect(await store.putService(TEAM_A, makeService({ id: freshIds(), teamId: TEAM_B }))).toEqual({
          status: 'rejected',
          reason: 'team_mismatch',
        });
        expect(await store.putService(TEAM_A, makeService({ id: SERVICE_B, rev: 5 }))).toEqual({
          status: 'rejected',
          reason: 'id_in_use',
        });
        expect(await store.putJourney(TEAM_A, makeJourney({ id: freshIds(), serviceId: SERVICE_B }))).toEqual({
          status: 'rejected',
          reason: 'unknown_service',
        });
        expect(await store.putJourneyTargets(TEAM_A, makeTargets({ journeyId: JOURNEY_B }))).toEqual({
          status: 'rejected',
          reason: 'unknown_journey',
        });
        expect(
          await store.insertFeedback(TEAM_A, makeFeedback({ ...FULL_FEEDBACK_OVERRIDES, serviceId: SERVICE_B })),
        ).toEqual({
          status: 'rejected',
          reason: 'unknown_service',
        });
        expect(
          await store.insertFeedback(TEAM_A, makeFeedback({ ...FULL_FEEDBACK_OVERRIDES, journeyId: JOURNEY_B })),
        ).toEqual({
          status: 'rejected',
          reason: 'unknown_journey',
        });
        const feedbackOfB = makeFeedback({ ...MINIMAL_FEEDBACK_OVERRIDES, serviceId: SERVICE_B });
        expect(await store.insertFeedback(TEAM_B, feedbackOfB)).toEqual({ status: 'accepted' });
        expect(await store.insertFeedback(TEAM_A, makeFeedback({ ...feedbackOfB, serviceId: SERVICE_A }))).toEqual({
          status: 'rejected',
          reason: 'id_in_use',
        });
      });

      it("the schema itself refuses a row that points at another team's record", async () => {
        // Bypasses the store's checks: the composite (team_id, id) foreign keys are the last line of defence.
        const crossTeamJourney = testDatabase(store)
          .insertInto('journeys')
          .values({
            id: freshIds(),
            team_id: TEAM_A,
            service_id: SERVICE_B,
            rev: 1,
            change_seq: 1,
            name: 'x',
            description: '',
            steps_json: '[]',
            archived: 0,
            updated_at: fixtureTime(),
          })
          .execute();
        await expect(crossTeamJourney).rejects.toThrow(/foreign key/i);
      });

      it("reads and lists only the caller's catalog and feedback", async () => {
        await store.putJourneyTargets(TEAM_B, makeTargets({ journeyId: JOURNEY_B }));
        await store.insertFeedback(TEAM_B, makeFeedback({ ...MINIMAL_FEEDBACK_OVERRIDES, serviceId: SERVICE_B }));

        expect(await store.getService(TEAM_A, SERVICE_B)).toBeUndefined();
        expect(await store.getJourney(TEAM_A, JOURNEY_B)).toBeUndefined();
        expect(await store.getJourneyTargets(TEAM_A, JOURNEY_B)).toBeUndefined();
        expect((await store.listServices(TEAM_A)).map((s) => s.id)).toEqual([SERVICE_A]);
        expect((await store.listJourneys(TEAM_A)).map((j) => j.id)).toEqual([JOURNEY_A]);
        expect(await store.listJourneys(TEAM_A, { serviceId: SERVICE_B })).toEqual([]);
        expect(await store.listJourneyTargets(TEAM_A)).toEqual([]);
        expect((await store.listFeedback(TEAM_A)).items).toEqual([]);
        expect((await store.listJourneyTargets(TEAM_B)).map((t) => t.journeyId)).toEqual([JOURNEY_B]);
      });
    });

    describe('listing in bounded pages', () => {
      /** A minimal walkthrough started (and, being zero-length, ended) `minutes` after the fixture epoch. */
      const walkthroughAt = (minutes: number): Walkthrough =>
        makeWalkthrough({ ...MINIMAL_WALKTHROUGH_OVERRIDES, startedAt: fixtureTime(minutes) });

      it('pages walkthroughs newest first, ties broken by id, without gaps or repeats', async () => {
        // Two pairs share a start time, so the id tie-break decides page boundaries.
        const all = [0, 5, 5, 9, 9, 12, -3].map(walkthroughAt);
        for (const w of all) await store.putWalkthrough(TEAM_A, w);

        const seen: string[] = [];
        let page = await store.listWalkthroughs(TEAM_A, { limit: 3 });
        for (;;) {
          expect(page.items.length).toBeLessThanOrEqual(3);
          seen.push(...page.items.map((item) => item.record.id));
          if (page.next === null) break;
          page = await store.listWalkthroughs(TEAM_A, { limit: 3, before: page.next });
        }
        const expected = [...all]
          .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || (a.id < b.id ? 1 : -1))
          .map((w) => w.id);
        expect(seen).toEqual(expected);
      });

      it('bounds the page size whatever is asked, and filters by journey', async () => {
        for (let n = 0; n < 3; n++) await store.putWalkthrough(TEAM_A, walkthroughAt(n));
        const ofJourney = makeWalkthrough(FULL_WALKTHROUGH_OVERRIDES);
        await store.putWalkthrough(TEAM_A, ofJourney);
        expect((await store.listWalkthroughs(TEAM_A, { limit: 0 })).items).toHaveLength(1);
        const big = await store.listWalkthroughs(TEAM_A, { limit: 1_000_000 });
        expect(big.items.length).toBeLessThanOrEqual(MAX_PAGE_SIZE);
        expect(big.next).toBeNull();
        const byJourney = await store.listWalkthroughs(TEAM_A, { journeyId: JOURNEY_A });
        expect(byJourney.items.map((item) => item.record.id)).toEqual([ofJourney.id]);
      });

      it('pages feedback newest first and filters by service', async () => {
        const inserted = [0, 1, 2, 3, 4].map((n) =>
          makeFeedback({ ...MINIMAL_FEEDBACK_OVERRIDES, rating: 1, createdAt: fixtureTime(n) }),
        );
        for (const feedback of inserted) await store.insertFeedback(TEAM_A, feedback);
        const first = await store.listFeedback(TEAM_A, { limit: 2 });
        expect(first.items.map((f) => f.createdAt)).toEqual([fixtureTime(4), fixtureTime(3)]);
        expect(first.next).toEqual({ at: fixtureTime(3), id: inserted[3]?.id });
        if (first.next === null) throw new Error('expected a second page');
        const rest = await store.listFeedback(TEAM_A, { limit: 10, before: first.next });
        expect(rest.items.map((f) => f.createdAt)).toEqual([fixtureTime(2), fixtureTime(1), fixtureTime(0)]);
        expect(rest.next).toBeNull();
        expect((await store.listFeedback(TEAM_A, { serviceId: SERVICE_B })).items).toEqual([]);
      });
    });

    describe('integer normalisation (pg returns int8 as text, SQLite as numbers)', () => {
      it('reads bigint columns back as numbers up to 2^53 - 1', async () => {
        const service = makeService({ rev: Number.MAX_SAFE_INTEGER });
        expect(await store.putService(TEAM_A, service)).toEqual({ status: 'accepted' });
        const read = await store.getService(TEAM_A, SERVICE_A);
        expect(read?.rev).toBe(Number.MAX_SAFE_INTEGER);

        const targets = makeTargets({
          ...FULL_TARGETS_OVERRIDES,
          duration: { thresholdMs: MAX_DURATION_MS, share: 1, clock: 'active' },
          apdexTMs: MAX_DURATION_MS,
        });
        await store.putJourneyTargets(TEAM_A, targets);
        expectRoundTrip(journeyTargetsSchema, await store.getJourneyTargets(TEAM_A, JOURNEY_A), targets);

        // elapsed_ms above int4's 2^31 - 1: the column must be bigint, and its raw form is driver-specific.
        const walkthrough = makeWalkthrough({
          ...MINIMAL_WALKTHROUGH_OVERRIDES,
          rev: Number.MAX_SAFE_INTEGER,
          elapsedMs: MAX_DURATION_MS,
        });
        expect(await store.putWalkthrough(TEAM_A, walkthrough)).toEqual({ status: 'accepted' });
        expect(await store.putWalkthrough(TEAM_A, walkthrough)).toEqual({ status: 'duplicate' });
        const raw = await testDatabase(store)
          .selectFrom('walkthroughs')
          .select(['elapsed_ms', 'rev'])
          .where('id', '=', walkthrough.id)
          .executeTakeFirstOrThrow();
        expect(typeof raw.elapsed_ms).toBe(kind === 'postgres' ? 'string' : 'number');
        expect(Number(raw.elapsed_ms)).toBe(MAX_DURATION_MS);
        expect(Number(raw.rev)).toBe(Number.MAX_SAFE_INTEGER);
      });
    });

    describe('rows are re-parsed on the way out', () => {
      it('a stored row that no longer matches its schema is a StoredRecordError, not a record', async () => {
        const walkthrough = makeWalkthrough(FULL_WALKTHROUGH_OVERRIDES);
        await store.putWalkthrough(TEAM_A, walkthrough);
        await testDatabase(store)
          .updateTable('walkthroughs')
          .set({ record_json: JSON.stringify({ ...walkthrough, elapsedMs: -1 }) })
          .where('id', '=', walkthrough.id)
          .execute();
        await expect(store.getWalkthrough(TEAM_A, walkthrough.id)).rejects.toBeInstanceOf(StoredRecordError);

        await testDatabase(store).updateTable('services').set({ name: '' }).where('id', '=', SERVICE_A).execute();
        await expect(store.listServices(TEAM_A)).rejects.toBeInstanceOf(StoredRecordError);
      });
    });
  });
});
