import { describe, expect, it } from 'vitest';
import type { Recording } from '../db/recording.ts';
import { createFakeClock } from '../recorder/testing/fake-clock.ts';
import { startTestRecording } from '../recorder/testing/recorder-harness.ts';
import { type CaptureControl, type ScriptScope, syncEvidenceCapture } from './capture-sync.ts';

/**
 * The browser's registration and tabs, in memory, with a log of what was asked of them. `excluded` stands for the
 * sync server's pages; the log names exclusions only when there are some.
 */
const fakeControl = (granted: string[], registered: string[] | null = null, excluded: string[] = []) => {
  const state = {
    granted,
    excluded,
    registered: registered === null ? null : ({ matches: registered, excludeMatches: [] } as ScriptScope | null),
    log: [] as string[],
  };
  const show = ({ matches, excludeMatches }: ScriptScope) =>
    `${matches.join(' ')}${excludeMatches.length > 0 ? ` except ${excludeMatches.join(' ')}` : ''}`;
  const control: CaptureControl = {
    grantedOrigins: async () => state.granted,
    excludedPages: async () => state.excluded,
    registered: async () => state.registered,
    register: async (scope) => {
      state.registered = scope;
      state.log.push(`register ${show(scope)}`);
    },
    update: async (scope) => {
      state.registered = scope;
      state.log.push(`update ${show(scope)}`);
    },
    unregister: async () => {
      state.registered = null;
      state.log.push('unregister');
    },
    injectIntoOpenTabs: async (scope) => {
      state.log.push(`inject ${show(scope)}`);
    },
  };
  return { state, control };
};

const running = (): Recording => startTestRecording(createFakeClock());
const A = 'https://portal.example.com/*';
const B = 'https://approvals.example.net/*';
/** The paired sync server: its host is granted for syncing (any port), its own port is excluded from capture. */
const SERVER_HOST = 'http://127.0.0.1/*';
const SERVER_PAGES = 'http://127.0.0.1:8787/*';

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

  it("keeps the script off the sync server's pages: excluded on register, and never injected there", async () => {
    const { state, control } = fakeControl([SERVER_HOST, A], null, [SERVER_PAGES]);
    expect(await syncEvidenceCapture(running(), control)).toBe('registered');
    expect(state.log).toEqual([
      `register ${SERVER_HOST} ${A} except ${SERVER_PAGES}`,
      `inject ${SERVER_HOST} ${A} except ${SERVER_PAGES}`,
    ]);
  });

  it('updates the exclusions when a pairing changes them, even with the same grants, without injecting again', async () => {
    const { state, control } = fakeControl([SERVER_HOST, A], [SERVER_HOST, A], [SERVER_PAGES]);
    expect(await syncEvidenceCapture(running(), control)).toBe('updated');
    expect(state.log).toEqual([`update ${SERVER_HOST} ${A} except ${SERVER_PAGES}`]);
    state.log = [];
    expect(await syncEvidenceCapture(running(), control)).toBe('unchanged');
    // Disconnected and forgotten: the exclusion goes with it.
    state.excluded = [];
    expect(await syncEvidenceCapture(running(), control)).toBe('updated');
    expect(state.registered).toEqual({ matches: [SERVER_HOST, A], excludeMatches: [] });
  });
});
