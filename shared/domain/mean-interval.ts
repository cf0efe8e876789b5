import type { Interval } from '../schemas/scorecard.ts';
import { tCritical975 } from './t-critical.ts';

export type RatingScale = { readonly min: number; readonly max: number };

export type MeanEstimate = {
  readonly n: number;
  readonly mean: number | null;
  readonly sd: number | null;
  readonly interval: Interval | null;
};

/**
 * Mean of ratings on a bounded scale with a Student-t 95% interval: mean ± t(0.975, n−1)·sd/√n, clipped to the
 * scale. The t interval is the usual choice for rating-scale means at the small n of manual sampling (Sauro &
 * Lewis, "Quantifying the User Experience", ch. 3); z would be too narrow below ~30 ratings.
 *
 * Degenerate cases, chosen so a target's status stays honest:
 * - n = 1: no spread can be estimated, so the interval is the whole scale (a single rating proves nothing).
 * - identical ratings: sd = 0 and the interval is the point itself; with minSamples ratings all alike, that
 *   is taken at face value.
 */
export const meanInterval = (values: readonly number[], scale: RatingScale): MeanEstimate => {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, interval: null };
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  if (n === 1) return { n, mean, sd: null, interval: { low: scale.min, high: scale.max } };
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  const sd = Math.sqrt(variance);
  const half = (tCritical975(n - 1) * sd) / Math.sqrt(n);
  return {
    n,
    mean,
    sd,
    interval: { low: Math.max(scale.min, mean - half), high: Math.min(scale.max, mean + half) },
  };
};
