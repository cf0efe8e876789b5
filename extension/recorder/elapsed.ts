import type { ClockReading } from '../db/clock-reading.ts';
import type { Recording } from '../db/recording.ts';
import { advanceClock, wholeMs } from './advance-clock.ts';

/**
 * The walkthrough's elapsed time in whole milliseconds at `reading`, for the live timer: what the next action
 * would store, computed without writing. A finished recording's clock is stopped at `finalElapsedMs`.
 */
export const elapsed = (
  recording: Pick<Recording, 'status' | 'clock' | 'finalElapsedMs' | 'interruptions'>,
  reading: ClockReading,
): number =>
  recording.status === 'finished' && recording.finalElapsedMs !== undefined
    ? recording.finalElapsedMs
    : wholeMs(advanceClock(recording.clock, reading, recording.interruptions).clock.elapsedMs);
