import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodePullCursor } from '../../server/api/pull-cursor.ts';
import type { Store } from '../../server/store/store.ts';
import { type PullResponse, pullResponseSchema } from '../../shared/protocol/pull.ts';
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

type Pulled = { services: string[]; journeys: string[]; targets: string[]; walkthroughs: string[] };

/** Pulls page after page (bounded) from `cursor` until hasMore is false; returns every id seen and the last cursor. */
async function pullAll(
  as: Client,
  cursor: string | null,
  limit?: number,
): Promise<{ pulled: Pulled; cursor: string; pages: number }> {
  const pulled: Pulled = { services: [], journeys: [], targets: [], walkthroughs: [] };
  let at = cursor;
  for (let pages = 1; pages <= 1000; pages += 1) {
    const answer = await as.pull(at, limit);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const page: PullResponse = pullResponseSchema.parse(answer.body);
    pulled.services.push(...page.services.map((s) => s.id));
    pulled.journeys.push(...page.journeys.map((j) => j.id));
    pulled.targets.push(...page.targets.map((t) => t.journeyId));
    pulled.walkthroughs.push(...page.walkthroughs.map((w) => w.id));
    at = page.cursor;
    if (!page.hasMore) return { pulled, cursor: page.cursor, pages };
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

  const pushAs = async (as: Client, walkthroughs: readonly Walkthrough[]) => {
    const answer = await as.push(
      walkthroughs.map((data) => ({ type: 'walkthrough', data })),
      CLIENT_ID,
    );
    expect(answer.status).toBe(200);
  };

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
      afterSeq: 3, // past the catalog
      limit: 500,
      maxBytes: 1000,
    });
    if (!result.ok) throw new Error('expected a page');
    expect(result.page.walkthroughs.map((w) => w.id)).toEqual([big[0]?.id]);
    expect(result.page.hasMore).toBe(true);
  });
});
