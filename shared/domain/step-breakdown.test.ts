import { describe, expect, it } from 'vitest';
import { makeFeedback } from '../../tests/fixtures/make-feedback.ts';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { makePainPoint, makePause, makeStepMark, makeWalkthrough } from '../../tests/fixtures/make-walkthrough.ts';
import { FIXTURE_IDS } from '../../tests/fixtures/seeded-ids.ts';
import type { Walkthrough } from '../schemas/walkthrough.ts';
import { measureWalkthroughs } from './measure-walkthroughs.ts';
import { stepBreakdown } from './step-breakdown.ts';

const [stepA, stepB, stepC] = FIXTURE_IDS.stepIds;
const mark = (stepId: string, atMs: number) => makeStepMark({ stepId, name: `marked ${stepId.slice(-1)}`, atMs });

const breakdown = (walkthroughs: Walkthrough[], options: { withJourney?: boolean } = {}) =>
  stepBreakdown({
    journey: options.withJourney === false ? undefined : makeJourney(),
    measured: measureWalkthroughs(walkthroughs).measured,
    feedback: [],
    csatGoal: 0.8,
    minSamples: 5,
  });

describe('stepBreakdown', () => {
  it('gives each step its median, share of the time and how often it was slowest', () => {
    // Walkthrough 1: A 10 s, B 50 s, C 40 s. Walkthrough 2: A 30 s, B 20 s, C 10 s. Walkthrough 3: A 20 s,
    // B 30 s (40 s with a 10 s pause taken out), C 10 s.
    const result = breakdown([
      makeWalkthrough({ elapsedMs: 100_000, stepMarks: [mark(stepA, 0), mark(stepB, 10_000), mark(stepC, 60_000)] }),
      makeWalkthrough({ elapsedMs: 60_000, stepMarks: [mark(stepA, 0), mark(stepB, 30_000), mark(stepC, 50_000)] }),
      makeWalkthrough({
        elapsedMs: 70_000,
        stepMarks: [mark(stepA, 0), mark(stepB, 20_000), mark(stepC, 60_000)],
        pauses: [makePause({ startMs: 25_000, endMs: 35_000 })],
      }),
    ]);
    // Total active: 100 + 60 + 60 = 220 s. A: 60 s, B: 100 s, C: 60 s.
    expect(
      result.steps.map(({ stepId, name, n, medianMs, shareOfTime, slowestCount }) => ({
        stepId,
        name,
        n,
        medianMs,
        shareOfTime,
        slowestCount,
      })),
    ).toEqual([
      { stepId: stepA, name: 'Open the portal', n: 3, medianMs: 20_000, shareOfTime: 60 / 220, slowestCount: 1 },
      { stepId: stepB, name: 'Verify identity', n: 3, medianMs: 30_000, shareOfTime: 100 / 220, slowestCount: 2 },
      { stepId: stepC, name: 'Set a new password', n: 3, medianMs: 10_000, shareOfTime: 60 / 220, slowestCount: 0 },
    ]);
    expect(result.unmarked.shareOfTime).toBe(0);
  });

  it('assigns a pain point to the step whose span contains it, from walkthroughs of any outcome', () => {
    const walkthrough = makeWalkthrough({
      elapsedMs: 100_000,
      outcome: 'abandoned',
      stepMarks: [mark(stepA, 10_000), mark(stepB, 40_000)],
      painPoints: [
        makePainPoint({ atMs: 5_000, text: 'before any step' }),
        makePainPoint({ atMs: 40_000, text: 'exactly at B’s mark' }),
        makePainPoint({ atMs: 39_999, text: 'end of A' }),
        makePainPoint({ atMs: 100_000, text: 'at the very end' }),
      ],
    });
    const result = breakdown([walkthrough]);
    const texts = (stepId: string) => result.steps.find((s) => s.stepId === stepId)?.painPoints.map((p) => p.text);
    expect(texts(stepA)).toEqual(['end of A']);
    expect(texts(stepB)).toEqual(['exactly at B’s mark', 'at the very end']);
    expect(texts(stepC)).toEqual([]);
    expect(result.unmarked.painPoints.map((p) => p.text)).toEqual(['before any step']);
    expect(result.unmarked.painPoints[0]).toMatchObject({ walkthroughId: walkthrough.id, severity: 'major' });
    // Durations come from completed walkthroughs only: an abandoned one would make its last step look quick.
    expect(result.steps.map((s) => s.n)).toEqual([0, 0, 0]);
    expect(result.unmarked.shareOfTime).toBeNull();
  });

  it('counts a step marked twice in one walkthrough once, with its spans added up', () => {
    const result = breakdown([
      makeWalkthrough({
        elapsedMs: 60_000,
        stepMarks: [mark(stepA, 0), mark(stepB, 10_000), mark(stepA, 20_000), mark(stepC, 50_000)],
      }),
    ]);
    expect(result.steps.map((s) => [s.n, s.medianMs, s.slowestCount])).toEqual([
      [1, 40_000, 1],
      [1, 10_000, 0],
      [1, 10_000, 0],
    ]);
  });

  it('gives a tie for slowest to the step reached first, and no slowest step to time spent paused', () => {
    const result = breakdown([
      makeWalkthrough({ elapsedMs: 20_000, stepMarks: [mark(stepA, 0), mark(stepB, 10_000)] }),
      makeWalkthrough({
        elapsedMs: 20_000,
        stepMarks: [mark(stepA, 0), mark(stepB, 10_000)],
        pauses: [makePause({ startMs: 0, endMs: 20_000 })],
      }),
    ]);
    expect(result.steps.map((s) => s.slowestCount)).toEqual([1, 0, 0]);
  });

  it('orders steps by the journey and names them by it; steps not in the journey follow, by name', () => {
    const result = breakdown([
      makeWalkthrough({
        elapsedMs: 30_000,
        stepMarks: [
          mark(stepC, 0),
          makeStepMark({ stepId: null, name: 'Phone the desk', atMs: 10_000 }),
          mark(stepA, 20_000),
        ],
      }),
    ]);
    expect(result.steps.map((s) => [s.stepId, s.name, s.n])).toEqual([
      [stepA, 'Open the portal', 1],
      [stepB, 'Verify identity', 0],
      [stepC, 'Set a new password', 1],
      [null, 'Phone the desk', 1],
    ]);
  });

  it('without a journey, lists steps in the order first marked, under the names they were marked with', () => {
    const result = breakdown(
      [makeWalkthrough({ elapsedMs: 30_000, stepMarks: [mark(stepC, 0), mark(stepA, 10_000)] })],
      { withJourney: false },
    );
    expect(result.steps.map((s) => [s.stepId, s.name])).toEqual([
      [stepC, 'marked 7'],
      [stepA, 'marked 5'],
    ]);
  });

  it('scores customer feedback per step with the CSAT rules, including steps never marked', () => {
    const result = stepBreakdown({
      journey: undefined,
      measured: [],
      feedback: [
        makeFeedback({ rating: 5, stepId: stepB }),
        makeFeedback({ rating: 4, stepId: stepB }),
        makeFeedback({ rating: 2, stepId: stepB }),
        makeFeedback({ rating: 1 }),
      ],
      csatGoal: 0.8,
      minSamples: 5,
    });
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]).toMatchObject({ stepId: stepB, name: null, n: 0, medianMs: null, shareOfTime: null });
    expect(result.steps[0]?.customer).toMatchObject({
      n: 3,
      count: 2,
      value: 2 / 3,
      mean: 11 / 3,
      target: { goal: 0.8, status: 'not_enough_data' },
    });
  });
});
