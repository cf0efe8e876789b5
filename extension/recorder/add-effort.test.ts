import { describe, expect, it } from 'vitest';
import type { Effort } from '../../shared/schemas/index.ts';
import { addEffort } from './add-effort.ts';
import { finish } from './finish.ts';
import { markNextStep } from './mark-step.ts';
import { createFakeClock } from './testing/fake-clock.ts';
import { startTestRecording, unwrap } from './testing/recorder-harness.ts';

describe('addEffort', () => {
  it('adds counts to the current step, starting from zero, and leaves earlier steps alone', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock);
    r = unwrap(addEffort(r, clock.now(), { clicks: 2, keyPresses: 5 }));
    r = unwrap(addEffort(r, clock.now(), { clicks: 1, pageLoads: 1 }));
    r = unwrap(markNextStep(r, clock.now()));
    expect(r.stepMarks[1]?.effort).toBeUndefined();
    r = unwrap(addEffort(r, clock.now(), { tabSwitches: 3 }));
    expect(r.stepMarks.map((m) => m.effort)).toEqual([
      { clicks: 3, keyPresses: 5, pageLoads: 1, tabSwitches: 0 },
      { clicks: 0, keyPresses: 0, pageLoads: 0, tabSwitches: 3 },
    ]);
  });

  it('stays at the largest count the schema allows', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock);
    r = unwrap(addEffort(r, clock.now(), { keyPresses: 9_999_999 }));
    r = unwrap(addEffort(r, clock.now(), { keyPresses: 5 }));
    expect(r.stepMarks[0]?.effort?.keyPresses).toBe(10_000_000);
  });

  it.each([{ clicks: -1 }, { keyPresses: 1.5 }, { pageLoads: Number.NaN }])('refuses %o', (delta: Partial<Effort>) => {
    const clock = createFakeClock();
    expect(addEffort(startTestRecording(clock), clock.now(), delta)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });

  it('is refused once finished', () => {
    const clock = createFakeClock();
    const finished = unwrap(finish(startTestRecording(clock), clock.now(), { outcome: 'abandoned' }));
    expect(addEffort(finished, clock.now(), { clicks: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not-running' },
    });
  });
});
