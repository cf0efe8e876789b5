import { ok } from '../../shared/domain/result.ts';
import { MAX_STEP_MARKS } from '../../shared/schemas/index.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import type { Recording } from '../db/recording.ts';
import { nextManualStep } from './steps.ts';
import { nowMs, tick } from './tick.ts';
import { refuse, refuseIfFinished, type Transition } from './transition-error.ts';

/**
 * The sampler's "next step": marks the journey's next step now, or an extra "Step N" past the journey's last
 * step (and always when ad hoc). Allowed while paused: the step changes even if the clock is on hold.
 */
export const markNextStep = (recording: Recording, reading: ClockReading): Transition => {
  const finished = refuseIfFinished(recording, 'mark a step');
  if (finished) return finished;
  if (recording.stepMarks.length >= MAX_STEP_MARKS) {
    return refuse('invalid', `a walkthrough holds at most ${MAX_STEP_MARKS} step marks`);
  }
  const ticked = tick(recording, reading);
  const step = nextManualStep(ticked);
  return ok({ ...ticked, stepMarks: [...ticked.stepMarks, { ...step, atMs: nowMs(ticked), source: 'manual' }] });
};
