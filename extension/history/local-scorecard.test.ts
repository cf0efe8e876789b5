import { describe, expect, it } from 'vitest';
import { scoreJourney } from '../../shared/domain/score-journey.ts';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { makeTargets } from '../../tests/fixtures/make-targets.ts';
import { makeWalkthrough } from '../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator, FIXTURE_IDS, fixtureTime } from '../../tests/fixtures/seeded-ids.ts';
import { useFreshDbs } from '../db/testing/fresh-db.ts';
import { readJourneyScorecards, readLocalScorecard } from './local-scorecard.ts';

const freshDb = useFreshDbs();
const ids = createIdGenerator(51);
const DAY_MINUTES = 24 * 60;

const sample = () => [
  makeWalkthrough({ elapsedMs: 100_000 }, ids),
  makeWalkthrough({ elapsedMs: 200_000, ratings: { seq: 4 } }, ids),
  makeWalkthrough({ elapsedMs: 900_000, outcome: 'abandoned', ratings: {} }, ids),
];

describe('readLocalScorecard', () => {
  it("scores the journey's local walkthroughs with shared/domain against the local targets", async () => {
    const db = freshDb();
    const walkthroughs = sample();
    const journey = makeJourney();
    const targets = makeTargets();
    await db.walkthroughs.bulkPut([
      ...walkthroughs,
      makeWalkthrough({ journeyId: null, journeyName: 'Ad hoc' }, ids),
      makeWalkthrough({ journeyId: ids(), journeyName: 'Another' }, ids),
    ]);
    await db.journeys.put(journey);
    await db.targets.put(targets);

    const local = await readLocalScorecard(db, FIXTURE_IDS.journeyId, { from: '', to: '' });
    expect(local.targets).toEqual(targets);
    expect(local.scorecard).toEqual(scoreJourney({ journey, targets, walkthroughs, feedback: [] }));
    expect(local.scorecard.n).toBe(3);
    expect(local.scorecard.apdex.tMs).toBe(180_000);
    expect(local.unreadable).toBe(0);
  });

  it('scores without targets when the journey has none here, with every status "no target"', async () => {
    const db = freshDb();
    await db.walkthroughs.bulkPut(sample());
    const local = await readLocalScorecard(db, FIXTURE_IDS.journeyId, { from: '', to: '' });
    expect(local.targets).toBeNull();
    expect(local.scorecard.n).toBe(3);
    expect(local.scorecard.completion.count).toBe(2);
    expect(local.scorecard.completion.target.status).toBe('no_target');
    expect(local.scorecard.csat.target.status).toBe('no_target');
    expect(local.scorecard.seq.mean).toBe(5);
  });

  it('keeps to the date filter and counts rows it cannot read', async () => {
    const db = freshDb();
    const early = makeWalkthrough({ startedAt: fixtureTime(-10 * DAY_MINUTES) }, ids);
    const late = makeWalkthrough({ startedAt: fixtureTime(10 * DAY_MINUTES) }, ids);
    await db.walkthroughs.bulkPut([early, late]);
    await db.table('walkthroughs').put({ id: ids(), journeyId: FIXTURE_IDS.journeyId, startedAt: fixtureTime() });
    // 2026-01-05 is the fixture epoch: "from" it leaves out the one ten days earlier, whatever the time zone.
    const local = await readLocalScorecard(db, FIXTURE_IDS.journeyId, { from: '2026-01-05', to: '' });
    expect(local.scorecard.n).toBe(1);
    expect(local.unreadable).toBe(1);
  });
});

describe('readJourneyScorecards', () => {
  it('scores every journey with walkthroughs here, by name, within the dates, and leaves ad-hoc ones out', async () => {
    const db = freshDb();
    const other = ids();
    await db.walkthroughs.bulkPut([
      ...sample(),
      makeWalkthrough({ journeyId: other, journeyName: 'Apply for a permit' }, ids),
      makeWalkthrough(
        { journeyId: other, journeyName: 'Apply for a permit', startedAt: fixtureTime(-DAY_MINUTES) },
        ids,
      ),
      makeWalkthrough({ journeyId: null, journeyName: 'Ad hoc' }, ids),
    ]);
    await db.targets.put(makeTargets());

    const all = await readJourneyScorecards(db, { from: '', to: '' });
    expect(all.map((s) => [s.name, s.local.scorecard.n, s.local.targets !== null])).toEqual([
      ['Apply for a permit', 2, false],
      ['Reset my password', 3, true],
    ]);
    expect(all[1]?.local).toEqual(await readLocalScorecard(db, FIXTURE_IDS.journeyId, { from: '', to: '' }));

    const fromEpoch = await readJourneyScorecards(db, { from: '2026-01-05', to: '' });
    expect(fromEpoch.map((s) => s.local.scorecard.n)).toEqual([1, 3]);
  });
});
