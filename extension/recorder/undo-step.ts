import { ok } from '../../shared/domain/result.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import type { Recording } from '../db/recording.ts';
import { tick } from './tick.ts';
import { refuse, refuseIfFinished, type Transition } from './transition-error.ts';

/**
 * Removes the last step mark, manual or automatic (a URL match the sampler disagrees with). The first mark,
 * made at start, is never removed: a walkthrough always begins in a step. The removed step's effort is lost
 * with it; the effort is counts only and the sampler asked for the step not to exist.
 */
export const undoStep = (recording: Recording, reading: ClockReading): Transition => {
  const finished = refuseIfFinished(recording, 'undo a step');
  if (finished) return finished;
  if (recording.stepMarks.length <= 1) return refuse('nothing-to-undo', 'the first step cannot be undone');
  const ticked = tick(recording, reading);
  return ok({ ...ticked, stepMarks: ticked.stepMarks.slice(0, -1) });
};
