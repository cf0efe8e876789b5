import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../shared/schemas/index.ts';
import { recordingSchema } from '../db/recording.ts';
import { elapsed } from './elapsed.ts';
import { finish } from './finish.ts';
import { markNextStep } from './mark-step.ts';
import { pause } from './pause.ts';
import { reopen } from './reopen.ts';
import { createFakeClock } from './testing/fake-clock.ts';
import { startTestRecording, unwrap } from './testing/recorder-harness.ts';

describe('finish', () => {
  it('stops the clock with the outcome', () => {
    const clock = createFakeClock();
    const started = startTestRecording(clock);
    clock.advance(90_000);
    const r = unwrap(finish(started, clock.now(), { outcome: 'completed' }));
    expect(r).toMatchObject({ status: 'finished', outcome: 'completed', finalElapsedMs: 90_000 });
    expect(r.outcomeReason).toBeUndefined();
    clock.advance(60_000);
    expect(elapsed(r, clock.now())).toBe(90_000);
    expect(recordingSchema.safeParse(r).success).toBe(true);
  });

  it('closes an open pause at the end when finished while paused', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock);
    clock.advance(10_000);
    r = unwrap(pause(r, clock.now(), 'approval', 'manager'));
    clock.advance(20_000);
    r = unwrap(finish(r, clock.now(), { outcome: 'abandoned', reason: ' no approval ' }));
    expect(r).toMatchObject({
      status: 'finished',
      openPause: null,
      outcome: 'abandoned',
      outcomeReason: 'no approval',
      finalElapsedMs: 30_000,
      pauses: [{ startMs: 10_000, endMs: 30_000, reason: 'approval', detail: 'manager' }],
    });
  });

  it('needs a reason for a failure', () => {
    const clock = createFakeClock();
    const r = startTestRecording(clock);
    for (const reason of [undefined, '', '   ']) {
      const input = reason === undefined ? { outcome: 'failed' as const } : { outcome: 'failed' as const, reason };
      expect(finish(r, clock.now(), input)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
    expect(unwrap(finish(r, clock.now(), { outcome: 'failed', reason: 'error 500' })).outcomeReason).toBe('error 500');
  });

  it('refuses an unknown outcome, a long reason, and finishing twice', () => {
    const clock = createFakeClock();
    const r = startTestRecording(clock);
    expect(finish(r, clock.now(), { outcome: 'done' as Outcome })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(finish(r, clock.now(), { outcome: 'abandoned', reason: 'x'.repeat(501) })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    const finished = unwrap(finish(r, clock.now(), { outcome: 'completed' }));
    expect(finish(finished, clock.now(), { outcome: 'completed' })).toMatchObject({
      ok: false,
      error: { code: 'not-running' },
    });
  });
});

describe('reopen', () => {
  it('runs again, counting the time since Finish, and drops the outcome', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock);
    clock.advance(10_000);
    r = unwrap(finish(r, clock.now(), { outcome: 'failed', reason: 'oops' }));
    clock.advance(5_000);
    r = unwrap(reopen(r, clock.now()));
    expect(r.status).toBe('running');
    expect(r).not.toHaveProperty('outcome');
    expect(r).not.toHaveProperty('outcomeReason');
    expect(r).not.toHaveProperty('finalElapsedMs');
    expect(r.clock.elapsedMs).toBe(15_000);
    clock.advance(1_000);
    r = unwrap(markNextStep(r, clock.now()));
    expect(r.stepMarks.at(-1)?.atMs).toBe(16_000);
  });

  it('is refused unless finished', () => {
    const clock = createFakeClock();
    const r = startTestRecording(clock);
    expect(reopen(r, clock.now())).toMatchObject({ ok: false, error: { code: 'not-finished' } });
    const paused = unwrap(pause(r, clock.now(), 'call'));
    expect(reopen(paused, clock.now())).toMatchObject({ ok: false, error: { code: 'not-finished' } });
  });
});
