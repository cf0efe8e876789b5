import type { TimelineError } from '../schemas/scorecard.ts';
import type { Walkthrough } from '../schemas/walkthrough.ts';

/** The parts of a walkthrough that place things on its monotonic clock. */
export type Timeline = Pick<Walkthrough, 'elapsedMs' | 'pauses' | 'stepMarks' | 'painPoints'>;

const isOffsetWithin = (ms: number, elapsedMs: number): boolean => Number.isFinite(ms) && ms >= 0 && ms <= elapsedMs;

/**
 * Re-check the timeline invariants the walkthrough schema promises. Scoring may be handed data that never went
 * through the schema (an older stored version, a test, a bug), and a pause longer than the walkthrough would
 * otherwise yield a negative active time that silently poisons every percentile. Scoring relies on exactly
 * these facts: offsets lie within [0, elapsedMs], pauses are in order and disjoint, step marks are in order.
 *
 * @returns the first problem found, or null when the timeline can be measured
 */
export const checkTimeline = (t: Timeline): TimelineError | null => {
  if (!Number.isFinite(t.elapsedMs) || t.elapsedMs < 0) {
    return { code: 'elapsed_out_of_range', message: `elapsed time ${t.elapsedMs} ms is not a duration` };
  }
  let previousPauseEnd = 0;
  for (const [i, p] of t.pauses.entries()) {
    if (!isOffsetWithin(p.startMs, t.elapsedMs) || !isOffsetWithin(p.endMs, t.elapsedMs) || p.endMs < p.startMs) {
      return {
        code: 'pause_out_of_range',
        message: `pause ${i} (${p.startMs}–${p.endMs} ms) does not lie within the walkthrough's ${t.elapsedMs} ms`,
      };
    }
    // Unsorted pauses show up here too: a pause starting before its predecessor ends also starts before it.
    if (p.startMs < previousPauseEnd) {
      return { code: 'pauses_overlap', message: `pause ${i} starts before the previous pause ends` };
    }
    previousPauseEnd = p.endMs;
  }
  let previousMark = 0;
  for (const [i, m] of t.stepMarks.entries()) {
    if (!isOffsetWithin(m.atMs, t.elapsedMs)) {
      return {
        code: 'step_mark_out_of_range',
        message: `step mark ${i} at ${m.atMs} ms lies outside the walkthrough's ${t.elapsedMs} ms`,
      };
    }
    if (m.atMs < previousMark) {
      return { code: 'step_marks_out_of_order', message: `step mark ${i} comes before the previous mark` };
    }
    previousMark = m.atMs;
  }
  const stray = t.painPoints.findIndex((p) => !isOffsetWithin(p.atMs, t.elapsedMs));
  if (stray >= 0) {
    return {
      code: 'pain_point_out_of_range',
      message: `pain point ${stray} lies outside the walkthrough's ${t.elapsedMs} ms`,
    };
  }
  return null;
};
