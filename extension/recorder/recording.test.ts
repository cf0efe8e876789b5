import { describe, expect, it } from 'vitest';
import { recordingSchema } from '../db/recording.ts';
import { finish } from './finish.ts';
import { pause } from './pause.ts';
import { createFakeClock } from './testing/fake-clock.ts';
import { startTestRecording, unwrap } from './testing/recorder-harness.ts';

describe('recordingSchema', () => {
  const clock = createFakeClock();
  const running = startTestRecording(clock);
  const paused = unwrap(pause(running, clock.now(), 'call'));
  const finished = unwrap(finish(running, clock.now(), { outcome: 'failed', reason: 'broken' }));

  it('accepts the states the transitions produce', () => {
    for (const r of [running, paused, finished]) expect(recordingSchema.safeParse(r).success).toBe(true);
  });

  it.each([
    ['paused without an open pause', { ...paused, openPause: null }],
    ['an open pause while running', { ...running, openPause: paused.openPause }],
    ['finished without an outcome', { ...finished, outcome: undefined }],
    ['finished without a final elapsed time', { ...finished, finalElapsedMs: undefined }],
    ['an outcome while running', { ...running, outcome: 'completed' }],
    ['a failure without a reason', { ...finished, outcomeReason: undefined }],
    ['no step mark', { ...running, stepMarks: [] }],
    ['no clock checkpoint', { ...running, clock: { elapsedMs: 0, checkpoints: [] } }],
    ['an unknown field', { ...running, extra: 1 }],
  ])('refuses %s', (_label, row) => {
    expect(recordingSchema.safeParse(row).success).toBe(false);
  });
});
