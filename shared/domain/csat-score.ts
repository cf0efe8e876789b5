import type { CsatScore } from '../schemas/scorecard.ts';
import { proportionScore } from './proportion-score.ts';
import { countAtLeast, histogramN, type RatingScale, ratingHistogram } from './rating-histogram.ts';
import { targetStatus } from './target-status.ts';

/** CSAT counts the top two boxes of the 1–5 satisfaction scale. */
export const CSAT_SATISFIED_MIN = 4;

export const FIVE_POINT_SCALE: RatingScale = { min: 1, max: 5 };

export type CsatCountsInput = {
  /** Counts of 1–5 ratings, index 0 counting the 1s. */
  readonly counts: readonly number[];
  readonly goal: number | null | undefined;
  readonly minSamples: number;
};

/**
 * CSAT for samplers' satisfaction ratings and customers' widget ratings alike, so the two can be shown side by
 * side: share of 4–5 with its interval, the mean, and the target status judged on the share's interval.
 */
export const csatScoreOfCounts = ({ counts, goal, minSamples }: CsatCountsInput): CsatScore => {
  const n = histogramN(counts);
  const share = proportionScore(countAtLeast(counts, FIVE_POINT_SCALE, CSAT_SATISFIED_MIN), n);
  return {
    ...share,
    mean: n === 0 ? null : counts.reduce((sum, c, i) => sum + c * (i + FIVE_POINT_SCALE.min), 0) / n,
    target: { goal: goal ?? null, status: targetStatus({ n, interval: share.interval, goal, minSamples }) },
  };
};

export type CsatInput = Omit<CsatCountsInput, 'counts'> & {
  /** 1–5 ratings; missing ratings are simply not in the list. */
  readonly ratings: readonly number[];
};

/** csatScoreOfCounts of a list of ratings. */
export const csatScore = ({ ratings, ...rest }: CsatInput): CsatScore =>
  csatScoreOfCounts({ counts: ratingHistogram(ratings, FIVE_POINT_SCALE), ...rest });
