import type { CesScore } from '../schemas/scorecard.ts';
import { type MeanRatingInput, meanRatingScore } from './mean-rating-score.ts';
import { proportionScore } from './proportion-score.ts';

/** CES counts "somewhat agree" and above (5–7 on the 1–7 agreement scale) as easy. */
export const CES_EASY_MIN = 5;

/** Customer Effort Score: the mean judged against the target, plus the share who found the task easy. */
export const cesScore = (input: MeanRatingInput): CesScore => ({
  ...meanRatingScore(input),
  easy: proportionScore(input.ratings.filter((r) => r >= CES_EASY_MIN).length, input.ratings.length),
});
