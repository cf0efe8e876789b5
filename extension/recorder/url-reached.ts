import { matchesAnyUrlPattern } from '../../shared/domain/match-url-pattern.ts';
import { ok } from '../../shared/domain/result.ts';
import { MAX_STEP_MARKS, toPageUrl } from '../../shared/schemas/index.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import type { Recording } from '../db/recording.ts';
import { currentStepIndex } from './steps.ts';
import { nowMs, tick } from './tick.ts';
import { refuseIfFinished, type Transition } from './transition-error.ts';

/**
 * The active tab reached `url` (in any tab, on any origin): marks the first journey step after the current one
 * that is not marked yet and has a URL pattern matching the address (query and fragment stripped first), as
 * an automatic mark the sampler can undo. Steps behind the current one never move the walkthrough backwards,
 * so going back a page changes nothing. No match, an ad-hoc walkthrough or a non-http page: nothing to mark.
 */
export const urlReached = (recording: Recording, reading: ClockReading, url: string): Transition => {
  const finished = refuseIfFinished(recording, 'mark a step');
  if (finished) return finished;
  // No step reached: the recording as it was (the recorder then writes nothing).
  const pageUrl = toPageUrl(url);
  if (pageUrl === null || recording.stepMarks.length >= MAX_STEP_MARKS) return ok(recording);
  const marked = new Set(recording.stepMarks.map((m) => m.stepId));
  const step = recording.steps
    .slice(currentStepIndex(recording) + 1)
    .find((s) => !marked.has(s.id) && matchesAnyUrlPattern(s.urlPatterns, pageUrl));
  if (step === undefined) return ok(recording);
  const ticked = tick(recording, reading);
  return ok({
    ...ticked,
    stepMarks: [...ticked.stepMarks, { stepId: step.id, name: step.name, atMs: nowMs(ticked), source: 'auto' }],
  });
};
