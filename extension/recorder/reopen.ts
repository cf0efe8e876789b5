import { ok } from '../../shared/domain/result.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import type { Recording } from '../db/recording.ts';
import { tick } from './tick.ts';
import { refuse, type Transition } from './transition-error.ts';

/**
 * Finish pressed by mistake: running again. The clock never stopped tracking (every action kept moving its
 * checkpoint), so the time between Finish and reopen counts: the walkthrough was in fact still going on.
 * A pause that Finish closed stays closed.
 */
export const reopen = (recording: Recording, reading: ClockReading): Transition => {
  if (recording.status !== 'finished') return refuse('not-finished', 'the walkthrough is not finished');
  const { outcome: _outcome, outcomeReason: _reason, finalElapsedMs: _final, ...rest } = tick(recording, reading);
  return ok({ ...rest, status: 'running' });
};
