import { describe, expect, it } from 'vitest';
import { MAX_PAUSES } from '../../shared/schemas/index.ts';
import type { PauseReason } from '../db/recording.ts';
import { elapsed } from './elapsed.ts';
import { finish } from './finish.ts';
import { pause } from './pause.ts';
import { resume } from './resume.ts';
import { createFakeClock } from './testing/fake-clock.ts';
import { startTestRecording, unwrap } from './testing/recorder-harness.ts';

const MINUTE = 60_000;

describe('pause and resume', () => {
  it('records a pause with its reason and detail; the clock keeps running meanwhile', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock);
    clock.advance(10_000);
    r = unwrap(pause(r, clock.now(), 'email', '  waiting for the code  '));
    expect(r).toMatchObject({
      status: 'paused',
      openPause: { startMs: 10_000, reason: 'email', detail: 'waiting for the code' },
    });
    clock.advance(30_000);
    expect(elapsed(r, clock.now())).toBe(40_000);
    r = unwrap(resume(r, clock.now()));
    expect(r).toMatchObject({ status: 'running', openPause: null });
    expect(r.pauses).toEqual([{ startMs: 10_000, endMs: 40_000, reason: 'email', detail: 'waiting for the code' }]);
    expect(r.clock.elapsedMs).toBe(40_000);
  });

  it('omits an empty detail', () => {
    const clock = createFakeClock();
    const r = unwrap(pause(startTestRecording(clock), clock.now(), 'approval', '   '));
    expect(r.openPause).toEqual({ startMs: 0, reason: 'approval' });
  });

  it('counts a sleep during a pause as paused elapsed time, flagged', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock);
    clock.advance(5_000);
    r = unwrap(pause(r, clock.now(), 'call'));
    clock.advance(5_000);
    clock.sleep(45 * MINUTE);
    clock.advance(2_000);
    r = unwrap(resume(r, clock.now()));
    expect(r.pauses).toEqual([{ startMs: 5_000, endMs: 12_000 + 45 * MINUTE, reason: 'call' }]);
    expect(r.interruptions).toEqual([{ kind: 'sleep', atMs: 12_000, gapMs: 45 * MINUTE }]);
  });

  it.each(['email', 'approval', 'call', 'other'] as const)('accepts the reason %s', (reason) => {
    const clock = createFakeClock();
    expect(pause(startTestRecording(clock), clock.now(), reason).ok).toBe(true);
  });

  it('refuses to pause twice, to pause when finished, an unknown reason, a long detail, and past the limit', () => {
    const clock = createFakeClock();
    const running = startTestRecording(clock);
    const paused = unwrap(pause(running, clock.now(), 'call'));
    expect(pause(paused, clock.now(), 'call')).toMatchObject({ ok: false, error: { code: 'not-running' } });
    const finished = unwrap(finish(running, clock.now(), { outcome: 'completed' }));
    expect(pause(finished, clock.now(), 'call')).toMatchObject({ ok: false, error: { code: 'not-running' } });
    expect(pause(running, clock.now(), 'lunch' as PauseReason)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(pause(running, clock.now(), 'other', 'x'.repeat(501))).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    const full = {
      ...running,
      pauses: Array.from({ length: MAX_PAUSES }, () => ({ startMs: 0, endMs: 0, reason: 'call' as const })),
    };
    expect(pause(full, clock.now(), 'call')).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('refuses to resume when not paused', () => {
    const clock = createFakeClock();
    const running = startTestRecording(clock);
    expect(resume(running, clock.now())).toMatchObject({ ok: false, error: { code: 'not-paused' } });
    const finished = unwrap(finish(running, clock.now(), { outcome: 'completed' }));
    expect(resume(finished, clock.now())).toMatchObject({ ok: false, error: { code: 'not-paused' } });
  });
});
