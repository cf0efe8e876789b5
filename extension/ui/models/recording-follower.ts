import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import type { ClockReading } from '../../db/clock-reading.ts';
import type { Recording } from '../../db/recording.ts';
import type { Recorder } from '../../recorder/recorder.ts';
import { describeError } from './describe-error.ts';
import type { Scheduler } from './scheduler.ts';

export type RecordingState =
  | { status: 'loading' }
  | { status: 'none' }
  | { status: 'active'; recording: Recording }
  | { status: 'failed'; message: string };

export type RecordingFollowerDeps = {
  recorder: Pick<Recorder, 'current' | 'elapsed'>;
  readClock: () => Promise<ClockReading>;
  schedule: Scheduler;
};

export type RecordingFollower = {
  state: ReadonlySignal<RecordingState>;
  /** The live elapsed time: computed from the stored clock and the latest clock reading, never counted. */
  elapsedMs: ReadonlySignal<number>;
  /** Follows the stored recording and keeps the timer fresh; returns the function that stops. */
  follow(): () => void;
};

/**
 * The stored recording as a page sees it (side panel, popup): a live query on IndexedDB, so a change made
 * anywhere (the background marking a step, another window) shows at once, and a timer that is recomputed
 * from the stored clock with a fresh clock reading about once a second. Nothing is counted in memory, so the
 * timer cannot drift and reopening a page shows the right value straight away.
 */
export const createRecordingFollower = (deps: RecordingFollowerDeps): RecordingFollower => {
  const state = signal<RecordingState>({ status: 'loading' });
  const reading = signal<ClockReading | null>(null);

  const elapsedMs = computed(() => {
    const current = state.value;
    const now = reading.value;
    if (current.status !== 'active' || now === null) return 0;
    return deps.recorder.elapsed(current.recording, now);
  });

  return {
    state,
    elapsedMs,
    follow() {
      let stopped = false;
      let cancelTick: (() => void) | null = null;
      let latest = 0;

      const scheduleTick = () => {
        cancelTick?.();
        cancelTick = null;
        const current = state.peek();
        if (stopped || current.status !== 'active' || current.recording.status === 'finished') return;
        // Wake just after the displayed second changes, so the timer flips on time without ticking often.
        const delay = 1000 - (elapsedMs.peek() % 1000) + 10;
        cancelTick = deps.schedule(() => {
          cancelTick = null;
          deps.readClock().then(
            (now) => {
              if (stopped) return;
              reading.value = now;
              scheduleTick();
            },
            () => scheduleTick(),
          );
        }, delay);
      };

      const subscription = liveQuery(() => deps.recorder.current()).subscribe({
        next: (recording) => {
          const seen = ++latest;
          // A fresh reading with each change: an older one could put the timer behind the stored clock.
          deps.readClock().then(
            (now) => {
              if (stopped || seen !== latest) return;
              batch(() => {
                reading.value = now;
                state.value = recording === null ? { status: 'none' } : { status: 'active', recording };
              });
              scheduleTick();
            },
            (error: unknown) => {
              if (!stopped && seen === latest) state.value = { status: 'failed', message: describeError(error) };
            },
          );
        },
        error: (error: unknown) => {
          state.value = { status: 'failed', message: describeError(error) };
        },
      });
      return () => {
        stopped = true;
        cancelTick?.();
        subscription.unsubscribe();
      };
    },
  };
};
