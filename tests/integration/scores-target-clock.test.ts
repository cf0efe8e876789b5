// The clock a duration target judges (issue 11, migration 0007): stored and read back by the store on both
// databases, sent and returned by the targets API and the catalog pull, and `active` for every target written
// before the clock existed.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { targetDurationClockMigration } from '../../server/store/migrations/0007-target-duration-clock.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { pullResponseSchema } from '../../shared/protocol/pull.ts';
import { journeyTargetsSchema } from '../../shared/schemas/journey-targets.ts';
import { makeTargets } from '../fixtures/make-targets.ts';
import { client, openTeam, seedJourney } from '../helpers/api-harness.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

describe.each(storeFactories())('the duration target clock on $kind', ({ open }) => {
  let setUp: Awaited<ReturnType<typeof openTeam>>;
  let opened: OpenedStore;

  beforeEach(async () => {
    setUp = await openTeam(open, 'Team');
    opened = setUp.opened;
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('the targets API and the catalog pull carry the clock; a set without one judges active time', async () => {
    const lead = client(setUp.app, setUp.team.lead.token);
    const journeyId = await seedJourney(lead);
    const created = await lead.put(`/journeys/${journeyId}/targets`, {
      rev: null,
      duration: { thresholdMs: 60_000, share: 0.9, clock: 'elapsed' },
    });
    expect(created.status).toBe(201);
    expect(journeyTargetsSchema.parse(created.body).duration.clock).toBe('elapsed');
    expect(journeyTargetsSchema.parse((await lead.get(`/journeys/${journeyId}/targets`)).body).duration).toEqual({
      thresholdMs: 60_000,
      share: 0.9,
      clock: 'elapsed',
    });
    const pulled = pullResponseSchema.parse((await lead.pull(null)).body);
    expect(pulled.targets.map((t) => t.duration.clock)).toEqual(['elapsed']);

    const edited = await lead.put(`/journeys/${journeyId}/targets`, {
      rev: 1,
      duration: { thresholdMs: 60_000, share: 0.9 },
    });
    expect(edited.status).toBe(200);
    expect(journeyTargetsSchema.parse((await lead.get(`/journeys/${journeyId}/targets`)).body).duration.clock).toBe(
      'active',
    );
    const bad = await lead.put(`/journeys/${journeyId}/targets`, {
      rev: 2,
      duration: { thresholdMs: 60_000, share: 0.9, clock: 'wall' },
    });
    expect(bad.status).toBe(400);
  });

  it('targets stored before migration 0007 read back as active; the database refuses an unknown clock', async () => {
    const { store, team } = setUp;
    const lead = client(setUp.app, team.lead.token);
    const journeyId = await seedJourney(lead);
    const db = testDatabase(store);
    await targetDurationClockMigration.down?.(db);
    await sql`insert into journey_targets (journey_id, team_id, rev, change_seq, duration_threshold_ms,
      duration_share, min_samples, updated_at) values (${journeyId}, ${team.teamId}, 1, 99, 60000, 0.9, 5,
      '2026-01-01T00:00:00.000Z')`.execute(db);
    await targetDurationClockMigration.up(db);
    expect((await store.getJourneyTargets(team.teamId, journeyId))?.duration.clock).toBe('active');

    await expect(
      db
        .updateTable('journey_targets')
        .set({ duration_clock: 'wall' as 'active' })
        .where('journey_id', '=', journeyId)
        .execute(),
    ).rejects.toThrow();
    const elapsed = makeTargets({ journeyId, rev: 2, duration: { thresholdMs: 1000, share: 0.5, clock: 'elapsed' } });
    expect(await store.putJourneyTargets(team.teamId, elapsed)).toEqual({ status: 'accepted' });
    expect(await store.getJourneyTargets(team.teamId, journeyId)).toEqual(elapsed);
  });
});
