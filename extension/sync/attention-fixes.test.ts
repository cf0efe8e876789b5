import { describe, expect, it } from 'vitest';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { createIdGenerator, FIXTURE_EPOCH_MS, FIXTURE_IDS } from '../../tests/fixtures/seeded-ids.ts';
import { seedRefusedWalkthroughs } from '../catalog/testing/refused-walkthroughs.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { useFreshDbs } from '../db/testing/fresh-db.ts';
import { assignToJourney, keepAsAdHoc, readAttentionFixes, requeueForJourney } from './attention-fixes.ts';

const freshDb = useFreshDbs();
const ids = createIdGenerator(0xa77);
const NOW = new Date(FIXTURE_EPOCH_MS + 3_600_000);

const setUp = async (role: 'staff' | 'lead' = 'staff') => {
  const db = freshDb();
  return { db, ...(await seedRefusedWalkthroughs(db, ids, role)) };
};

const outboxOf = async (db: JourneySamplerDb, recordId: string) => db.outbox.where('recordId').equals(recordId).first();

describe('fixes for walkthroughs of journeys the server does not know', () => {
  it('lists only unknown_journey refusals, with the local journey, the team journeys and services', async () => {
    const { db, team, local, refused } = await setUp();
    const fixes = await readAttentionFixes(db);
    expect(fixes.unknownJourney).toEqual({
      [refused.id]: { recordId: refused.id, localJourney: { id: local.id, name: 'Order a laptop' } },
    });
    // The team's journey only: not the one made here, not one of another team cached from an earlier pairing.
    await db.journeys.put(makeJourney({ id: ids(), teamId: FIXTURE_IDS.otherTeam.teamId, name: 'Elsewhere' }));
    expect((await readAttentionFixes(db)).journeys).toEqual([
      { id: team.id, name: 'Reset my password', serviceName: 'Self-service portal' },
    ]);
    expect(fixes.services).toEqual([{ id: FIXTURE_IDS.serviceId, name: 'Self-service portal' }]);
    expect(fixes.canAddToCatalog).toBe(false);
    expect((await readAttentionFixes((await setUp('lead')).db)).canAddToCatalog).toBe(true);
  });

  it('assigns to a team journey: new rev, its name, steps tied by name, rejection cleared and queued again', async () => {
    const { db, team, refused } = await setUp();
    const result = await assignToJourney(db, refused.id, team.id, NOW);
    expect(result.ok).toBe(true);
    const stored = await db.walkthroughs.get(refused.id);
    expect(stored).toMatchObject({ rev: 2, journeyId: team.id, journeyName: 'Reset my password' });
    expect(stored?.stepMarks.map((m) => [m.name, m.stepId, m.atMs])).toEqual([
      ['Open the portal', FIXTURE_IDS.stepIds[0], 0],
      // No step of that name in the team's journey: counted by name.
      ['Submit the order', null, 1000],
    ]);
    expect(await outboxOf(db, refused.id)).toMatchObject({ rev: 2, queuedAt: NOW.toISOString() });
    expect((await outboxOf(db, refused.id))?.rejection).toBeUndefined();
    expect((await readAttentionFixes(db)).unknownJourney).toEqual({});
  });

  it('keeps it as ad-hoc: no journey, same names, new rev, queued again', async () => {
    const { db, refused } = await setUp();
    expect((await keepAsAdHoc(db, refused.id, NOW)).ok).toBe(true);
    const stored = await db.walkthroughs.get(refused.id);
    expect(stored).toMatchObject({ rev: 2, journeyId: null, journeyName: 'Order a laptop' });
    expect(stored?.stepMarks.map((m) => [m.name, m.stepId])).toEqual([
      ['Open the portal', null],
      ['Submit the order', null],
    ]);
    expect(await outboxOf(db, refused.id)).toMatchObject({ rev: 2 });
    expect((await outboxOf(db, refused.id))?.rejection).toBeUndefined();
  });

  it('refuses to assign to a journey made here, an archived one, or a missing walkthrough, changing nothing', async () => {
    const { db, team, local, refused } = await setUp();
    await db.journeys.put(makeJourney({ id: ids(), name: 'Retired', archived: true }));
    const archived = (await db.journeys.toArray()).find((j) => j.archived);
    for (const journeyId of [local.id, archived?.id ?? '', ids()]) {
      const result = await assignToJourney(db, refused.id, journeyId, NOW);
      expect(result.ok ? null : result.error.kind).toBe('not-a-team-journey');
    }
    const gone = await assignToJourney(db, ids(), team.id, NOW);
    expect(gone.ok ? null : gone.error.kind).toBe('gone');
    expect(await db.walkthroughs.get(refused.id)).toEqual(refused);
    expect((await outboxOf(db, refused.id))?.rejection).toBeDefined();
  });

  it("after the journey joins the team's catalog, stores the server's copy and queues its walkthroughs again", async () => {
    const { db, local, refused, otherwise } = await setUp('lead');
    const onServer = { ...local, teamId: FIXTURE_IDS.teamId, serviceId: FIXTURE_IDS.serviceId };
    expect(await requeueForJourney(db, onServer, NOW)).toBe(1);
    expect(await db.journeys.get(local.id)).toEqual(onServer);
    // Unchanged walkthrough, same rev: the server never accepted it, and now knows its journey.
    expect(await db.walkthroughs.get(refused.id)).toEqual(refused);
    expect((await outboxOf(db, refused.id))?.rejection).toBeUndefined();
    // A refusal for another reason stays where it is.
    expect((await outboxOf(db, otherwise.id))?.rejection?.reason).toMatch(/^not_owner/);
  });
});
