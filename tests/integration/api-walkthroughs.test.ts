import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PULL_BYTES } from '../../server/api/pull.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import { createStore } from '../../server/store/create-store.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { pullResponseSchema } from '../../shared/protocol/pull.ts';
import { pushResponseSchema } from '../../shared/protocol/push.ts';
import {
  MAX_WALKTHROUGH_LIST_LIMIT,
  type WalkthroughItem,
  type WalkthroughListResponse,
  walkthroughItemSchema,
  walkthroughListResponseSchema,
} from '../../shared/protocol/walkthroughs.ts';
import { journeySchema } from '../../shared/schemas/journey.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import type { Overrides } from '../fixtures/overrides.ts';
import { createIdGenerator, fixtureTime } from '../fixtures/seeded-ids.ts';
import {
  type Answer,
  type Client,
  client,
  envelope,
  type Member,
  openTwoTeams,
  type SeededTeam,
  seedJourney,
  seedTeamMembers,
} from '../helpers/api-harness.ts';
import { type RunningServer, spawnServer } from '../helpers/server-process.ts';
import { type OpenedStore, sqliteStoreFactory, storeFactories } from '../helpers/store-factories.ts';
import { createIsolatedPostgres, TEST_DATABASE_URL } from '../helpers/store-postgres.ts';

const ids = createIdGenerator(0x5ea7);

/** The list's query string from filters; values are sent exactly as given. */
const query = (params: Readonly<Record<string, string>> = {}): string => {
  const text = new URLSearchParams(params).toString();
  return text === '' ? '/walkthroughs' : `/walkthroughs?${text}`;
};

const listed = (answer: Answer): WalkthroughListResponse => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return walkthroughListResponseSchema.parse(answer.body);
};

const idsOf = (items: readonly WalkthroughItem[]): string[] => items.map((item) => item.record.id);

/** Newest start first, ties by id descending: the order every page follows. */
const newestFirst = (walkthroughs: readonly Walkthrough[]): string[] =>
  [...walkthroughs]
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((w) => w.id);

