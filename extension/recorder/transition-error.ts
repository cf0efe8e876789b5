import { err, type Result } from '../../shared/domain/result.ts';
import type { Recording } from '../db/recording.ts';

export const RECORDER_ERROR_CODES = [
  /** There is no recording to act on. */
  'no-recording',
  /** start() while a recording exists: `current` carries it so the UI can offer resume / abandon / discard. */
  'already-recording',
  /** The action needs a running (or paused) recording, and this one is finished. */
  'not-running',
  /** resume() when not paused. */
  'not-paused',
  /** undoStep() with only the first mark left. */
  'nothing-to-undo',
  /** complete() or reopen() before finish(). */
  'not-finished',
  /** markNextStep() at a catalog journey's last step: the journey has no step after it (Finish instead). */
  'past-last-step',
  /** nameStep() on a catalog journey: its steps are named by the journey. */
  'not-ad-hoc',
  /** The input, or the record it would produce, breaks the schema (a limit reached, a failure without a reason…). */
  'invalid',
] as const;
export type RecorderErrorCode = (typeof RECORDER_ERROR_CODES)[number];

/** Why a transition refused; the recorder adds the current recording to it. */
export type TransitionError = { code: RecorderErrorCode; message: string };

export type Transition<T = Recording> = Result<T, TransitionError>;

export const refuse = (code: RecorderErrorCode, message: string): Result<never, TransitionError> =>
  err({ code, message });

/** The recording must not be finished: the clock is stopped until reopen(). */
export const refuseIfFinished = (recording: Recording, action: string): Result<never, TransitionError> | null =>
  recording.status === 'finished'
    ? refuse('not-running', `cannot ${action}: the walkthrough is finished (reopen it first)`)
    : null;
