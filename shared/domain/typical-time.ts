import type { DurationStats } from '../schemas/scorecard.ts';
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
