import type { MeanScore } from '../schemas/scorecard.ts';
import { meanInterval, type RatingScale } from './mean-interval.ts';
import { targetStatus } from './target-status.ts';

/** SEQ and CES are both 1–7 scales. */
export const SEVEN_POINT_SCALE: RatingScale = { min: 1, max: 7 };

export type MeanRatingInput = {
  /** 1–7 ratings; missing ratings are simply not in the list. */
  readonly ratings: readonly number[];
  readonly goal: number | null | undefined;
  readonly minSamples: number;
};

/**
 * A mean rating judged against a minimum mean with the same met / at risk / breached rule as shares, applied
 * to the t interval of the mean (see mean-interval.ts for why t and how n = 1 and identical ratings behave).
 */
export const meanRatingScore = ({ ratings, goal, minSamples }: MeanRatingInput): MeanScore => {
  const estimate = meanInterval(ratings, SEVEN_POINT_SCALE);
  return {
    n: estimate.n,
    mean: estimate.mean,
    sd: estimate.sd,
    interval: estimate.interval,
    target: { goal: goal ?? null, status: targetStatus({ ...estimate, goal, minSamples }) },
  };
};