describe.each(storeFactories())('walkthrough reads and sharing on $kind', ({ open }) => {
  let opened: OpenedStore;
  let store: Store;
  let teamA: SeededTeam;
  let teamB: SeededTeam;
  let journeyA: string;
  /** Team A's callers, and team B's. */
  let as: Record<'staff' | 'otherStaff' | 'lead' | 'admin', Client>;
  let asB: Record<'staff' | 'lead' | 'admin', Client>;

  /** A valid walkthrough of team A's journey recorded by `sampler`. */
  const recordedBy = (sampler: Member, overrides: Overrides<Walkthrough> = {}): Walkthrough =>
    makeWalkthrough({ journeyId: journeyA, samplerId: sampler.userId, ...overrides }, ids);

  /** Pushes through the API as `sampler`, each record accepted: the server records them as `sampler`'s. */
  async function pushed(by: Client, walkthroughs: readonly Walkthrough[]): Promise<void> {
    const answer = await by.push(
      walkthroughs.map((data) => ({ type: 'walkthrough', data })),
      ids(),
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(pushResponseSchema.parse(answer.body).results.map((r) => r.status)).toEqual(
      walkthroughs.map(() => 'accepted'),
    );
  }

  async function share(by: Client, walkthroughId: string, shared: boolean): Promise<WalkthroughItem> {
    const answer = await by.put(`/walkthroughs/${walkthroughId}/sharing`, { shared });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return walkthroughItemSchema.parse(answer.body);
  }

  const expectNotFound = (answer: Answer): void => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(404);
    expect(envelope(answer).code).toBe('not_found');
  };

  /** Every page of a list, following `next`; fails on an empty page that still claims more. */
  async function allPages(by: Client, params: Readonly<Record<string, string>>): Promise<WalkthroughItem[][]> {
    const pages: WalkthroughItem[][] = [];
    let cursor: string | null = null;
    do {
      const page: WalkthroughListResponse = listed(
        await by.get(query(cursor === null ? params : { ...params, cursor })),
      );
      if (page.next !== null) expect(page.items.length).toBeGreaterThan(0);
      pages.push(page.items);
      cursor = page.next;
    } while (cursor !== null);
    return pages;
  }

  const storedRow = (walkthroughId: string) =>
    testDatabase(store)
      .selectFrom('walkthroughs')
      .select(['record_json', 'rev', 'change_seq', 'shared_at', 'shared_by'])
      .where('id', '=', walkthroughId)
      .executeTakeFirstOrThrow();

  beforeEach(async () => {
    const setUp = await openTwoTeams(open);
    ({ opened, store, teamA, teamB } = setUp);
    const { app } = setUp;
    as = {
      staff: client(app, teamA.staff.token),
      otherStaff: client(app, teamA.otherStaff.token),
      lead: client(app, teamA.lead.token),
      admin: client(app, teamA.admin.token),
    };
    asB = {
      staff: client(app, teamB.staff.token),
      lead: client(app, teamB.lead.token),
      admin: client(app, teamB.admin.token),
    };
    journeyA = await seedJourney(as.lead);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it("staff read another sampler's walkthrough only while a lead shares it", async () => {
    const theirs = recordedBy(teamA.otherStaff);
    await pushed(as.otherStaff, [theirs]);
    expectNotFound(await as.staff.get(`/walkthroughs/${theirs.id}`));
    expect(idsOf(listed(await as.staff.get(query())).items)).toEqual([]);

    const before = Date.now();
    const sharedItem = await share(as.lead, theirs.id, true);
    expect(sharedItem).toMatchObject({ record: theirs, samplerId: teamA.otherStaff.userId, shared: true });
    expect(sharedItem.sharedBy).toBe(teamA.lead.userId);
    expect(Date.parse(sharedItem.sharedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(sharedItem.sharedAt ?? '')).toBeLessThanOrEqual(Date.now() + 1000);

    const read = await as.staff.get(`/walkthroughs/${theirs.id}`);
    expect(read.status).toBe(200);
    expect(walkthroughItemSchema.parse(read.body)).toStrictEqual(sharedItem);
    expect(listed(await as.staff.get(query())).items).toStrictEqual([sharedItem]);

    const unshared = await share(as.lead, theirs.id, false);
    expect(unshared).toStrictEqual({ ...sharedItem, shared: false, sharedAt: null, sharedBy: null });
    expectNotFound(await as.staff.get(`/walkthroughs/${theirs.id}`));
    expect(listed(await as.staff.get(query())).items).toEqual([]);
    // Its owner sees it throughout.
    expect(walkthroughItemSchema.parse((await as.otherStaff.get(`/walkthroughs/${theirs.id}`)).body)).toStrictEqual(
      unshared,
    );
  });

  it('leads and admins read the whole team, staff their own; each record byte-equal to the one pushed', async () => {
    const staffOwn = recordedBy(teamA.staff, { startedAt: fixtureTime(3) });
    // Recorded before pairing: the record says no sampler, the server knows who pushed it.
    const unpaired = recordedBy(teamA.staff, { samplerId: null, startedAt: fixtureTime(2) });
    const otherStaffOwn = recordedBy(teamA.otherStaff, { startedAt: fixtureTime(1) });
    const leadOwn = recordedBy(teamA.lead, { startedAt: fixtureTime(0) });
    await pushed(as.staff, [staffOwn, unpaired]);
    await pushed(as.otherStaff, [otherStaffOwn]);
    await pushed(as.lead, [leadOwn]);
    await pushed(asB.staff, [makeWalkthrough({ journeyId: null, samplerId: teamB.staff.userId }, ids)]);

    const owners = new Map([
      [staffOwn.id, teamA.staff.userId],
      [unpaired.id, teamA.staff.userId],
      [otherStaffOwn.id, teamA.otherStaff.userId],
      [leadOwn.id, teamA.lead.userId],
    ]);
    for (const reader of [as.lead, as.admin]) {
      const { items, next } = listed(await reader.get(query()));
      expect(next).toBeNull();
      expect(idsOf(items)).toEqual([staffOwn.id, unpaired.id, otherStaffOwn.id, leadOwn.id]);
      for (const item of items) {
        expect(item.samplerId).toBe(owners.get(item.record.id));
        expect(item.shared).toBe(false);
        const row = await storedRow(item.record.id);
        expect(JSON.stringify(item.record)).toBe(row.record_json);
      }
    }
    const unpairedItem = walkthroughItemSchema.parse((await as.lead.get(`/walkthroughs/${unpaired.id}`)).body);
    expect(unpairedItem.record).toStrictEqual(unpaired);
    expect(unpairedItem.record.samplerId).toBeNull();
    expect(unpairedItem.samplerId).toBe(teamA.staff.userId);

    expect(idsOf(listed(await as.staff.get(query())).items)).toEqual([staffOwn.id, unpaired.id]);
    expect(idsOf(listed(await as.otherStaff.get(query())).items)).toEqual([otherStaffOwn.id]);
    expectNotFound(await as.staff.get(`/walkthroughs/${leadOwn.id}`));
    expectNotFound(await as.otherStaff.get(`/walkthroughs/${staffOwn.id}`));
  });

  it("answers another team's walkthrough 404 on every route, for every role, and lets no staff share", async () => {
    const ofA = recordedBy(teamA.staff);
    await pushed(as.staff, [ofA]);
    const ofB = makeWalkthrough({ journeyId: null, samplerId: teamB.staff.userId }, ids);
    await pushed(asB.staff, [ofB]);

    for (const reader of [asB.staff, asB.lead, asB.admin]) {
      expectNotFound(await reader.get(`/walkthroughs/${ofA.id}`));
      expect(idsOf(listed(await reader.get(query())).items)).toEqual([ofB.id]);
      // Filtering by team A's journey or sampler finds nothing either.
      expect(listed(await reader.get(query({ journeyId: journeyA }))).items).toEqual([]);
      expect(listed(await reader.get(query({ samplerId: teamA.staff.userId }))).items).toEqual([]);
    }
    for (const sharer of [asB.lead, asB.admin]) {
      expectNotFound(await sharer.put(`/walkthroughs/${ofA.id}/sharing`, { shared: true }));
    }
    // Staff may not share at all: not another team's, not a teammate's, not their own.
    for (const [sharer, walkthroughId] of [
      [asB.staff, ofA.id],
      [as.otherStaff, ofA.id],
      [as.staff, ofA.id],
    ] as const) {
      const refused = await sharer.put(`/walkthroughs/${walkthroughId}/sharing`, { shared: true });
      expect(refused.status).toBe(403);
      expect(envelope(refused).code).toBe('forbidden');
    }
    expect(await storedRow(ofA.id)).toMatchObject({ shared_at: null, shared_by: null });

    // Ids that name nothing look the same as another team's.
    for (const missing of [ids(), 'not-an-id', ofA.id.toUpperCase()]) {
      expectNotFound(await as.lead.get(`/walkthroughs/${missing}`));
      expectNotFound(await as.lead.put(`/walkthroughs/${missing}/sharing`, { shared: true }));
    }
  });

  it('filters by journey, owner, outcome and a half-open start range, within what the reader may see', async () => {
    const { serviceId } = journeySchema.parse((await as.lead.get(`/journeys/${journeyA}`)).body);
    const journey2 = journeySchema.parse(
      (await as.lead.post('/journeys', { serviceId, name: 'Order a laptop', steps: [{ name: 'Open' }] })).body,
    ).id;
    const a = recordedBy(teamA.staff, { startedAt: fixtureTime(0) });
    const b = recordedBy(teamA.staff, { journeyId: journey2, outcome: 'abandoned', startedAt: fixtureTime(10) });
    const c = recordedBy(teamA.otherStaff, { outcome: 'failed', startedAt: fixtureTime(20) });
    const d = recordedBy(teamA.otherStaff, { journeyId: null, startedAt: fixtureTime(30) });
    const e = recordedBy(teamA.lead, { startedAt: fixtureTime(40) });
    await pushed(as.staff, [a, b]);
    await pushed(as.otherStaff, [c, d]);
    await pushed(as.lead, [e]);

    const leadSees = async (params: Record<string, string>) => idsOf(listed(await as.lead.get(query(params))).items);
    expect(await leadSees({ journeyId: journeyA })).toEqual([e.id, c.id, a.id]);
    expect(await leadSees({ samplerId: teamA.otherStaff.userId })).toEqual([d.id, c.id]);
    expect(await leadSees({ outcome: 'completed' })).toEqual([e.id, d.id, a.id]);
    // `from` is included, `to` is not.
    expect(await leadSees({ from: fixtureTime(10), to: fixtureTime(30) })).toEqual([c.id, b.id]);
    expect(await leadSees({ from: fixtureTime(40) })).toEqual([e.id]);
    expect(await leadSees({ to: fixtureTime(0) })).toEqual([]);
    expect(await leadSees({ journeyId: journeyA, outcome: 'completed', from: fixtureTime(0) })).toEqual([e.id, a.id]);

    const staffSees = async (params: Record<string, string>) => idsOf(listed(await as.staff.get(query(params))).items);
    expect(await staffSees({ journeyId: journeyA })).toEqual([a.id]);
    expect(await staffSees({ samplerId: teamA.otherStaff.userId })).toEqual([]);
    await share(as.lead, c.id, true);
    expect(await staffSees({ journeyId: journeyA })).toEqual([c.id, a.id]);
    expect(await staffSees({ samplerId: teamA.otherStaff.userId })).toEqual([c.id]);
    expect(await staffSees({ outcome: 'failed' })).toEqual([c.id]);
  });

  it('pages newest first across equal start times, never skipping or repeating, at every page size', async () => {
    // Runs of equal start times, so page boundaries fall between ties and the id decides.
    const minutes = [0, 0, 0, 5, 5, 7, 7, 7, 7];
    const mine = minutes.map((m) => recordedBy(teamA.staff, { startedAt: fixtureTime(m) }));
    const theirs = minutes.map((m) =>
      recordedBy(teamA.otherStaff, { startedAt: fixtureTime(m), outcome: 'abandoned' }),
    );
    await pushed(as.staff, mine);
    await pushed(as.otherStaff, theirs);

    for (const limit of [1, 2, 3, 4, MAX_WALKTHROUGH_LIST_LIMIT]) {
      const pages = await allPages(as.lead, { limit: String(limit) });
      expect(pages.every((page) => page.length <= limit)).toBe(true);
      expect(pages.flat().map((item) => item.record.id)).toEqual(newestFirst([...mine, ...theirs]));

      // A filter holds across pages, and staff page through only what they see.
      expect(
        (await allPages(as.lead, { limit: String(limit), outcome: 'abandoned' })).flat().map((i) => i.record.id),
      ).toEqual(newestFirst(theirs));
      expect((await allPages(as.staff, { limit: String(limit) })).flat().map((i) => i.record.id)).toEqual(
        newestFirst(mine),
      );
    }
  });

  it('bounds every page: limit 1–100 (default 50), and a byte budget that still moves on', async () => {
    for (const limit of ['0', String(MAX_WALKTHROUGH_LIST_LIMIT + 1), '-1', '1e2', '01', ' 5', '2.5', 'ten', '']) {
      const refused = await as.lead.get(query({ limit }));
      expect(refused.status, `limit=${limit}`).toBe(400);
      expect(envelope(refused).code).toBe('validation_failed');
    }
    expect((await as.lead.get(query({ limit: String(MAX_WALKTHROUGH_LIST_LIMIT) }))).status).toBe(200);

    const many = Array.from({ length: 51 }, (_, i) => recordedBy(teamA.staff, { startedAt: fixtureTime(i) }));
    await pushed(as.staff, many);
    const first = listed(await as.lead.get(query()));
    expect(first.items).toHaveLength(50);
    expect(first.next).not.toBeNull();
    const second = listed(await as.lead.get(query({ cursor: first.next ?? '' })));
    expect(idsOf(second.items)).toEqual([many[0]?.id]);
    expect(second.next).toBeNull();

    // Walkthroughs of ~0.8 MB, and one newer than all of them larger than the whole budget on its own.
    const notes = (count: number) =>
      Array.from({ length: count }, () => ({ id: ids(), atMs: 0, text: 'n'.repeat(5000) }));
    const large = [101, 102, 103].map((m) => recordedBy(teamA.lead, { startedAt: fixtureTime(m), notes: notes(160) }));
    const huge = recordedBy(teamA.lead, { startedAt: fixtureTime(104), notes: notes(500) });
    expect(JSON.stringify(huge).length).toBeGreaterThan(MAX_PULL_BYTES);
    await store.pushWalkthroughs({
      teamId: teamA.teamId,
      samplerId: teamA.lead.userId,
      clientId: ids(),
      walkthroughs: [...large, huge],
    });
    const pages = await allPages(as.lead, { samplerId: teamA.lead.userId, limit: '10' });
    expect(pages.map((page) => page.map((item) => item.record.id))).toEqual([
      [huge.id],
      [large[2]?.id, large[1]?.id],
      [large[0]?.id],
    ]);
  });

  it('refuses unknown, repeated and malformed query parameters, and cursors it did not make', async () => {
    for (const bad of [
      'foo=1',
      'outcome=completed&outcome=failed',
      'outcome=lost',
      'journeyId=not-an-id',
      `samplerId=${teamA.staff.userId.toUpperCase()}`,
      'from=2026-01-05T09:00:00Z',
      'to=yesterday',
    ]) {
      const refused = await as.lead.get(`/walkthroughs?${bad}`);
      expect(refused.status, bad).toBe(400);
      expect(envelope(refused).code).toBe('validation_failed');
    }
    const pullCursor = pullResponseSchema.parse((await as.staff.pull(null)).body).cursor;
    for (const cursor of [pullCursor, 'abc', Buffer.from(`jsw1:${fixtureTime()}:${ids()} `).toString('base64url')]) {
      const refused = await as.lead.get(query({ cursor }));
      expect(refused.status, cursor).toBe(400);
      expect(envelope(refused).code).toBe('bad_request');
    }
  });

  it('sharing leaves the record and sync alone: same JSON, rev and change_seq, replays stay duplicates', async () => {
    const w = recordedBy(teamA.staff);
    await pushed(as.staff, [w]);
    const { cursor } = pullResponseSchema.parse((await as.staff.pull(null)).body);
    const before = await storedRow(w.id);
    const counterBefore = await testDatabase(store).selectFrom('change_counters').selectAll().execute();

    const sharedItem = await share(as.lead, w.id, true);
    // Sharing again, by someone else, keeps who shared it first and when.
    expect(await share(as.admin, w.id, true)).toStrictEqual(sharedItem);
    const after = await storedRow(w.id);
    expect(after.record_json).toBe(before.record_json);
    expect(String(after.rev)).toBe(String(before.rev));
    expect(String(after.change_seq)).toBe(String(before.change_seq));
    expect(after).toMatchObject({ shared_at: sharedItem.sharedAt, shared_by: teamA.lead.userId });
    expect(await testDatabase(store).selectFrom('change_counters').selectAll().execute()).toEqual(counterBefore);

    // The owner's device: its replay is a duplicate and its next pull has nothing new.
    const replay = await as.staff.push([{ type: 'walkthrough', data: w }], ids());
    expect(pushResponseSchema.parse(replay.body).results[0]).toMatchObject({ status: 'duplicate', rev: 1 });
    const pulled = pullResponseSchema.parse((await as.staff.pull(cursor)).body);
    expect(pulled).toMatchObject({ cursor, hasMore: false, walkthroughs: [] });

    // A newer rev from the owner replaces the record and stays shared.
    const edited = { ...w, rev: 2, ratings: { ...w.ratings, comment: 'edited later' } };
    await pushed(as.staff, [edited]);
    const seen = walkthroughItemSchema.parse((await as.otherStaff.get(`/walkthroughs/${w.id}`)).body);
    expect(seen).toStrictEqual({ ...sharedItem, record: edited });

    // Unsharing twice is the same as once.
    const unshared = await share(as.lead, w.id, false);
    expect(await share(as.lead, w.id, false)).toStrictEqual(unshared);
    expect((await storedRow(w.id)).record_json).toBe(JSON.stringify(edited));
  });

  it('refuses a sharing body that is not exactly { shared: boolean }', async () => {
    const w = recordedBy(teamA.staff);
    await pushed(as.staff, [w]);
    for (const body of [{}, { shared: 'yes' }, { shared: true, by: teamA.staff.userId }, [true], null]) {
      const refused = await as.lead.put(`/walkthroughs/${w.id}/sharing`, body ?? undefined);
      expect(refused.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      envelope(refused);
    }
    expect(await storedRow(w.id)).toMatchObject({ shared_at: null, shared_by: null });
  });
});

/** A store the test seeds, and the environment that points a server process at the same database. */
type ServedStore = { readonly store: Store; readonly env: Record<string, string>; dispose(): Promise<void> };

const servedStores: { readonly kind: string; open(): Promise<ServedStore> }[] = [
  {
    kind: 'sqlite',
    async open() {
      const { store, dispose } = await sqliteStoreFactory.open();
      // The factory's file is DATA_DIR/journey-sampler.db, the very file a server with that DATA_DIR opens.
      return { store, env: { DATA_DIR: path.dirname(store.location ?? '') }, dispose };
    },
  },
  ...(TEST_DATABASE_URL === undefined
    ? []
    : [
        {
          kind: 'postgres',
          async open() {
            const isolated = await createIsolatedPostgres(TEST_DATABASE_URL ?? '');
            const store = createStore({ kind: 'postgres', url: isolated.url }, { logger: createMemoryLogger() });
            return {
              store,
              env: { DATABASE_URL: isolated.url },
              dispose: async () => {
                await store.close();
                await isolated.drop();
              },
            };
          },
        },
      ]),
];

describe.each(servedStores)('walkthrough sharing over real HTTP on $kind', ({ open }) => {
  let served: ServedStore;
  let server: RunningServer;
  let team: SeededTeam;

  beforeAll(async () => {
    served = await open();
    await served.store.migrate();
    // Seeded before the server starts, so it makes no first admin of its own.
    team = await seedTeamMembers(served.store, 'HTTP team');
    server = await spawnServer(served.env);
  });
  afterAll(async () => {
    await server?.stop();
    await served?.dispose();
  });

  it('a pushed walkthrough reaches a teammate only between a lead sharing and unsharing it', async () => {
    const owner = client(server.url, team.staff.token);
    const teammate = client(server.url, team.otherStaff.token);
    const lead = client(server.url, team.lead.token);
    const walkthrough = makeWalkthrough({ journeyId: null, samplerId: team.staff.userId }, ids);
    const pushAnswer = await owner.push([{ type: 'walkthrough', data: walkthrough }], ids());
    expect(pushResponseSchema.parse(pushAnswer.body).results[0]?.status).toBe('accepted');
    const route = `/walkthroughs/${walkthrough.id}`;
    const setSharing = async (shared: boolean) =>
      walkthroughItemSchema.parse((await lead.put(`${route}/sharing`, { shared })).body);

    expect((await teammate.get(route)).status).toBe(404);
    expect((await setSharing(true)).shared).toBe(true);
    const seen = walkthroughItemSchema.parse((await teammate.get(route)).body);
    expect(seen.record).toStrictEqual(walkthrough);
    expect(walkthroughListResponseSchema.parse((await teammate.get('/walkthroughs')).body).items).toStrictEqual([seen]);
    expect((await setSharing(false)).shared).toBe(false);
    const gone = await teammate.get(route);
    expect(gone.status).toBe(404);
    expect(envelope(gone).requestId).toBe(gone.response.headers.get('x-request-id'));
    expect((await teammate.put(`${route}/sharing`, { shared: true })).status).toBe(403);
  });
});
