import { ok } from '../../shared/domain/result.ts';
import { nameSchema } from '../../shared/schemas/index.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import type { Recording } from '../db/recording.ts';
import { tick } from './tick.ts';
import { refuse, refuseIfFinished, type Transition } from './transition-error.ts';

/**
 * Names the current step of an ad-hoc walkthrough ("Step 2" becomes "Log in"), while recording: the sampler
 * knows what the step is once in it. A catalog journey's steps are named by the journey, so this is refused
 * there. Allowed while paused; refused once finished.
 */
export const nameStep = (recording: Recording, reading: ClockReading, name: string): Transition => {
  const finished = refuseIfFinished(recording, 'name a step');
  if (finished) return finished;
  if (recording.journeyId !== null) return refuse('not-ad-hoc', "a journey's steps are named by the journey");
  const parsed = nameSchema.safeParse(name.trim());
  if (!parsed.success) return refuse('invalid', 'a step name is 1 to 200 characters');
  if (recording.stepMarks.at(-1)?.name === parsed.data) return ok(recording);
  const ticked = tick(recording, reading);
  const current = ticked.stepMarks.at(-1);
  if (current === undefined) return ok(recording);
  return ok({ ...ticked, stepMarks: [...ticked.stepMarks.slice(0, -1), { ...current, name: parsed.data }] });
};
