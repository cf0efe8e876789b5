import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makePainPoint, makePause, makeStepMark, makeWalkthrough } from '../../tests/fixtures/make-walkthrough.ts';
import { walkthroughArbitrary } from '../../tests/fixtures/walkthrough-arbitrary.ts';
import { measureDuration } from './duration.ts';

describe('measureDuration', () => {
  it('takes paused time out of the walkthrough and out of the step it falls in', () => {
    // 100 s walkthrough, paused 10–20 s and 50–55 s; steps marked at 0, 15 s (mid-pause) and 60 s.
    const result = measureDuration(
      makeWalkthrough({
        elapsedMs: 100_000,
        pauses: [makePause({ startMs: 10_000, endMs: 20_000 }), makePause({ startMs: 50_000, endMs: 55_000 })],
        stepMarks: [
          makeStepMark({ name: 'One', atMs: 0 }),
          makeStepMark({ name: 'Two', atMs: 15_000 }),
          makeStepMark({ name: 'Three', atMs: 60_000 }),
        ],
      }),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        elapsedMs: 100_000,
        pausedMs: 15_000,
        activeMs: 85_000,
        leadInActiveMs: 0,
        steps: [
          // 0–15 s minus the 10–15 s half of the first pause.
          { stepId: null, name: 'One', startMs: 0, endMs: 15_000, activeMs: 10_000 },
          // 15–60 s minus 15–20 s and 50–55 s.
          { stepId: null, name: 'Two', startMs: 15_000, endMs: 60_000, activeMs: 35_000 },
          // The last step runs to the end of the walkthrough.
          { stepId: null, name: 'Three', startMs: 60_000, endMs: 100_000, activeMs: 40_000 },
        ],
      },
    });
  });

  it('puts time before the first mark in no step, and all of it there when nothing was marked', () => {
    const late = measureDuration(makeWalkthrough({ elapsedMs: 60_000, stepMarks: [makeStepMark({ atMs: 5_000 })] }));
    expect(late.ok && late.value.leadInActiveMs).toBe(5_000);
    const unmarked = measureDuration(
      makeWalkthrough({ elapsedMs: 60_000, stepMarks: [], pauses: [makePause({ startMs: 0, endMs: 10_000 })] }),
    );
    expect(unmarked.ok && unmarked.value).toMatchObject({ activeMs: 50_000, leadInActiveMs: 50_000, steps: [] });
  });

  it('measures a zero-length walkthrough and zero-length pauses', () => {
    expect(measureDuration(makeWalkthrough({ elapsedMs: 0 }))).toMatchObject({ ok: true, value: { activeMs: 0 } });
    const instantPause = makeWalkthrough({ elapsedMs: 1000, pauses: [makePause({ startMs: 500, endMs: 500 })] });
    expect(measureDuration(instantPause)).toMatchObject({ ok: true, value: { activeMs: 1000 } });
  });

  describe('timelines that slipped past the schema are rejected as values', () => {
    const base = makeWalkthrough({ elapsedMs: 60_000 });
    it.each([
      {
        name: 'pauses longer than the walkthrough rejected',
        pauses: [{ startMs: 0, endMs: 90_000, reason: 'call' as const }],
        code: 'pause_out_of_range',
      },
      {
        name: 'a pause starting after the end',
        pauses: [{ startMs: 70_000, endMs: 70_000, reason: 'call' as const }],
        code: 'pause_out_of_range',
      },
      {
        name: 'a pause ending before it starts',
        pauses: [{ startMs: 20_000, endMs: 10_000, reason: 'call' as const }],
        code: 'pause_out_of_range',
      },
      {
        name: 'a negative pause',
        pauses: [{ startMs: -5_000, endMs: 10_000, reason: 'call' as const }],
        code: 'pause_out_of_range',
      },
      {
        name: 'overlapping pauses (together longer than the walkthrough)',
        pauses: [
          { startMs: 0, endMs: 50_000, reason: 'call' as const },
          { startMs: 10_000, endMs: 60_000, reason: 'email' as const },
        ],
        code: 'pauses_overlap',
      },
      {
        name: 'pauses out of order',
        pauses: [
          { startMs: 40_000, endMs: 50_000, reason: 'call' as const },
          { startMs: 10_000, endMs: 20_000, reason: 'email' as const },
        ],
        code: 'pauses_overlap',
      },
    ])('$name', ({ pauses, code }) => {
      const result = measureDuration({ ...base, pauses });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.code).toBe(code);
    });

    it.each([
      { name: 'a step mark after the end', atMs: [0, 61_000], code: 'step_mark_out_of_range' },
      { name: 'step marks out of order', atMs: [30_000, 10_000], code: 'step_marks_out_of_order' },
    ])('$name', ({ atMs, code }) => {
      const stepMarks = atMs.map((ms) => makeStepMark({ atMs: ms }));
      const result = measureDuration({ ...base, stepMarks });
      expect(!result.ok && result.error.code).toBe(code);
    });

    it('a pain point after the end', () => {
      const result = measureDuration({ ...base, painPoints: [makePainPoint({ atMs: 60_001 })] });
      expect(!result.ok && result.error.code).toBe('pain_point_out_of_range');
    });

    it('an elapsed time that is not a duration', () => {
      const result = measureDuration({ ...base, elapsedMs: Number.NaN });
      expect(!result.ok && result.error.code).toBe('elapsed_out_of_range');
    });
  });

  it('keeps 0 <= active <= elapsed, and the steps plus the lead-in add up to active exactly', () => {
    fc.assert(
      fc.property(walkthroughArbitrary(), (walkthrough) => {
        const result = measureDuration(walkthrough);
        if (!result.ok) throw new Error(`a schema-valid walkthrough was rejected: ${result.error.message}`);
        const { activeMs, elapsedMs, pausedMs, leadInActiveMs, steps } = result.value;
        expect(activeMs).toBeGreaterThanOrEqual(0);
        expect(activeMs).toBeLessThanOrEqual(elapsedMs);
        expect(activeMs + pausedMs).toBe(elapsedMs);
        expect(leadInActiveMs + steps.reduce((sum, s) => sum + s.activeMs, 0)).toBe(activeMs);
        for (const step of steps) {
          expect(step.activeMs).toBeGreaterThanOrEqual(0);
          expect(step.activeMs).toBeLessThanOrEqual(step.endMs - step.startMs);
        }
      }),
    );
  });
});
