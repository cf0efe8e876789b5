// Removing walkthroughs from the team's record (POST /walkthroughs/remove, server/api/walkthroughs.ts) over real
// HTTP on loopback, on SQLite and PostgreSQL: the overview's n drops, a retry is harmless, a re-push does not
// bring a removed walkthrough back, and another team's walkthrough, staff, and bad bodies are refused with nothing
// removed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/store.ts';
import { pushResponseSchema } from '../../shared/protocol/push.ts';
import { MAX_WALKTHROUGH_REMOVALS, walkthroughRemovalResponseSchema } from '../../shared/protocol/walkthroughs.ts';
import type { Journey } from '../../shared/schemas/journey.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { createIdGenerator, FIXTURE_EPOCH_MS } from '../fixtures/seeded-ids.ts';
import { type Client, client, envelope, type SeededTeam, seedTeamMembers } from '../helpers/api-harness.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';
import {
  DAY_MS,
  journeyWithTargets,
  overviewCounts,
  pushAll,
  serveOnLoopback,
  walkthroughOf,
} from './scores-loopback.ts';

const NOW = new Date(FIXTURE_EPOCH_MS + 10 * DAY_MS);
const DEVICE = '01900000-0000-7000-8000-00000000dec1';

describe.each(storeFactories())('removing walkthroughs over HTTP on $kind', ({ open }) => {
  let opened: OpenedStore;
  let store: Store;
  let close: () => Promise<void>;
  let team: SeededTeam;
  let other: SeededTeam;
  let lead: Client;
  let admin: Client;
  let sampler: Client;
  let staffClient: Client;
  let otherLead: Client;
  let otherStaff: Client;
  let journey: Journey;
  let pushed: Walkthrough[];
  const ids = createIdGenerator(0x7e40);

  beforeEach(async () => {
    opened = await open();
    store = opened.store;
    await store.migrate();
    team = await seedTeamMembers(store, 'Team');
    other = await seedTeamMembers(store, 'Other team');
    const served = await serveOnLoopback(store, () => NOW);
    close = served.close;
    lead = client(served.base, team.lead.token);
    admin = client(served.base, team.admin.token);
    sampler = client(served.base, team.staff.token);
    staffClient = client(served.base, team.otherStaff.token);
    otherLead = client(served.base, other.lead.token);
    otherStaff = client(served.base, other.staff.token);
    journey = await journeyWithTargets(lead);
    pushed = Array.from({ length: 5 }, (_, i) => walkthroughOf(journey, team.staff.userId, NOW, 60 + i, ids));
    await pushAll(sampler, pushed, DEVICE);
  });
  afterEach(async () => {
    await close();
    await opened.dispose();
  });

  const idOf = (i: number): string => pushed[i]?.id ?? '';
  const remove = (as: Client, walkthroughIds: readonly string[]) =>
    as.post('/walkthroughs/remove', { ids: walkthroughIds });
  const nOfJourney = async () => (await overviewCounts(lead)).n.get(journey.id);

  it("drops the overview's n, answers a retry as already removed, and the walkthrough is gone", async () => {
    expect(await nOfJourney()).toBe(5);
    const answer = await remove(lead, [idOf(0), idOf(1), idOf(0)]);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(walkthroughRemovalResponseSchema.parse(answer.body)).toEqual({
      removed: [idOf(0), idOf(1)],
      alreadyRemoved: [],
    });
    expect(await nOfJourney()).toBe(3);
    expect((await lead.get(`/walkthroughs/${idOf(0)}`)).status).toBe(404);

    const retried = await remove(admin, [idOf(1), idOf(2)]);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(walkthroughRemovalResponseSchema.parse(retried.body)).toEqual({
      removed: [idOf(2)],
      alreadyRemoved: [idOf(1)],
    });
    expect(await nOfJourney()).toBe(2);
  });

  it('a re-push of a removed walkthrough, the same rev or a later edit, is a duplicate and stores nothing', async () => {
    expect((await remove(lead, [idOf(0)])).status).toBe(200);
    const removed = pushed[0] as Walkthrough;
    const edited = { ...removed, rev: removed.rev + 1, ratings: { ...removed.ratings, satisfaction: 5 } };
    // A brand-new walkthrough in the same batch still lands: only the removed id is held back.
    const fresh = walkthroughOf(journey, team.staff.userId, NOW, 30, ids);
    for (const batch of [[removed], [edited, fresh]]) {
      const answer = await sampler.push(
        batch.map((data) => ({ type: 'walkthrough', data })),
        DEVICE,
      );
      expect(answer.status).toBe(200);
      const results = pushResponseSchema.parse(answer.body).results;
      expect(results[0]).toMatchObject({ id: removed.id, status: 'duplicate', rev: batch[0]?.rev });
      if (batch.length > 1) expect(results[1]).toMatchObject({ id: fresh.id, status: 'accepted' });
    }
    expect((await lead.get(`/walkthroughs/${removed.id}`)).status).toBe(404);
    expect(await store.getWalkthrough(team.teamId, removed.id)).toBeUndefined();
    expect(await nOfJourney()).toBe(5);
  });

  it('a removed walkthrough pushed again with a journey the team no longer has is still a duplicate', async () => {
    expect((await remove(lead, [idOf(0)])).status).toBe(200);
    const removed = pushed[0] as Walkthrough;
    const orphaned = { ...removed, rev: removed.rev + 1, journeyId: ids() };
    const answer = await sampler.push([{ type: 'walkthrough', data: orphaned }], DEVICE);
    expect(answer.status).toBe(200);
    expect(pushResponseSchema.parse(answer.body).results).toEqual([
      expect.objectContaining({ id: removed.id, status: 'duplicate', rev: orphaned.rev }),
    ]);
    expect(await store.getWalkthrough(team.teamId, removed.id)).toBeUndefined();
  });

  it("another team pushing a removed id is answered as for another team's live id, and stores nothing", async () => {
    expect((await remove(lead, [idOf(0)])).status).toBe(200);
    const theirJourney = await journeyWithTargets(otherLead, 'Their journey');
    const asTheirs = (w: Walkthrough): Walkthrough => ({
      ...w,
      journeyId: theirJourney.id,
      samplerId: other.staff.userId,
    });
    const answer = await otherStaff.push(
      [pushed[0], pushed[1]].map((w) => ({ type: 'walkthrough', data: asTheirs(w as Walkthrough) })),
      DEVICE,
    );
    expect(answer.status).toBe(200);
    const [removedAnswer, liveAnswer] = pushResponseSchema.parse(answer.body).results;
    expect(liveAnswer).toMatchObject({ id: idOf(1), status: 'rejected' });
    expect({ ...removedAnswer, id: idOf(1), index: 1 }).toEqual(liveAnswer);
    expect(await store.getWalkthrough(other.teamId, idOf(0))).toBeUndefined();
    expect(await store.getWalkthrough(other.teamId, idOf(1))).toBeUndefined();
  });

  it("another team's walkthrough is 404, and nothing named with it is removed", async () => {
    const theirJourney = await journeyWithTargets(otherLead, 'Their journey');
    const theirs = walkthroughOf(theirJourney, other.staff.userId, NOW, 5, ids);
    await pushAll(otherStaff, [theirs], DEVICE);

    for (const named of [[theirs.id], [idOf(0), theirs.id], [idOf(0), ids()]]) {
      const answer = await remove(lead, named);
      expect(answer.status, JSON.stringify(answer.body)).toBe(404);
      expect(envelope(answer).code).toBe('not_found');
    }
    // Their lead sees our walkthrough as missing too.
    expect((await remove(otherLead, [idOf(0)])).status).toBe(404);
    expect(await store.getWalkthrough(other.teamId, theirs.id)).toBeDefined();
    expect(await store.getWalkthrough(team.teamId, idOf(0))).toBeDefined();
    expect(await nOfJourney()).toBe(5);
  });

  it('staff may not remove, not even their own; bad bodies are refused; nothing is removed', async () => {
    for (const as of [sampler, staffClient]) {
      const answer = await remove(as, [idOf(0)]);
      expect(answer.status).toBe(403);
      expect(envelope(answer).code).toBe('forbidden');
    }
    const tooMany = Array.from({ length: MAX_WALKTHROUGH_REMOVALS + 1 }, () => ids());
    for (const body of [{ ids: [] }, { ids: tooMany }, { ids: ['not-an-id'] }, { ids: [idOf(0)], extra: 1 }, {}]) {
      const answer = await lead.post('/walkthroughs/remove', body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    expect(await nOfJourney()).toBe(5);
  });
});
