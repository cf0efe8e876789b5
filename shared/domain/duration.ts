import type { TimelineError } from '../schemas/scorecard.ts';
import type { Pause } from '../schemas/walkthrough.ts';
import { checkTimeline, type Timeline } from './check-timeline.ts';
import { err, ok, type Result } from './result.ts';

/** The span from one step mark to the next (or to the end), and the active time within it. */
export type StepSegment = {
  readonly stepId: string | null;
  readonly name: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly activeMs: number;
};

export type DurationBreakdown = {
  readonly elapsedMs: number;
  readonly pausedMs: number;
  /** elapsedMs minus paused time: what the customer would have spent, waits excluded. */
  readonly activeMs: number;
  /** Active time before the first step mark (all of it when there are no marks): it belongs to no step. */
  readonly leadInActiveMs: number;
  /** One per step mark, in order. leadInActiveMs + the steps' activeMs === activeMs, exactly. */
  readonly steps: readonly StepSegment[];
};

/**
 * Active time elapsed before each of the ascending offsets, in one pass over the (sorted, disjoint) pauses.
 * Every step's active time is a difference of two of these, so the steps telescope to the total exactly,
 * instead of each step subtracting its own overlapping pauses and accumulating its own round-off.
 */
const activeBefore = (pauses: readonly Pause[], ascendingOffsets: readonly number[]): number[] => {
  let next = 0;
  let pausedBeforeNext = 0;
  return ascendingOffsets.map((t) => {
    for (let p = pauses[next]; p !== undefined && p.endMs <= t; p = pauses[next]) {
      pausedBeforeNext += p.endMs - p.startMs;
      next += 1;
    }
    const current = pauses[next];
    const pausedSoFar = current !== undefined && current.startMs < t ? t - current.startMs : 0;
    return t - pausedBeforeNext - pausedSoFar;
  });
};

/**
 * Active duration of a walkthrough and of each step. A step starts at its mark and ends at the next mark, the
 * last one at the end of the walkthrough; pause time inside a step is taken out of that step.
 *
 * @returns an error value, not an exception, for a timeline that breaks the schema's invariants (pauses beyond
 *   the end or overlapping, marks out of order): one bad record must not stop a whole scorecard
 */
export const measureDuration = (t: Timeline): Result<DurationBreakdown, TimelineError> => {
  const problem = checkTimeline(t);
  if (problem !== null) return err(problem);
  const starts = t.stepMarks.map((m) => m.atMs);
  const boundaries = [...starts, t.elapsedMs];
  const active = activeBefore(t.pauses, boundaries);
  const activeAt = (i: number): number => active[i] ?? 0;
  const activeMs = activeAt(boundaries.length - 1);
  const steps = t.stepMarks.map(
    (m, i): StepSegment => ({
      stepId: m.stepId,
      name: m.name,
      startMs: m.atMs,
      endMs: boundaries[i + 1] ?? t.elapsedMs,
      activeMs: activeAt(i + 1) - activeAt(i),
    }),
  );
  return ok({
    elapsedMs: t.elapsedMs,
    pausedMs: t.elapsedMs - activeMs,
    activeMs,
    leadInActiveMs: activeAt(0),
    steps,
  });
};
