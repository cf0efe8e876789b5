import type { Interval } from '../schemas/scorecard.ts';
import { histogramN, type RatingScale } from './rating-histogram.ts';
import { tCritical975 } from './t-critical.ts';

export type MeanEstimate = {
  readonly n: number;
  readonly mean: number | null;
  /** The sample standard deviation (n − 1), as observed, without the rounding variance below. */
  readonly sd: number | null;
  readonly interval: Interval | null;
};

/**
 * Rounding variance of an integer scale (Sheppard's correction, step h = 1: h²/12). Ratings are a continuous
 * opinion rounded to a whole point, so five identical ratings still leave ±0.5 unknown each: adding h²/12 to
 * the sample variance keeps the interval from collapsing to a point that would mark a target "met" on no
 * spread at all. Five SEQ ratings of 6 give about 5.64–6.36.
 */
export const SHEPPARD_VARIANCE = 1 / 12;

/**
 * Half-width of the 95% t-interval of a mean of n ratings with sample sd `sd`: t(0.975, n−1)·√(sd² + 1/12)/√n.
 * Shared with samples-still-needed, which asks how the interval narrows as n grows.
 */
export const meanHalfWidth = (n: number, sd: number): number =>
  (tCritical975(n - 1) * Math.sqrt(sd * sd + SHEPPARD_VARIANCE)) / Math.sqrt(n);

/**
 * Mean of ratings on a bounded integer scale with a Student-t 95% interval, mean ± t(0.975, n−1)·s'/√n where
 * s'² = s² + 1/12 (see SHEPPARD_VARIANCE), clipped to the scale. The t interval is the usual choice for
 * rating-scale means at the small n of manual sampling (Sauro & Lewis, "Quantifying the User Experience",
 * ch. 3); z would be too narrow below ~30 ratings.
 *
 * Computed from the counts of each rating (index 0 = scale.min), so a rollup's histogram and a list of ratings
 * give the same digits. n = 1: no spread can be estimated, so the interval is the whole scale.
 */
export const meanIntervalOfCounts = (counts: readonly number[], scale: RatingScale): MeanEstimate => {
  const n = histogramN(counts);
  if (n === 0) return { n, mean: null, sd: null, interval: null };
  const mean = counts.reduce((sum, c, i) => sum + c * (i + scale.min), 0) / n;
  if (n === 1) return { n, mean, sd: null, interval: { low: scale.min, high: scale.max } };
  const variance = counts.reduce((sum, c, i) => sum + c * (i + scale.min - mean) ** 2, 0) / (n - 1);
  const sd = Math.sqrt(variance);
  const half = meanHalfWidth(n, sd);
  return {
    n,
    mean,
    sd,
    interval: { low: Math.max(scale.min, mean - half), high: Math.min(scale.max, mean + half) },
  };
};
