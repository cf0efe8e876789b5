import type { DurationSketch } from '../schemas/duration-sketch.ts';
import type { DurationStats } from '../schemas/scorecard.ts';
import { sketchCount, sketchQuantile } from './duration-sketch.ts';
import { median } from './percentile.ts';

/** Below this many samples the geometric mean estimates the typical time with less error than the median. */
export const GEOMETRIC_MEAN_MAX_N = 25;

/**
 * Task times are right-skewed, so the typical time is the geometric mean for small samples (n < 25) and the
 * median from 25 on (Sauro & Lewis). Rounded to whole milliseconds, the resolution of the input, which also
 * makes n identical durations return exactly that duration despite exp(log(x)) round-off.
 *
 * A 0 ms duration (possible when a walkthrough was paused throughout) is counted as 1 ms in the geometric
 * mean: log(0) would drag the whole mean to 0, and 1 ms is the clock's resolution anyway.
 */
export const typicalTime = (durationsMs: readonly number[]): DurationStats['typical'] => {
  const n = durationsMs.length;
  if (n === 0) return null;
  if (n >= GEOMETRIC_MEAN_MAX_N) {
    const ms = median(durationsMs);
    return ms === null ? null : { ms, method: 'median' };
  }
  const meanLog = durationsMs.reduce((sum, ms) => sum + Math.log(Math.max(1, ms)), 0) / n;
  // Clamped to the observed range so the 1 ms floor above can never report a time longer than every sample.
  const ms = Math.min(Math.max(...durationsMs), Math.max(Math.min(...durationsMs), Math.round(Math.exp(meanLog))));
  return { ms, method: 'geometric_mean' };
};

/**
 * typicalTime of a sketch's durations. Below 25 durations a sketch is always exact (it keeps up to 256), so
 * the geometric mean is computed from the very values; from 25 on the median comes from the sketch, exactly
 * the p50 shown beside it.
 */
export const typicalTimeOfSketch = (sketch: DurationSketch): DurationStats['typical'] => {
  if (sketch.kind === 'exact' && sketch.values.length < GEOMETRIC_MEAN_MAX_N) return typicalTime(sketch.values);
  if (sketchCount(sketch) === 0) return null;
  const ms = sketchQuantile(sketch, 0.5);
  return ms === null ? null : { ms, method: 'median' };
};
