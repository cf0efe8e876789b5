import type { MeanScore } from '../schemas/scorecard.ts';
import { meanIntervalOfCounts } from './mean-interval.ts';
import type { RatingScale } from './rating-histogram.ts';
import { targetStatus } from './target-status.ts';

/** SEQ and CES are both 1–7 scales. */
export const SEVEN_POINT_SCALE: RatingScale = { min: 1, max: 7 };

export type MeanRatingInput = {
  /** Counts of 1–7 ratings, index 0 counting the 1s; missing ratings are simply not counted. */
  readonly counts: readonly number[];
  readonly goal: number | null | undefined;
  readonly minSamples: number;
};

/**
 * A mean rating judged against a minimum mean with the same met / at risk / breached rule as shares, applied
 * to the t interval of the mean (see mean-interval.ts for why t, Sheppard's 1/12, and how n = 1 behaves).
 */
export const meanRatingScore = ({ counts, goal, minSamples }: MeanRatingInput): MeanScore => {
  const estimate = meanIntervalOfCounts(counts, SEVEN_POINT_SCALE);
  return {
    n: estimate.n,
    mean: estimate.mean,
    sd: estimate.sd,
    interval: estimate.interval,
    target: { goal: goal ?? null, status: targetStatus({ ...estimate, goal, minSamples }) },
  };
};
