import { describe, expect, it } from 'vitest';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { makeWalkthrough } from '../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator, FIXTURE_IDS } from '../../tests/fixtures/seeded-ids.ts';
import { useFreshDbs } from '../db/testing/fresh-db.ts';
import { readJourneyChoices } from './journey-choices.ts';

const freshDb = useFreshDbs();
const ids = createIdGenerator(3);

describe('readJourneyChoices', () => {
  it('lists journeys with walkthroughs by name with counts, named from the catalog or a walkthrough', async () => {
    const db = freshDb();
    const pulledJourney = ids();
    await db.journeys.put(makeJourney({ name: 'Reset my password (catalog name)' }));
    await db.walkthroughs.bulkPut([
      makeWalkthrough({}, ids),
      makeWalkthrough({}, ids),
      makeWalkthrough({ journeyId: pulledJourney, journeyName: 'Approve an expense' }, ids),
      makeWalkthrough({ journeyId: null, journeyName: 'Ad hoc' }, ids),
    ]);
    expect(await readJourneyChoices(db)).toEqual({
      journeys: [
        { journeyId: pulledJourney, name: 'Approve an expense', count: 1 },
        { journeyId: FIXTURE_IDS.journeyId, name: 'Reset my password (catalog name)', count: 2 },
      ],
      adHocCount: 1,
    });
  });

  it('is empty in a new database', async () => {
    expect(await readJourneyChoices(freshDb())).toEqual({ journeys: [], adHocCount: 0 });
  });
});
