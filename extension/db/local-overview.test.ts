import { describe, expect, it } from 'vitest';
import { serviceSchema } from '../../shared/schemas/index.ts';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { makeWalkthrough } from '../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator, FIXTURE_IDS } from '../../tests/fixtures/seeded-ids.ts';
import { readLocalOverview } from './local-overview.ts';
import { serverUrlSchema } from './server-url.ts';
import { saveServerUrl } from './server-url-setting.ts';
import { useFreshDbs } from './testing/fresh-db.ts';

// tests/fixtures has no service builder yet: the fixture journey's service, parsed so it stays valid.
const fixtureService = serviceSchema.parse({
  id: FIXTURE_IDS.serviceId,
  teamId: FIXTURE_IDS.teamId,
  rev: 1,
  name: 'Self-service portal',
  description: '',
  archived: false,
  updatedAt: '2026-01-05T09:00:00.000Z',
});

const freshDb = useFreshDbs();

describe('readLocalOverview', () => {
  it('is empty and unconnected in a new database', async () => {
    expect(await readLocalOverview(freshDb())).toEqual({
      journeys: [],
      unreadableJourneys: 0,
      walkthroughCount: 0,
      server: { status: 'unset' },
    });
  });

  it('lists live journeys by name with their service, counts walkthroughs, and reads the server address', async () => {
    const db = freshDb();
    const ids = createIdGenerator(1);
    const laptop = makeJourney({ id: ids(), name: 'Request a laptop', serviceId: ids() });
    await db.services.put(fixtureService);
    await db.journeys.bulkPut([laptop, makeJourney({ id: ids(), name: 'Old journey', archived: true }), makeJourney()]);
    await db.walkthroughs.bulkPut([makeWalkthrough(), makeWalkthrough()]);
    await saveServerUrl(db, serverUrlSchema.parse('https://journeys.example.com'));

    const overview = await readLocalOverview(db);

    expect(overview.journeys).toEqual([
      { id: laptop.id, name: 'Request a laptop', serviceName: null, stepCount: 3 },
      { id: FIXTURE_IDS.journeyId, name: 'Reset my password', serviceName: 'Self-service portal', stepCount: 3 },
    ]);
    expect(overview.walkthroughCount).toBe(2);
    expect(overview.server).toEqual({ status: 'set', url: 'https://journeys.example.com' });
  });

  it('counts journey rows that fail the shared schema instead of showing or dropping them', async () => {
    const db = freshDb();
    await db.journeys.put(makeJourney());
    await db.table('journeys').put({ id: createIdGenerator(1)(), name: 'written by a buggy version' });

    const overview = await readLocalOverview(db);

    expect(overview.journeys.map((j) => j.id)).toEqual([FIXTURE_IDS.journeyId]);
    expect(overview.unreadableJourneys).toBe(1);
    expect(await db.journeys.count()).toBe(2);
  });
});
