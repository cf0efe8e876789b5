import { describe, expect, it } from 'vitest';
import { elapsed } from './elapsed.ts';
import { finish } from './finish.ts';
import { createFakeClock } from './testing/fake-clock.ts';
import { startTestRecording, unwrap } from './testing/recorder-harness.ts';

describe('elapsed', () => {
  it('is the live elapsed time in whole ms, computed without changing the recording', () => {
    const clock = createFakeClock();
    const r = startTestRecording(clock);
    const before = structuredClone(r);
    clock.advance(1_234.9);
    expect(elapsed(r, clock.now())).toBe(1_234);
    clock.sleep(2 * 60_000);
    expect(elapsed(r, clock.now())).toBe(1_234 + 2 * 60_000);
    expect(r).toEqual(before);
  });

  it('works from another context (the panel) by bridging with the wall clock', () => {
    const clock = createFakeClock();
    const r = startTestRecording(clock);
    const panel = clock.openContext();
    clock.advance(3_000);
    expect(elapsed(r, panel.now())).toBe(3_000);
  });

  it('stays at the final elapsed time once finished', () => {
    const clock = createFakeClock();
    const started = startTestRecording(clock);
    clock.advance(5_000);
    const r = unwrap(finish(started, clock.now(), { outcome: 'completed' }));
    clock.advance(5_000);
    expect(elapsed(r, clock.now())).toBe(5_000);
  });
});
