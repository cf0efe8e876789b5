import type { Feedback } from '../schemas/feedback.ts';
import type { Journey } from '../schemas/journey.ts';
import type { JourneyTargets } from '../schemas/journey-targets.ts';
import type { Scorecard } from '../schemas/scorecard.ts';
import type { Walkthrough } from '../schemas/walkthrough.ts';
import { canonicalRecords } from './canonical-records.ts';
import { csatScore } from './csat-score.ts';
import { aggregateMeasured } from './journey-aggregate.ts';
import { measureWalkthroughs } from './measure-walkthroughs.ts';
import { scoreAggregate } from './score-aggregate.ts';
import { stepBreakdown } from './step-breakdown.ts';

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

/**
 * Score one journey against its SLA targets. Pure and total: no walkthroughs, one walkthrough, all abandoned or
 * no ratings each yield a valid scorecard whose empty scores are null with n = 0.
 *
 * The scores of the journey as a whole go through aggregateMeasured and scoreAggregate, as the server's do;
 * attainment, Apdex, percentiles and typical time follow the duration target's clock.
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
  // The same aggregate the server keeps per journey per day: one engine, the same digits on both sides.
  const core = scoreAggregate({ journeyId, aggregate: aggregateMeasured(measured, targets), targets });
  return {
    ...core,
    ...stepBreakdown({ journey, measured, feedback: customerFeedback, csatGoal: targets.csat, minSamples }),
    customer: {
      csat: csatScore({ ratings: customerFeedback.map((f) => f.rating), goal: targets.csat, minSamples }),
    },
    excluded: [...excluded],
  };
};
