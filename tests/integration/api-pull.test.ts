import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodePullCursor } from '../../server/http/pull-cursor.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { type PullResponse, pullResponseSchema } from '../../shared/protocol/pull.ts';
import { pushResponseSchema } from '../../shared/protocol/push.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import { journeySchema } from '../../shared/schemas/journey.ts';
import { serviceSchema } from '../../shared/schemas/service.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import type { Overrides } from '../fixtures/overrides.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { type Client, client, envelope, openTwoTeams, type SeededTeam, testApp } from '../helpers/api-harness.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

const ids = createIdGenerator(0x9011);
const CLIENT_ID = ids();
/** Two devices of one sampler (a desktop and a laptop, say). */
const DESKTOP = ids();
const LAPTOP = ids();

type Pulled = { services: string[]; journeys: string[]; targets: string[]; walkthroughs: string[] };

/**
 * Pulls page after page (bounded) from `cursor` until hasMore is false, as device `clientId` (the harness's
 * device that pushed nothing when absent); returns every id seen, the records on each page and the last cursor.
 */
async function pullAll(
  as: Client,
  cursor: string | null,
  limit?: number,
  clientId?: string,
): Promise<{ pulled: Pulled; cursor: string; pages: number; perPage: number[] }> {
  const pulled: Pulled = { services: [], journeys: [], targets: [], walkthroughs: [] };
  const perPage: number[] = [];
  let at = cursor;
  for (let pages = 1; pages <= 1000; pages += 1) {
    const answer = await as.pull(at, limit, clientId);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const page: PullResponse = pullResponseSchema.parse(answer.body);
    pulled.services.push(...page.services.map((s) => s.id));
    pulled.journeys.push(...page.journeys.map((j) => j.id));
    pulled.targets.push(...page.targets.map((t) => t.journeyId));
    pulled.walkthroughs.push(...page.walkthroughs.map((w) => w.id));
    perPage.push(page.services.length + page.journeys.length + page.targets.length + page.walkthroughs.length);
    at = page.cursor;
    if (!page.hasMore) return { pulled, cursor: page.cursor, pages, perPage };
  }
  throw new Error('pull did not finish within 1000 pages');
}

