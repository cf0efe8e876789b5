import { ok } from '../../shared/domain/result.ts';
import { MAX_STEP_MARKS } from '../../shared/schemas/index.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import type { Recording } from '../db/recording.ts';
import { isAtLastStep, nextManualStep } from './steps.ts';
import { nowMs, tick } from './tick.ts';
import { refuse, refuseIfFinished, type Transition } from './transition-error.ts';

/**
 * The sampler's "next step": marks the journey's next step now; an ad-hoc walkthrough gets "Step N". A catalog
 * journey has no step after its last: there the next action is Finish, and "next step" (the panel's button or
 * the keyboard shortcut) is refused, so no step the journey does not have reaches its scorecard. Allowed while
 * paused: the step changes even if the clock is on hold.
 */
export const markNextStep = (recording: Recording, reading: ClockReading): Transition => {
  const finished = refuseIfFinished(recording, 'mark a step');
  if (finished) return finished;
  if (isAtLastStep(recording)) {
    return refuse('past-last-step', `"${recording.stepMarks.at(-1)?.name}" is the journey's last step: finish instead`);
  }
  if (recording.stepMarks.length >= MAX_STEP_MARKS) {
    return refuse('invalid', `a walkthrough holds at most ${MAX_STEP_MARKS} step marks`);
  }
  const ticked = tick(recording, reading);
  const step = nextManualStep(ticked);
  return ok({ ...ticked, stepMarks: [...ticked.stepMarks, { ...step, atMs: nowMs(ticked), source: 'manual' }] });
};
