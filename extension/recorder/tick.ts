import type { ClockReading } from '../db/clock-reading.ts';
import type { Recording } from '../db/recording.ts';
import { advanceClock, wholeMs } from './advance-clock.ts';

/**
 * The recording with its clock moved to `reading` (and any sleep or restart found on the way flagged): the
 * first step of every transition, so the stored elapsed time is always current.
 */
export const tick = (recording: Recording, reading: ClockReading): Recording => {
  const { clock, interruption } = advanceClock(recording.clock, reading, recording.interruptions);
  return {
    ...recording,
    clock,
    interruptions: interruption === null ? recording.interruptions : [...recording.interruptions, interruption],
  };
};

/**
 * The offset of an action on the walkthrough's clock: the current elapsed time, or, once finished, the moment
 * it finished (a note typed on the rating screen belongs to the end of the walkthrough).
 */
export const nowMs = (recording: Recording): number =>
  recording.status === 'finished' && recording.finalElapsedMs !== undefined
    ? recording.finalElapsedMs
    : wholeMs(recording.clock.elapsedMs);
