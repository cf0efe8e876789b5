import { describe, expect, it } from 'vitest';
import { MAX_STEP_MARKS } from '../../shared/schemas/index.ts';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { FIXTURE_STEP_NAMES } from '../../tests/fixtures/make-walkthrough.ts';
import { FIXTURE_IDS } from '../../tests/fixtures/seeded-ids.ts';
import { finish } from './finish.ts';
import { markNextStep } from './mark-step.ts';
import { pause } from './pause.ts';
import { createFakeClock } from './testing/fake-clock.ts';
import { startTestRecording, unwrap } from './testing/recorder-harness.ts';
import { undoStep } from './undo-step.ts';
import { urlReached } from './url-reached.ts';

describe('markNextStep', () => {
  it('marks the journey steps in order, and refuses to go past the last one (Finish is next)', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock);
    for (let i = 0; i < 2; i += 1) {
      clock.advance(10_000);
      r = unwrap(markNextStep(r, clock.now()));
    }
    expect(r.stepMarks).toEqual([
      { stepId: FIXTURE_IDS.stepIds[0], name: FIXTURE_STEP_NAMES[0], atMs: 0, source: 'manual' },
      { stepId: FIXTURE_IDS.stepIds[1], name: FIXTURE_STEP_NAMES[1], atMs: 10_000, source: 'manual' },
      { stepId: FIXTURE_IDS.stepIds[2], name: FIXTURE_STEP_NAMES[2], atMs: 20_000, source: 'manual' },
    ]);
    clock.advance(10_000);
    const past = markNextStep(r, clock.now());
    expect(past.ok ? null : past.error.code).toBe('past-last-step');
    expect(past.ok ? null : past.error.message).toContain(FIXTURE_STEP_NAMES[2]);
    expect(r.clock.elapsedMs).toBe(20_000);
  });

  it('refuses past the last step when detection reached it too, and again after an undo only once it is back', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock);
    r = unwrap(urlReached(r, clock.now(), 'https://portal.example.com/reset/3/done'));
    const refused = markNextStep(r, clock.now());
    expect(refused.ok ? null : refused.error.code).toBe('past-last-step');
    r = unwrap(undoStep(r, clock.now()));
    expect(unwrap(markNextStep(r, clock.now())).stepMarks.map((m) => m.name)).toEqual([
      FIXTURE_STEP_NAMES[0],
      FIXTURE_STEP_NAMES[1],
    ]);
  });

  it('names ad-hoc steps "Step N"', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock, {});
    clock.advance(1_000);
    r = unwrap(markNextStep(r, clock.now()));
    clock.advance(1_000);
    r = unwrap(markNextStep(r, clock.now()));
    expect(r.stepMarks.map((m) => [m.stepId, m.name, m.atMs])).toEqual([
      [null, 'Step 1', 0],
      [null, 'Step 2', 1_000],
      [null, 'Step 3', 2_000],
    ]);
  });

  it('continues after the step reached automatically', () => {
    const clock = createFakeClock();
    const journey = makeJourney({
      steps: [...makeJourney().steps, { id: '019b8d62-7a81-7fff-8000-000000000004', name: 'Confirm', urlPatterns: [] }],
    });
    let r = startTestRecording(clock, { journey });
    r = unwrap(urlReached(r, clock.now(), 'https://portal.example.com/reset/3/done'));
    r = unwrap(markNextStep(r, clock.now()));
    expect(r.stepMarks.map((m) => m.name)).toEqual([FIXTURE_STEP_NAMES[0], FIXTURE_STEP_NAMES[2], 'Confirm']);
  });

  it('is allowed while paused, and refused once finished or at the limit', () => {
    const clock = createFakeClock();
    const paused = unwrap(pause(startTestRecording(clock), clock.now(), 'call'));
    expect(unwrap(markNextStep(paused, clock.now())).stepMarks).toHaveLength(2);
    const finished = unwrap(finish(paused, clock.now(), { outcome: 'completed' }));
    expect(markNextStep(finished, clock.now())).toMatchObject({ ok: false, error: { code: 'not-running' } });
    const mark = { stepId: null, name: 'Step', atMs: 0, source: 'manual' as const };
    const full = { ...paused, stepMarks: Array.from({ length: MAX_STEP_MARKS }, () => mark) };
    expect(markNextStep(full, clock.now())).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});

describe('undoStep', () => {
  it('removes the last mark, manual or automatic, and the step can be marked again', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock);
    clock.advance(5_000);
    r = unwrap(urlReached(r, clock.now(), 'https://portal.example.com/reset/2/'));
    expect(r.stepMarks.at(-1)).toMatchObject({ stepId: FIXTURE_IDS.stepIds[1], source: 'auto' });
    clock.advance(1_000);
    r = unwrap(undoStep(r, clock.now()));
    expect(r.stepMarks.map((m) => m.stepId)).toEqual([FIXTURE_IDS.stepIds[0]]);
    expect(r.clock.elapsedMs).toBe(6_000);
    r = unwrap(markNextStep(r, clock.now()));
    expect(r.stepMarks.at(-1)).toMatchObject({ stepId: FIXTURE_IDS.stepIds[1], source: 'manual', atMs: 6_000 });
  });

  it('never removes the first mark', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock);
    expect(undoStep(r, clock.now())).toMatchObject({ ok: false, error: { code: 'nothing-to-undo' } });
    r = unwrap(markNextStep(r, clock.now()));
    r = unwrap(undoStep(r, clock.now()));
    expect(undoStep(r, clock.now())).toMatchObject({ ok: false, error: { code: 'nothing-to-undo' } });
    expect(r.stepMarks).toHaveLength(1);
  });

  it('is refused once finished', () => {
    const clock = createFakeClock();
    let r = unwrap(markNextStep(startTestRecording(clock), clock.now()));
    r = unwrap(finish(r, clock.now(), { outcome: 'completed' }));
    expect(undoStep(r, clock.now())).toMatchObject({ ok: false, error: { code: 'not-running' } });
  });
});
