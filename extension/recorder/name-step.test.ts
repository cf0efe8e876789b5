import { describe, expect, it } from 'vitest';
import { finish } from './finish.ts';
import { markNextStep } from './mark-step.ts';
import { nameStep } from './name-step.ts';
import { pause } from './pause.ts';
import { createFakeClock } from './testing/fake-clock.ts';
import { startTestRecording, unwrap } from './testing/recorder-harness.ts';

const code = (result: ReturnType<typeof nameStep>) => (result.ok ? null : result.error.code);

describe('nameStep', () => {
  it('names the current step of an ad-hoc walkthrough, trimmed; earlier steps keep their names', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock, {});
    r = unwrap(nameStep(r, clock.now(), '  Open the shop '));
    clock.advance(5_000);
    r = unwrap(markNextStep(r, clock.now()));
    r = unwrap(nameStep(unwrap(pause(r, clock.now(), 'call')), clock.now(), 'Log in'));
    expect(r.stepMarks.map((m) => [m.stepId, m.name, m.atMs, m.source])).toEqual([
      [null, 'Open the shop', 0, 'manual'],
      [null, 'Log in', 5_000, 'manual'],
    ]);
    // The next unnamed step is numbered by its position.
    expect(unwrap(markNextStep(r, clock.now())).stepMarks.at(-1)?.name).toBe('Step 3');
  });

  it("refuses a catalog journey's step, an empty or too long name, and a finished walkthrough", () => {
    const clock = createFakeClock();
    expect(code(nameStep(startTestRecording(clock), clock.now(), 'Mine'))).toBe('not-ad-hoc');
    const adHoc = startTestRecording(clock, {});
    expect(code(nameStep(adHoc, clock.now(), '   '))).toBe('invalid');
    expect(code(nameStep(adHoc, clock.now(), 'x'.repeat(201)))).toBe('invalid');
    const finished = unwrap(finish(adHoc, clock.now(), { outcome: 'completed' }));
    expect(code(nameStep(finished, clock.now(), 'Late'))).toBe('not-running');
  });

  it('changes nothing when the name is the same', () => {
    const clock = createFakeClock();
    const r = startTestRecording(clock, {});
    expect(unwrap(nameStep(r, clock.now(), 'Step 1'))).toBe(r);
  });
});
