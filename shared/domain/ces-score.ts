import type { CesScore } from '../schemas/scorecard.ts';
import { type MeanRatingInput, meanRatingScore, SEVEN_POINT_SCALE } from './mean-rating-score.ts';
import { proportionScore } from './proportion-score.ts';
import { countAtLeast, histogramN } from './rating-histogram.ts';

/** CES counts "somewhat agree" and above (5–7 on the 1–7 agreement scale) as easy. */
export const CES_EASY_MIN = 5;

/** Customer Effort Score: the mean judged against the target, plus the share who found the task easy. */
export const cesScore = (input: MeanRatingInput): CesScore => ({
  ...meanRatingScore(input),
  easy: proportionScore(countAtLeast(input.counts, SEVEN_POINT_SCALE, CES_EASY_MIN), histogramN(input.counts)),
});
