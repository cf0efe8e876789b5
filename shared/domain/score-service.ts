import type { Feedback } from '../schemas/feedback.ts';
import type { Journey } from '../schemas/journey.ts';
import { DEFAULT_MIN_SAMPLES, type JourneyTargets } from '../schemas/journey-targets.ts';
import type { OutcomeCounts, Scorecard, ServiceScorecard } from '../schemas/scorecard.ts';
import type { Walkthrough } from '../schemas/walkthrough.ts';
import { canonicalRecords } from './canonical-records.ts';
import { csatScore } from './csat-score.ts';
import { proportionScore } from './proportion-score.ts';
import { scoreJourney } from './score-journey.ts';

export type ScoreServiceInput = {
  readonly serviceId: string;
  /** Any journeys: those of other services are ignored. The service's journeys are scored in this order. */
  readonly journeys: readonly Journey[];
  /** Any targets; a journey with several revisions uses the highest rev. */
  readonly targets: readonly JourneyTargets[];
  /** Any walkthroughs: each is attributed to the service through its journey. */
  readonly walkthroughs: readonly Walkthrough[];
  /** Any feedback: only ratings given on this service count. */
  readonly feedback: readonly Feedback[];
};

/**
 * A service's journeys scored one by one, plus scores pooled over all their walkthroughs. Pooling is per
 * walkthrough, not an average of journeys, so a busy journey weighs more and every pooled share keeps an honest
 * n; attainment judges each walkthrough against its own journey's threshold. Pooled scores have no target:
 * SLA targets are set per journey. Ad-hoc walkthroughs (no journey) and journeys without targets cannot be
 * scored; the latter are listed so a lead can set targets.
 */
export const scoreService = ({
  serviceId,
  journeys,
  targets,
  walkthroughs,
  feedback,
}: ScoreServiceInput): ServiceScorecard => {
  // One targets record per journey: the newest revision, as the server itself keeps.
  const targetsByJourney = new Map<string, JourneyTargets>();
  for (const t of targets) {
    const kept = targetsByJourney.get(t.journeyId);
    if (kept === undefined || t.rev > kept.rev) targetsByJourney.set(t.journeyId, t);
  }
  const seenJourneyIds = new Set<string>();
  const ownJourneys = journeys.filter((j) => {
    if (j.serviceId !== serviceId || seenJourneyIds.has(j.id)) return false;
    seenJourneyIds.add(j.id);
    return true;
  });

  const cards: Scorecard[] = [];
  const journeysWithoutTargets: string[] = [];
  for (const journey of ownJourneys) {
    const journeyTargets = targetsByJourney.get(journey.id);
    if (journeyTargets === undefined) journeysWithoutTargets.push(journey.id);
    else cards.push(scoreJourney({ journey, targets: journeyTargets, walkthroughs, feedback }));
  }

  // The walkthroughs behind the journey cards, so pooled ratings use exactly the records the cards scored.
  const scoredJourneyIds = new Set(cards.map((c) => c.journeyId));
  const excludedIds = new Set(cards.flatMap((c) => c.excluded.map((e) => e.walkthroughId)));
  const scored = canonicalRecords(
    walkthroughs.filter((w) => w.journeyId !== null && scoredJourneyIds.has(w.journeyId) && !excludedIds.has(w.id)),
    (w) => w.rev,
  );

  const n = cards.reduce((sum, c) => sum + c.n, 0);
  const outcomes: OutcomeCounts = { completed: 0, abandoned: 0, failed: 0 };
  for (const c of cards) {
    outcomes.completed += c.outcomes.completed;
    outcomes.abandoned += c.outcomes.abandoned;
    outcomes.failed += c.outcomes.failed;
  }
  const satisfaction = scored.flatMap((w) => (w.ratings.satisfaction === undefined ? [] : [w.ratings.satisfaction]));
  const serviceFeedback = canonicalRecords(feedback.filter((f) => f.serviceId === serviceId));
  const noTarget = { goal: null, minSamples: DEFAULT_MIN_SAMPLES };

  return {
    serviceId,
    n,
    outcomes,
    completion: proportionScore(outcomes.completed, n),
    attainment: proportionScore(
      cards.reduce((sum, c) => sum + c.attainment.count, 0),
      n,
    ),
    csat: csatScore({ ratings: satisfaction, ...noTarget }),
    customer: { csat: csatScore({ ratings: serviceFeedback.map((f) => f.rating), ...noTarget }) },
    journeys: cards,
    journeysWithoutTargets,
  };
};
