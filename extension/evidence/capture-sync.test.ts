import { describe, expect, it } from 'vitest';
import type { Recording } from '../recorder/recording.ts';
import { createFakeClock } from '../recorder/testing/fake-clock.ts';
import { startTestRecording } from '../recorder/testing/recorder-harness.ts';
import { type CaptureControl, syncEvidenceCapture } from './capture-sync.ts';

/** The browser's registration and tabs, in memory, with a log of what was asked of them. */
const fakeControl = (granted: string[], registered: string[] | null = null) => {
  const state = { granted, registered, log: [] as string[] };
  const control: CaptureControl = {
    grantedOrigins: async () => state.granted,
    registeredMatches: async () => state.registered,
    register: async (matches) => {
      state.registered = matches;
      state.log.push(`register ${matches.join(' ')}`);
    },
    update: async (matches) => {
      state.registered = matches;
      state.log.push(`update ${matches.join(' ')}`);
    },
    unregister: async () => {
      state.registered = null;
      state.log.push('unregister');
    },
    injectIntoOpenTabs: async (matches) => {
      state.log.push(`inject ${matches.join(' ')}`);
    },
  };
  return { state, control };
};

const running = (): Recording => startTestRecording(createFakeClock());
const A = 'https://portal.example.com/*';
const B = 'https://approvals.example.net/*';

describe('syncEvidenceCapture', () => {
  it('registers for the granted origins when a recording starts, and injects into open tabs', async () => {
    const { state, control } = fakeControl([B, A]);
    expect(await syncEvidenceCapture(running(), control)).toBe('registered');
    expect(state.log).toEqual([`register ${B} ${A}`, `inject ${B} ${A}`]);
  });

  it('is idempotent: nothing is done again when the background wakes', async () => {
    const { state, control } = fakeControl([A, B], [B, A]);
    expect(await syncEvidenceCapture(running(), control)).toBe('unchanged');
    expect(state.log).toEqual([]);
  });

  it('follows new grants mid-recording, injecting only where it was not running yet', async () => {
    const { state, control } = fakeControl([A, B], [A]);
    expect(await syncEvidenceCapture(running(), control)).toBe('updated');
    expect(state.log).toEqual([`update ${B} ${A}`, `inject ${B}`]);
  });

  it('unregisters when no recording wants evidence: none, finished, or no origin granted', async () => {
    const finished: Recording = { ...running(), status: 'finished', outcome: 'completed', finalElapsedMs: 1000 };
    for (const [recording, granted] of [
      [null, [A]],
      [finished, [A]],
      [running(), []],
    ] as const) {
      const { state, control } = fakeControl([...granted], [A]);
      expect(await syncEvidenceCapture(recording, control)).toBe('unregistered');
      expect(state.registered).toBeNull();
    }
  });

  it('keeps capture while paused (late timings still arrive)', async () => {
    const paused: Recording = { ...running(), status: 'paused', openPause: { startMs: 0, reason: 'call' } };
    const { control } = fakeControl([A]);
    expect(await syncEvidenceCapture(paused, control)).toBe('registered');
  });

  it('ignores granted origins that are not http(s) patterns, and does nothing when idle', async () => {
    const { state, control } = fakeControl(['file:///*']);
    expect(await syncEvidenceCapture(running(), control)).toBe('idle');
    expect(state.log).toEqual([]);
  });
});
