import type { Feedback } from '../schemas/feedback.ts';
import type { Journey } from '../schemas/journey.ts';
import type { JourneyTargets } from '../schemas/journey-targets.ts';
import type { OutcomeCounts, Scorecard } from '../schemas/scorecard.ts';
import type { Walkthrough } from '../schemas/walkthrough.ts';
import { apdex } from './apdex.ts';
import { canonicalRecords } from './canonical-records.ts';
import { cesScore } from './ces-score.ts';
import { csatScore } from './csat-score.ts';
import { meanRatingScore } from './mean-rating-score.ts';
import { measureWalkthroughs } from './measure-walkthroughs.ts';
import { percentile } from './percentile.ts';
import { proportionScore } from './proportion-score.ts';
import { stepBreakdown } from './step-breakdown.ts';
import { targetStatus } from './target-status.ts';
import { typicalTime } from './typical-time.ts';

export type ScoreJourneyInput = {
  /** Optional: gives the step breakdown its order and step names. Must be the journey the targets are for. */
  readonly journey?: Journey | undefined;
  /** The SLA targets; their `journeyId` decides which walkthroughs and feedback are scored. */
  readonly targets: JourneyTargets;
  /** Any walkthroughs: those of other journeys (and ad-hoc ones) are ignored, so a caller may pass a whole set. */
  readonly walkthroughs: readonly Walkthrough[];
  /** Any feedback: only ratings given on this journey are scored. */
  readonly feedback: readonly Feedback[];
};

const values = <T>(items: readonly (T | undefined)[]): T[] => items.filter((item): item is T => item !== undefined);

/**
 * Score one journey against its SLA targets. Pure and total: no walkthroughs, one walkthrough, all abandoned or
 * no ratings each yield a valid scorecard whose empty scores are null with n = 0.
 *
 * Filtering is done here, not by the caller: walkthroughs and feedback whose journeyId is not the targets'
 * are ignored, duplicates of one id count once (highest rev), and walkthroughs with an impossible timeline are
 * listed in `excluded` and left out of every score.
 *
 * @throws Error when `journey` is given for a different journey than `targets`: a caller bug, not data
 */
export const scoreJourney = ({ journey, targets, walkthroughs, feedback }: ScoreJourneyInput): Scorecard => {
  const journeyId = targets.journeyId;
  if (journey !== undefined && journey.id !== journeyId) {
    throw new Error(`scoreJourney: journey ${journey.id} does not match targets for journey ${journeyId}`);
  }
  const { minSamples } = targets;
  const own = canonicalRecords(
    walkthroughs.filter((w) => w.journeyId === journeyId),
    (w) => w.rev,
  );
  const customerFeedback = canonicalRecords(feedback.filter((f) => f.journeyId === journeyId));
  const { measured, excluded } = measureWalkthroughs(own);

  const n = measured.length;
  const outcomes: OutcomeCounts = { completed: 0, abandoned: 0, failed: 0 };
  for (const { walkthrough } of measured) outcomes[walkthrough.outcome] += 1;

  // Percentiles and typical time use the active duration (waits the sampler could not control taken out) of
  // completed walkthroughs only: active is what the service itself costs the customer, and an abandoned
  // walkthrough's time measures how long someone persisted, not how long the journey takes.
  const completedActiveMs = measured
    .filter((m) => m.walkthrough.outcome === 'completed')
    .map((m) => m.duration.activeMs);

  const { thresholdMs, share: attainmentGoal } = targets.duration;
  const completion = proportionScore(outcomes.completed, n);
  const attainment = proportionScore(completedActiveMs.filter((ms) => ms <= thresholdMs).length, n);
  const ratings = measured.map((m) => m.walkthrough.ratings);

  return {
    journeyId,
    n,
    outcomes,
    minSamples,
    completion: {
      ...completion,
      target: {
        goal: targets.completionRate ?? null,
        status: targetStatus({ ...completion, goal: targets.completionRate, minSamples }),
      },
    },
    attainment: {
      ...attainment,
      thresholdMs,
      clock: 'active',
      target: { goal: attainmentGoal, status: targetStatus({ ...attainment, goal: attainmentGoal, minSamples }) },
    },
    duration: {
      clock: 'active',
      n: completedActiveMs.length,
      minMs: percentile(completedActiveMs, 0),
      maxMs: percentile(completedActiveMs, 100),
      p50Ms: percentile(completedActiveMs, 50),
      p90Ms: percentile(completedActiveMs, 90),
      p95Ms: percentile(completedActiveMs, 95),
      typical: typicalTime(completedActiveMs),
      precision: { exact: true, relativeError: 0 },
    },
    apdex: apdex(
      measured.map((m) => ({ activeMs: m.duration.activeMs, completed: m.walkthrough.outcome === 'completed' })),
      targets.apdexTMs ?? thresholdMs,
      { clock: 'active', minSamples },
    ),
    // Ratings count whatever the outcome: a sampler who gave up still judged the experience.
    csat: csatScore({ ratings: values(ratings.map((r) => r.satisfaction)), goal: targets.csat, minSamples }),
    seq: meanRatingScore({ ratings: values(ratings.map((r) => r.seq)), goal: targets.seqMean, minSamples }),
    ces: cesScore({ ratings: values(ratings.map((r) => r.ces)), goal: targets.cesMean, minSamples }),
    ...stepBreakdown({ journey, measured, feedback: customerFeedback, csatGoal: targets.csat, minSamples }),
    customer: {
      csat: csatScore({ ratings: customerFeedback.map((f) => f.rating), goal: targets.csat, minSamples }),
    },
    excluded: [...excluded],
  };
};
