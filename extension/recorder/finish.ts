import { ok } from '../../shared/domain/result.ts';
import { OUTCOMES, type Outcome, shortTextSchema } from '../../shared/schemas/index.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import type { Recording } from '../db/recording.ts';
import { closePause } from './resume.ts';
import { nowMs, tick } from './tick.ts';
import { refuse, refuseIfFinished, type Transition } from './transition-error.ts';

export type FinishInput = { outcome: Outcome; reason?: string };

/**
 * Stops the clock with an outcome: completed, abandoned, or failed (which needs a reason). An open pause ends
 * here. The recording then waits for the rating (complete) or for reopen().
 */
export const finish = (recording: Recording, reading: ClockReading, input: FinishInput): Transition => {
  const finished = refuseIfFinished(recording, 'finish');
  if (finished) return finished;
  if (!(OUTCOMES as readonly string[]).includes(input.outcome)) {
    return refuse('invalid', `an outcome is one of ${OUTCOMES.join(', ')}`);
  }
  const reason = input.reason === undefined ? undefined : shortTextSchema.safeParse(input.reason);
  if (reason !== undefined && !reason.success) {
    return refuse('invalid', `reason: ${reason.error.issues[0]?.message ?? 'invalid'}`);
  }
  const outcomeReason = reason?.data || undefined;
  if (input.outcome === 'failed' && outcomeReason === undefined) {
    return refuse('invalid', 'a failed walkthrough needs a reason');
  }
  const ticked = tick(recording, reading);
  const endMs = nowMs(ticked);
  return ok({
    ...ticked,
    status: 'finished',
    pauses: ticked.openPause === null ? ticked.pauses : [...ticked.pauses, closePause(ticked.openPause, endMs)],
    openPause: null,
    outcome: input.outcome,
    ...(outcomeReason === undefined ? {} : { outcomeReason }),
    finalElapsedMs: endMs,
  });
};
