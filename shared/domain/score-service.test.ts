import { describe, expect, it } from 'vitest';
import { makeFeedback } from '../../tests/fixtures/make-feedback.ts';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { makeTargets } from '../../tests/fixtures/make-targets.ts';
import { makePause, makeWalkthrough } from '../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator, FIXTURE_IDS } from '../../tests/fixtures/seeded-ids.ts';
import { serviceScorecardSchema } from '../schemas/scorecard.ts';
import { scoreService } from './score-service.ts';

const S = 1000;
const ids = createIdGenerator(7);
const reset = makeJourney();
const unlock = makeJourney({ id: ids(), name: 'Unlock my account' });
const untargeted = makeJourney({ id: ids(), name: 'Request a laptop' });
const elsewhere = makeJourney({ id: ids(), serviceId: ids(), name: 'Book a room' });

describe('scoreService', () => {
  const input = {
    serviceId: FIXTURE_IDS.serviceId,
    journeys: [reset, unlock, untargeted, elsewhere],
    targets: [
      makeTargets(), // reset: within 180 s
      makeTargets({ journeyId: unlock.id, duration: { thresholdMs: 60 * S, share: 0.8 } }),
      makeTargets({ journeyId: unlock.id, rev: 2, duration: { thresholdMs: 90 * S, share: 0.8 } }),
      makeTargets({ journeyId: elsewhere.id }),
    ],
    walkthroughs: [
      makeWalkthrough({ elapsedMs: 100 * S, ratings: { satisfaction: 5 } }), // reset: within 180 s
      makeWalkthrough({ elapsedMs: 200 * S, ratings: { satisfaction: 2 } }), // reset: over
      makeWalkthrough({ journeyId: unlock.id, elapsedMs: 80 * S, ratings: { satisfaction: 4 } }), // within 90 s (rev 2)
      makeWalkthrough({ journeyId: unlock.id, outcome: 'failed', ratings: {} }),
      { ...makeWalkthrough({ journeyId: unlock.id }), pauses: [makePause({ startMs: 0, endMs: 10_000_000 })] },
      makeWalkthrough({ journeyId: untargeted.id }),
      makeWalkthrough({ journeyId: elsewhere.id }),
      makeWalkthrough({ journeyId: null, journeyName: 'Ad hoc' }),
    ],
    feedback: [
      makeFeedback({ rating: 5 }),
      makeFeedback({ rating: 1, journeyId: undefined }),
      makeFeedback({ rating: 4, journeyId: unlock.id }),
      makeFeedback({ rating: 5, serviceId: elsewhere.serviceId, journeyId: elsewhere.id }),
    ],
  };
  const card = serviceScorecardSchema.parse(scoreService(input));

  it('scores each of the service’s journeys that has targets, in the order given, with the newest targets', () => {
    expect(card.journeys.map((j) => j.journeyId)).toEqual([reset.id, unlock.id]);
    expect(card.journeys[1]?.attainment.thresholdMs).toBe(90 * S);
    expect(card.journeysWithoutTargets).toEqual([untargeted.id]);
  });

  it('pools walkthroughs, judging each against its own journey’s threshold', () => {
    expect(card.n).toBe(4);
    expect(card.outcomes).toEqual({ completed: 3, abandoned: 0, failed: 1 });
    expect(card.completion).toMatchObject({ n: 4, count: 3, value: 0.75 });
    expect(card.attainment).toMatchObject({ n: 4, count: 2, value: 0.5 });
    // Satisfaction 5, 2, 4: the broken walkthrough (excluded from its journey card) is not pooled either.
    expect(card.csat).toMatchObject({ n: 3, count: 2, target: { goal: null, status: 'no_target' } });
    expect(card.journeys[1]?.excluded).toHaveLength(1);
  });

  it('scores every customer rating on the service, with or without a journey', () => {
    expect(card.customer.csat).toMatchObject({ n: 3, count: 2, mean: 10 / 3 });
  });

  it('scores a service with nothing in it', () => {
    const empty = serviceScorecardSchema.parse(
      scoreService({ serviceId: FIXTURE_IDS.serviceId, journeys: [], targets: [], walkthroughs: [], feedback: [] }),
    );
    expect(empty).toMatchObject({ n: 0, journeys: [], completion: { n: 0, value: null } });
  });
});
