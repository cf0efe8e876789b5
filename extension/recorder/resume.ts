import { ok } from '../../shared/domain/result.ts';
import type { Pause } from '../../shared/schemas/index.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import type { OpenPause, Recording } from '../db/recording.ts';
import { nowMs, tick } from './tick.ts';
import { refuse, type Transition } from './transition-error.ts';

/** The open pause, closed at `endMs`. */
export const closePause = ({ startMs, reason, detail }: OpenPause, endMs: number): Pause => ({
  startMs,
  endMs: Math.max(startMs, endMs),
  reason,
  ...(detail === undefined ? {} : { detail }),
});

/** Ends the open pause now; its whole length (a sleep inside it included) is paused time. */
export const resume = (recording: Recording, reading: ClockReading): Transition => {
  if (recording.status !== 'paused' || recording.openPause === null) {
    return refuse('not-paused', 'the walkthrough is not paused');
  }
  const ticked = tick(recording, reading);
  const open = recording.openPause;
  return ok({
    ...ticked,
    status: 'running',
    openPause: null,
    pauses: [...ticked.pauses, closePause(open, nowMs(ticked))],
  });
};