describe.each(storeFactories())('pull API on $kind', ({ open }) => {
  let opened: OpenedStore;
  let store: Store;
  let teamA: SeededTeam;
  let teamB: SeededTeam;
  let leadA: Client;
  let staffA: Client;
  let otherStaffA: Client;
  let staffB: Client;
  let serviceId: string;
  let journeyId: string;

  const walkthroughBy = (samplerId: string, overrides: Overrides<Walkthrough> = {}): Walkthrough =>
    makeWalkthrough({ journeyId, samplerId, ...overrides }, ids);

  /** Pushes from device `clientId`; the statuses, in order. */
  const pushAs = async (as: Client, walkthroughs: readonly Walkthrough[], clientId = CLIENT_ID) => {
    const answer = await as.push(
      walkthroughs.map((data) => ({ type: 'walkthrough', data })),
      clientId,
    );
    expect(answer.status).toBe(200);
    return pushResponseSchema.parse(answer.body).results.map((r) => r.status);
  };

  const pushedByClient = async (walkthroughId: string) =>
    (
      await testDatabase(store)
        .selectFrom('walkthroughs')
        .select('pushed_by_client')
        .where('id', '=', walkthroughId)
        .executeTakeFirstOrThrow()
    ).pushed_by_client;

  beforeEach(async () => {
    const setUp = await openTwoTeams(open);
    ({ opened, store, teamA, teamB } = setUp);
    const { app } = setUp;
    leadA = client(app, teamA.lead.token);
    staffA = client(app, teamA.staff.token);
    otherStaffA = client(app, teamA.otherStaff.token);
    staffB = client(app, teamB.staff.token);
    serviceId = serviceSchema.parse((await leadA.post('/services', { name: 'Portal' })).body).id;
    journeyId = journeySchema.parse(
      (await leadA.post('/journeys', { serviceId, name: 'Reset', steps: [{ name: 'Open' }] })).body,
    ).id;
    await leadA.put(`/journeys/${journeyId}/targets`, { rev: null, duration: { thresholdMs: 60_000, share: 0.9 } });
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it("returns the team catalog and the caller's own walkthroughs, never a teammate's or another team's", async () => {
    const mine = walkthroughBy(teamA.staff.userId);
    const theirs = walkthroughBy(teamA.otherStaff.userId);
    await pushAs(staffA, [mine]);
    await pushAs(otherStaffA, [theirs]);
    await client(testApp(store).app, teamB.lead.token).post('/services', { name: 'B only' });

    const page = pullResponseSchema.parse((await staffA.pull(null)).body);
    expect(page.hasMore).toBe(false);
    expect(page.services.map((s) => s.id)).toEqual([serviceId]);
    expect(page.journeys.map((j) => j.id)).toEqual([journeyId]);
    expect(page.targets.map((t) => t.journeyId)).toEqual([journeyId]);
    expect(page.walkthroughs).toStrictEqual([mine]);
    expect(pullResponseSchema.parse((await otherStaffA.pull(null)).body).walkthroughs).toStrictEqual([theirs]);

    const b = pullResponseSchema.parse((await staffB.pull(null)).body);
    expect(b.services.map((s) => s.name)).toEqual(['B only']);
    expect([...b.journeys, ...b.targets, ...b.walkthroughs]).toEqual([]);
  });

  it('gives protocol 3 the clock of a duration target, and protocol 1 and 2 the targets as they knew them', async () => {
    await leadA.put(`/journeys/${journeyId}/targets`, {
      rev: 1,
      duration: { thresholdMs: 60_000, share: 0.9, clock: 'elapsed' },
    });
    const durationOf = async (body: object) => {
      const answer = await staffA.request('POST', '/sync/pull', { cursor: null, ...body });
      expect(answer.status).toBe(200);
      return (answer.body as { targets: { duration: object }[] }).targets.map((t) => t.duration);
    };
    expect(PROTOCOL_VERSION).toBe(3);
    expect(await durationOf({ protocolVersion: 3, clientId: DESKTOP })).toEqual([
      { thresholdMs: 60_000, share: 0.9, clock: 'elapsed' },
    ]);
    // Their strict schema refuses a key it does not know, so the whole answer would be refused with it.
    expect(await durationOf({ protocolVersion: 2, clientId: DESKTOP })).toEqual([{ thresholdMs: 60_000, share: 0.9 }]);
    expect(await durationOf({ protocolVersion: 1 })).toEqual([{ thresholdMs: 60_000, share: 0.9 }]);
  });

  it('pages by limit in change order, each change once, and hands back only what changed since', async () => {
    const walkthroughs = Array.from({ length: 23 }, () => walkthroughBy(teamA.staff.userId));
    await pushAs(staffA, walkthroughs);
    const { pulled, cursor, pages } = await pullAll(staffA, null, 5);
    expect(pages).toBe(6); // 3 catalog records + 23 walkthroughs = 26 = 5 pages of 5 and one of 1
    expect(pulled.walkthroughs).toEqual(walkthroughs.map((w) => w.id));

    const nothing = pullResponseSchema.parse((await staffA.pull(cursor)).body);
    expect(nothing).toMatchObject({
      hasMore: false,
      services: [],
      journeys: [],
      targets: [],
      walkthroughs: [],
      cursor,
    });

    // Changes after the cursor, and only those: an archived journey comes again (flagged), a new rev comes again.
    await leadA.post(`/journeys/${journeyId}/archive`);
    const edited = { ...walkthroughs[4], rev: 2 } as Walkthrough;
    await pushAs(staffA, [edited]);
    const next = pullResponseSchema.parse((await staffA.pull(cursor)).body);
    expect(next.journeys.map((j) => [j.id, j.archived])).toEqual([[journeyId, true]]);
    expect(next.walkthroughs).toStrictEqual([edited]);
    expect(next.services).toEqual([]);
  });

  it('a replayed push does not make a pull hand anything out again', async () => {
    const w = walkthroughBy(teamA.staff.userId);
    await pushAs(staffA, [w]);
    const { cursor } = await pullAll(staffA, null);
    await pushAs(staffA, [w, w]);
    expect(pullResponseSchema.parse((await staffA.pull(cursor)).body).walkthroughs).toEqual([]);
  });

  it('refuses a cursor it did not make (400) and one that cannot continue here (409)', async () => {
    for (const cursor of ['garbage', 'eyJzZXEiOjF9', encodePullCursor({ teamId: teamA.teamId, seq: 1 }).slice(1)]) {
      const answer = await staffA.pull(cursor);
      expect(answer.status).toBe(400);
      expect(envelope(answer).code).toBe('bad_request');
    }
    const otherTeam = await staffA.pull(encodePullCursor({ teamId: teamB.teamId, seq: 0 }));
    expect(otherTeam.status).toBe(409);
    expect(envelope(otherTeam).message).toMatch(/another team/);
    const ahead = await staffA.pull(encodePullCursor({ teamId: teamA.teamId, seq: 1_000_000 }));
    expect(ahead.status).toBe(409);
    expect(envelope(ahead).message).toMatch(/cursor null/);
  });

  it('validates limit and the protocol version', async () => {
    for (const body of [
      { protocolVersion: 1, cursor: null, limit: 0 },
      { protocolVersion: 1, cursor: null, limit: 501 },
      { protocolVersion: 1 },
      { protocolVersion: 1, cursor: null, extra: 1 },
      { protocolVersion: 2, clientId: CLIENT_ID, cursor: null, limit: 0 },
      { protocolVersion: 2, clientId: CLIENT_ID, cursor: null, limit: 501 },
      { protocolVersion: 2, clientId: CLIENT_ID },
    ]) {
      const answer = await staffA.request('POST', '/sync/pull', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(envelope(answer).code).toBe('validation_failed');
    }
    const newer = await staffA.request('POST', '/sync/pull', { protocolVersion: 99, cursor: null });
    expect(envelope(newer).code).toBe('unsupported_protocol');
  });

  it('stops a page before it grows past the byte budget, but always makes progress', async () => {
    const big = Array.from({ length: 4 }, () =>
      walkthroughBy(teamA.staff.userId, { ratings: { comment: 'x'.repeat(5000) } }),
    );
    await pushAs(staffA, big);
    const result = await store.pullChanges({
      teamId: teamA.teamId,
      samplerId: teamA.staff.userId,
      clientId: null,
      afterSeq: 3, // past the catalog
      limit: 500,
      maxBytes: 1000,
    });
    if (!result.ok) throw new Error('expected a page');
    expect(result.page.walkthroughs.map((w) => w.id)).toEqual([big[0]?.id]);
    expect(result.page.hasMore).toBe(true);
  });
  describe("protocol 2 leaves out the pulling device's own pushes", () => {
    const idsOf = (page: PullResponse) => page.walkthroughs.map((w) => w.id);
    const pullAs = async (clientId: string, cursor: string | null = null) => {
      const answer = await staffA.pull(cursor, undefined, clientId);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return pullResponseSchema.parse(answer.body);
    };

    it('the device that pushed gets the catalog but not its walkthroughs; another device of the sampler gets them', async () => {
      const fromDesktop = [walkthroughBy(teamA.staff.userId), walkthroughBy(teamA.staff.userId)];
      const fromLaptop = walkthroughBy(teamA.staff.userId);
      await pushAs(staffA, fromDesktop, DESKTOP);
      await pushAs(staffA, [fromLaptop], LAPTOP);

      const desktop = await pullAs(DESKTOP);
      expect(desktop.protocolVersion).toBe(PROTOCOL_VERSION);
      expect(desktop.hasMore).toBe(false);
      expect(desktop.services.map((s) => s.id)).toEqual([serviceId]);
      expect(desktop.journeys.map((j) => j.id)).toEqual([journeyId]);
      expect(desktop.targets.map((t) => t.journeyId)).toEqual([journeyId]);
      expect(desktop.walkthroughs).toStrictEqual([fromLaptop]);
      expect((await pullAs(LAPTOP)).walkthroughs).toStrictEqual(fromDesktop);
      // A third device, new to the server, gets them all, in push order.
      expect(idsOf(await pullAs(ids()))).toEqual([...fromDesktop, fromLaptop].map((w) => w.id));
      // Every pull ends at the same position, whatever it left out.
      expect(new Set([desktop.cursor, (await pullAs(LAPTOP)).cursor])).toEqual(new Set([desktop.cursor]));
    });

    it('a protocol 1 pull still gets every walkthrough of the caller, answered in protocol 1', async () => {
      const mine = [walkthroughBy(teamA.staff.userId), walkthroughBy(teamA.staff.userId)];
      await pushAs(staffA, mine, DESKTOP);
      const answer = await staffA.request('POST', '/sync/pull', { protocolVersion: 1, cursor: null, limit: 500 });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const page = pullResponseSchema.parse(answer.body);
      expect(page.protocolVersion).toBe(1);
      expect(page.walkthroughs).toStrictEqual(mine);
      expect(page.hasMore).toBe(false);
      // The v1 cursor and the v2 one are the same kind of position: a device that updates carries on from it.
      const after = await pullAs(DESKTOP, page.cursor);
      expect(after).toMatchObject({ hasMore: false, walkthroughs: [], services: [], cursor: page.cursor });
    });

    it('a rev another device pushes later comes back; a replay from another device changes nothing', async () => {
      const w = walkthroughBy(teamA.staff.userId);
      expect(await pushAs(staffA, [w], DESKTOP)).toEqual(['accepted']);
      const start = await pullAs(DESKTOP);
      expect(start.walkthroughs).toEqual([]);

      // The laptop pulled rev 1 and pushes it back (its outbox replays it): a duplicate keeps the desktop's mark.
      expect(await pushAs(staffA, [w], LAPTOP)).toEqual(['duplicate']);
      expect(await pushedByClient(w.id)).toBe(DESKTOP);
      expect(idsOf(await pullAs(DESKTOP, start.cursor))).toEqual([]);

      // The laptop edits it: rev 2 is the laptop's, and reaches the desktop, once.
      const edited = { ...w, rev: 2, ratings: { ...w.ratings, comment: 'edited on the laptop' } };
      expect(await pushAs(staffA, [edited], LAPTOP)).toEqual(['accepted']);
      expect(await pushedByClient(w.id)).toBe(LAPTOP);
      const desktop = await pullAs(DESKTOP, start.cursor);
      expect(desktop.walkthroughs).toStrictEqual([edited]);
      expect((await pullAs(LAPTOP, start.cursor)).walkthroughs).toEqual([]);
      expect((await pullAs(DESKTOP, desktop.cursor)).walkthroughs).toEqual([]);

      // A stale rev from the desktop is refused as a duplicate and leaves the laptop's mark too.
      expect(await pushAs(staffA, [w], DESKTOP)).toEqual(['duplicate']);
      expect(await pushedByClient(w.id)).toBe(LAPTOP);
      // A rejected record (another sampler's id) does not touch it either.
      expect(await pushAs(otherStaffA, [{ ...edited, rev: 9, samplerId: null }], DESKTOP)).toEqual(['rejected']);
      expect(await pushedByClient(w.id)).toBe(LAPTOP);
    });

    it('pages past 1,200 of its own walkthroughs: the other device’s one arrives and the loop ends', async () => {
      const own = Array.from({ length: 1200 }, () => walkthroughBy(teamA.staff.userId));
      for (let from = 0; from < own.length; from += 500) await pushAs(staffA, own.slice(from, from + 500), DESKTOP);
      const other = walkthroughBy(teamA.staff.userId);
      await pushAs(staffA, [other], LAPTOP);

      // 3 catalog records, then 1,200 left out, then one to send: pages of 500 read 501 rows of a table each, so
      // the first two pages send only the catalog, then nothing, and still move on.
      const desktop = await pullAll(staffA, null, undefined, DESKTOP);
      expect(desktop.pulled.walkthroughs).toEqual([other.id]);
      expect(desktop.pulled.services).toEqual([serviceId]);
      expect(desktop.pages).toBe(3);
      expect(desktop.perPage).toEqual([3, 0, 1]);
      const again = await pullAs(DESKTOP, desktop.cursor);
      expect(again).toMatchObject({ hasMore: false, walkthroughs: [], cursor: desktop.cursor });

      // The other device still gets all 1,200, in order, each once.
      const laptop = await pullAll(staffA, null, undefined, LAPTOP);
      expect(laptop.pulled.walkthroughs).toEqual(own.map((w) => w.id));
      expect(laptop.cursor).toBe(desktop.cursor);
    });

    it('left-out walkthroughs between catalog changes and another device’s: every change once, in order, at any page size', async () => {
      // A fixed interleaving: runs of the desktop's own pushes (left out), with the laptop's pushes and new
      // services between them, so tables reach the end of their window at different places.
      const laptop: string[] = [];
      const services: string[] = [serviceId];
      for (let i = 0; i < 40; i += 1) {
        const kind = [0, 0, 1, 0, 2, 0, 0, 0, 1, 2, 0, 2][i % 12];
        if (kind === 0) await pushAs(staffA, [walkthroughBy(teamA.staff.userId)], DESKTOP);
        else if (kind === 1) {
          const w = walkthroughBy(teamA.staff.userId);
          await pushAs(staffA, [w], LAPTOP);
          laptop.push(w.id);
        } else {
          services.push(serviceSchema.parse((await leadA.post('/services', { name: `Service ${i}` })).body).id);
        }
      }
      for (const limit of [1, 2, 3, 4, 7, 500]) {
        const { pulled } = await pullAll(staffA, null, limit, DESKTOP);
        expect(pulled.walkthroughs, `limit ${limit}`).toEqual(laptop);
        expect(pulled.services, `limit ${limit}`).toEqual(services);
        expect(pulled.journeys, `limit ${limit}`).toEqual([journeyId]);
      }
    });

    it('a page that leaves out everything up to the last change says there is no more', async () => {
      const own = Array.from({ length: 6 }, () => walkthroughBy(teamA.staff.userId));
      await pushAs(staffA, own, DESKTOP);
      // Limit 5: the walkthroughs read are 6 (limit + 1), all left out, the last one the team's last change.
      const first = await pullAll(staffA, null, 5, DESKTOP);
      expect(first).toMatchObject({ pages: 1, perPage: [3] });

      // Then another sampler writes: this device's page may now read to the end of its window without knowing
      // whether anything of its own follows. It says hasMore, and the next page, empty, ends the loop.
      await pushAs(
        staffA,
        Array.from({ length: 6 }, () => walkthroughBy(teamA.staff.userId)),
        DESKTOP,
      );
      await pushAs(otherStaffA, [walkthroughBy(teamA.otherStaff.userId)], DESKTOP);
      const next = await pullAll(staffA, first.cursor, 5, DESKTOP);
      expect(next).toMatchObject({ pages: 2, perPage: [0, 0] });
    });

    it('refuses a protocol 2 pull without a well-formed clientId, and a protocol 1 pull with one', async () => {
      for (const body of [
        { protocolVersion: 2, cursor: null },
        { protocolVersion: 2, clientId: null, cursor: null },
        { protocolVersion: 2, clientId: '', cursor: null },
        { protocolVersion: 2, clientId: 'device-1', cursor: null },
        { protocolVersion: 2, clientId: DESKTOP.toUpperCase(), cursor: null },
        { protocolVersion: 2, clientId: 42, cursor: null },
        { protocolVersion: 2, clientId: DESKTOP, cursor: null, extra: 1 },
        { protocolVersion: 1, clientId: DESKTOP, cursor: null },
        { protocolVersion: '2', clientId: DESKTOP, cursor: null },
      ]) {
        const answer = await staffA.request('POST', '/sync/pull', body);
        expect(answer.status, JSON.stringify(body)).toBe(400);
        expect(envelope(answer).code, JSON.stringify(body)).toBe('validation_failed');
      }
      for (const protocolVersion of [0, PROTOCOL_VERSION + 1]) {
        const answer = await staffA.request('POST', '/sync/pull', { protocolVersion, clientId: DESKTOP, cursor: null });
        expect(answer.status).toBe(400);
        expect(envelope(answer).code).toBe('unsupported_protocol');
      }
    });
  });
});
