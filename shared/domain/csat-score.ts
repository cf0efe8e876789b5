import type { CsatScore } from '../schemas/scorecard.ts';
import { proportionScore } from './proportion-score.ts';
import { targetStatus } from './target-status.ts';

/** CSAT counts the top two boxes of the 1–5 satisfaction scale. */
export const CSAT_SATISFIED_MIN = 4;

export type CsatInput = {
  /** 1–5 ratings; missing ratings are simply not in the list. */
  readonly ratings: readonly number[];
  readonly goal: number | null | undefined;
  readonly minSamples: number;
};

/**
 * CSAT for samplers' satisfaction ratings and customers' widget ratings alike, so the two can be shown side by
 * side: share of 4–5 with its interval, the mean, and the target status judged on the share's interval.
 */
export const csatScore = ({ ratings, goal, minSamples }: CsatInput): CsatScore => {
  const n = ratings.length;
  const share = proportionScore(ratings.filter((r) => r >= CSAT_SATISFIED_MIN).length, n);
  return {
    ...share,
    mean: n === 0 ? null : ratings.reduce((sum, r) => sum + r, 0) / n,
    target: { goal: goal ?? null, status: targetStatus({ n, interval: share.interval, goal, minSamples }) },
  };
};
