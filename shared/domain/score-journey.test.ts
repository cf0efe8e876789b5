import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeFeedback } from '../../tests/fixtures/make-feedback.ts';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { makeTargets } from '../../tests/fixtures/make-targets.ts';
import { makePainPoint, makePause, makeWalkthrough } from '../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator, FIXTURE_IDS } from '../../tests/fixtures/seeded-ids.ts';
import { feedbackArbitrary, walkthroughArbitrary } from '../../tests/fixtures/walkthrough-arbitrary.ts';
import { type Scorecard, scorecardSchema } from '../schemas/scorecard.ts';
import type { Walkthrough } from '../schemas/walkthrough.ts';
import { scoreJourney } from './score-journey.ts';

const S = 1000;
const targets = makeTargets(); // 90% within 180 s, completion 95%, CSAT 80%, SEQ 5.5, no CES target, min n 5
const journey = makeJourney();

/** Score, and prove the result is a valid wire shape: every scorecard a test sees has passed the schema. */
const score = (input: Partial<Parameters<typeof scoreJourney>[0]> = {}): Scorecard =>
  scorecardSchema.parse(scoreJourney({ journey, targets, walkthroughs: [], feedback: [], ...input }));

describe('scoreJourney', () => {
  describe('worked example: six walkthroughs, five customer ratings', () => {
    const [stepA, stepB, stepC] = FIXTURE_IDS.stepIds;
    const abandoned = makeWalkthrough({
      elapsedMs: 90 * S,
      outcome: 'abandoned',
      ratings: { satisfaction: 2, seq: 3, ces: 2 },
      painPoints: [makePainPoint({ atMs: 30 * S, severity: 'blocker', text: 'Code never arrived' })],
    });
    const walkthroughs = [
      makeWalkthrough({ elapsedMs: 100 * S, ratings: { satisfaction: 5, seq: 7, ces: 7 } }),
      makeWalkthrough({ elapsedMs: 150 * S, ratings: { satisfaction: 4, seq: 6, ces: 6 } }),
      makeWalkthrough({ elapsedMs: 200 * S, ratings: { satisfaction: 3, seq: 5, ces: 4 } }),
      // 180 s elapsed, 60 s of it waiting for an approval: 120 s active.
      makeWalkthrough({
        elapsedMs: 180 * S,
        pauses: [makePause({ startMs: 50 * S, endMs: 110 * S })],
        ratings: { satisfaction: 4, seq: 6, ces: 5 },
      }),
      abandoned,
      makeWalkthrough({ elapsedMs: 800 * S, ratings: {} }),
    ];
    const feedback = [
      ...[5, 5, 4, 5].map((rating) => makeFeedback({ rating })),
      makeFeedback({ rating: 2, stepId: stepB }),
      makeFeedback({ rating: 1, journeyId: undefined }), // on the service, not this journey
    ];
    const card = score({ walkthroughs, feedback });

    it('counts outcomes, completion and attainment (abandoned counts as a miss)', () => {
      expect(card.n).toBe(6);
      expect(card.outcomes).toEqual({ completed: 5, abandoned: 1, failed: 0 });
      // 5 of 6 completed: adjusted Wald 0.418–0.989 straddles 0.95.
      expect(card.completion).toMatchObject({ n: 6, count: 5, target: { goal: 0.95, status: 'at_risk' } });
      expect(card.completion.value).toBeCloseTo(5 / 6, 10);
      expect(card.completion.interval?.low).toBeCloseTo(0.4178, 4);
      expect(card.completion.interval?.high).toBeCloseTo(0.9886, 4);
      // Within 180 s active: 100 s, 150 s and the paused 120 s; 200 s and 800 s are over, the abandoned one misses.
      // 3 of 6: 0.188–0.812, wholly below 0.9.
      expect(card.attainment).toMatchObject({
        n: 6,
        count: 3,
        value: 0.5,
        thresholdMs: 180 * S,
        clock: 'active',
        target: { goal: 0.9, status: 'breached' },
      });
      expect(card.attainment.interval?.high).toBeCloseTo(0.8124, 4);
    });

    it('judges the elapsed clock when the target names it: attainment, Apdex and percentiles follow it', () => {
      // At 170 s: active 100, 120 (the paused one), 150 s are within; elapsed only 100 and 150 s (the paused one
      // took 180 s of the customer's time).
      const threshold = { thresholdMs: 170 * S, share: 0.9 };
      const active = score({ walkthroughs, targets: makeTargets({ duration: { ...threshold, clock: 'active' } }) });
      const elapsed = score({ walkthroughs, targets: makeTargets({ duration: { ...threshold, clock: 'elapsed' } }) });
      expect(active.attainment).toMatchObject({ count: 3, clock: 'active' });
      expect(elapsed.attainment).toMatchObject({ count: 2, clock: 'elapsed' });
      expect(elapsed.apdex).toMatchObject({ satisfied: 2, tolerating: 2, clock: 'elapsed' });
      // Completed, elapsed: 100, 150, 180, 200, 800 s.
      expect(elapsed.duration).toMatchObject({ clock: 'elapsed', minMs: 100 * S, p50Ms: 180 * S, maxMs: 800 * S });
      expect(active.duration).toMatchObject({ clock: 'active', p50Ms: 150 * S });
    });

    it('takes percentiles and typical time over active durations of completed walkthroughs', () => {
      // Completed, active: 100, 120, 150, 200, 800 s.
      expect(card.duration).toEqual({
        clock: 'active',
        n: 5,
        minMs: 100 * S,
        maxMs: 800 * S,
        p50Ms: 150 * S,
        p90Ms: 800 * S,
        p95Ms: 800 * S,
        typical: { ms: 195_830, method: 'geometric_mean' },
        precision: { exact: true, relativeError: 0 },
      });
    });

    it('scores Apdex with its T: 3 satisfied, 1 tolerating (200 s), 2 frustrated (800 s > 4T, abandoned)', () => {
      expect(card.apdex).toEqual({
        n: 6,
        tMs: 180 * S,
        clock: 'active',
        satisfied: 3,
        tolerating: 1,
        frustrated: 2,
        score: 7 / 12,
        band: 'poor',
      });
    });

    it('scores CSAT, SEQ and CES from the ratings given, whatever the outcome', () => {
      // Satisfaction 5, 4, 3, 4, 2 (one walkthrough unrated): 3 of 5 are 4–5; 0.229–0.884 straddles 0.8.
      expect(card.csat).toMatchObject({ n: 5, count: 3, value: 0.6, mean: 3.6, target: { status: 'at_risk' } });
      // SEQ 7, 6, 5, 6, 3: mean 5.4, t interval (with Sheppard's 1/12) 3.48–7 straddles 5.5.
      expect(card.seq).toMatchObject({ n: 5, target: { goal: 5.5, status: 'at_risk' } });
      expect(card.seq.mean).toBeCloseTo(5.4, 10);
      expect(card.seq.interval?.low).toBeCloseTo(3.4831, 4);
      // CES 7, 6, 4, 5, 2: mean 4.8, 3 of 5 easy; the SLA names no CES target.
      expect(card.ces).toMatchObject({ n: 5, easy: { n: 5, count: 3 }, target: { goal: null, status: 'no_target' } });
      expect(card.ces.mean).toBeCloseTo(4.8, 10);
    });

    it('breaks the time down by step', () => {
      // Default marks at 0, 1/4 and 5/8 of each walkthrough; the paused one spends 60 s of step B waiting.
      expect(card.steps.map((s) => [s.stepId, s.n, s.medianMs, s.slowestCount])).toEqual([
        [stepA, 5, 45 * S, 0],
        [stepB, 5, 56_250, 4],
        [stepC, 5, 67_500, 1],
      ]);
      expect(card.steps[0]?.shareOfTime).toBeCloseTo(357.5 / 1370, 10);
      const shares = card.steps.reduce((sum, s) => sum + (s.shareOfTime ?? 0), card.unmarked.shareOfTime ?? 0);
      expect(shares).toBeCloseTo(1, 10);
      // The abandoned walkthrough's blocker at 30 s falls in step B (22.5–56.25 s).
      expect(card.steps[1]?.painPoints).toEqual([
        {
          walkthroughId: abandoned.id,
          painPointId: abandoned.painPoints[0]?.id,
          severity: 'blocker',
          text: 'Code never arrived',
          atMs: 30 * S,
        },
      ]);
    });

    it('scores the journey’s customer feedback by the same rules, on the journey and on the step', () => {
      // 5, 5, 4, 5, 2 on the journey (the service-only 1 is not): 4 of 5, about 0.36–0.98 against 0.8.
      expect(card.customer.csat).toMatchObject({ n: 5, count: 4, mean: 4.2, target: { status: 'at_risk' } });
      expect(card.customer.csat.interval?.low).toBeCloseTo(0.36, 2);
      expect(card.customer.csat.interval?.high).toBeCloseTo(0.98, 2);
      expect(card.steps[1]?.customer).toMatchObject({ n: 1, count: 0, target: { status: 'not_enough_data' } });
    });
  });

  describe('is total', () => {
    it('n = 0: every score empty, every target not_enough_data or no_target', () => {
      const card = score();
      expect(card.n).toBe(0);
      expect(card.completion).toMatchObject({
        n: 0,
        value: null,
        interval: null,
        target: { status: 'not_enough_data' },
      });
      expect(card.attainment).toMatchObject({ n: 0, value: null, target: { status: 'not_enough_data' } });
      expect(card.duration).toEqual({
        clock: 'active',
        n: 0,
        minMs: null,
        maxMs: null,
        p50Ms: null,
        p90Ms: null,
        p95Ms: null,
        typical: null,
        precision: { exact: true, relativeError: 0 },
      });
      expect(card.apdex).toMatchObject({ n: 0, score: null, band: 'not_enough_data', tMs: 180 * S });
      expect(card.seq).toMatchObject({ n: 0, mean: null, interval: null });
      expect(card.ces.target.status).toBe('no_target');
      expect(card.steps.map((s) => s.n)).toEqual([0, 0, 0]);
      expect(card.unmarked.shareOfTime).toBeNull();
    });

    it('n = 1: scores with n shown, targets not judged below the minimum sample size', () => {
      const card = score({ walkthroughs: [makeWalkthrough({ elapsedMs: 90 * S })] });
      expect(card.n).toBe(1);
      expect(card.attainment).toMatchObject({ n: 1, count: 1, value: 1, target: { status: 'not_enough_data' } });
      expect(card.duration).toMatchObject({ n: 1, p50Ms: 90 * S, p95Ms: 90 * S, typical: { ms: 90 * S } });
      expect(card.seq).toMatchObject({ n: 1, mean: 6, sd: null, interval: { low: 1, high: 7 } });
      // One quick walkthrough scores 1.0, but its band is not "excellent" (it was before issue 11).
      expect(card.apdex).toMatchObject({ n: 1, score: 1, band: 'not_enough_data' });
    });

    it('all abandoned: no durations, attainment 0, Apdex 0, ratings still count', () => {
      const walkthroughs = Array.from({ length: 5 }, () =>
        makeWalkthrough({ elapsedMs: 30 * S, outcome: 'abandoned' }),
      );
      const card = score({ walkthroughs });
      expect(card.completion).toMatchObject({ count: 0, value: 0, target: { status: 'breached' } });
      expect(card.attainment).toMatchObject({ n: 5, count: 0, value: 0, target: { status: 'breached' } });
      expect(card.duration.n).toBe(0);
      expect(card.duration.typical).toBeNull();
      expect(card.apdex).toMatchObject({ frustrated: 5, score: 0, band: 'unacceptable' });
      expect(card.csat.n).toBe(5);
      expect(card.steps.every((s) => s.n === 0 && s.medianMs === null)).toBe(true);
    });

    it('identical durations: every percentile and the typical time are that duration', () => {
      const walkthroughs = Array.from({ length: 7 }, () => makeWalkthrough({ elapsedMs: 123_457 }));
      const { duration } = score({ walkthroughs });
      expect(duration).toEqual({
        clock: 'active',
        n: 7,
        minMs: 123_457,
        maxMs: 123_457,
        p50Ms: 123_457,
        p90Ms: 123_457,
        p95Ms: 123_457,
        typical: { ms: 123_457, method: 'geometric_mean' },
        precision: { exact: true, relativeError: 0 },
      });
    });

    it('missing ratings: rating scores empty, the rest scored', () => {
      const walkthroughs = Array.from({ length: 6 }, () => makeWalkthrough({ ratings: {} }));
      const card = score({ walkthroughs });
      expect(card.csat).toMatchObject({ n: 0, value: null, mean: null, target: { status: 'not_enough_data' } });
      expect(card.seq).toMatchObject({ n: 0, mean: null });
      expect(card.ces).toMatchObject({ n: 0, mean: null, easy: { n: 0, value: null } });
      expect(card.attainment).toMatchObject({ n: 6, count: 6, target: { status: 'at_risk' } });
    });

    it('scores without the journey definition, steps taken from the marks', () => {
      const card = scorecardSchema.parse(scoreJourney({ targets, walkthroughs: [makeWalkthrough()], feedback: [] }));
      expect(card.steps.map((s) => s.name)).toEqual(['Open the portal', 'Verify identity', 'Set a new password']);
    });

    it('reports absent targets as no_target and uses the duration threshold as Apdex T', () => {
      const bare = makeTargets({ completionRate: undefined, csat: undefined, seqMean: undefined });
      const card = score({ targets: bare, walkthroughs: Array.from({ length: 5 }, () => makeWalkthrough()) });
      expect([card.completion, card.csat, card.seq, card.ces, card.customer.csat].map((s) => s.target)).toEqual(
        Array.from({ length: 5 }, () => ({ goal: null, status: 'no_target' })),
      );
      expect(card.apdex.tMs).toBe(180 * S);
      expect(score({ targets: makeTargets({ apdexTMs: 60 * S }) }).apdex.tMs).toBe(60 * S);
    });
  });

  describe('chooses what it scores', () => {
    it('ignores walkthroughs and feedback of other journeys, and ad-hoc walkthroughs', () => {
      const other = createIdGenerator(99)();
      const card = score({
        walkthroughs: [
          makeWalkthrough(),
          makeWalkthrough({ journeyId: other }),
          makeWalkthrough({ journeyId: null, journeyName: 'Ad hoc' }),
        ],
        feedback: [makeFeedback(), makeFeedback({ journeyId: other })],
      });
      expect(card.n).toBe(1);
      expect(card.customer.csat.n).toBe(1);
    });

    it('counts a walkthrough once, at its highest rev', () => {
      const first = makeWalkthrough({ outcome: 'abandoned' });
      const edited = { ...first, rev: 2, outcome: 'completed' as const, outcomeReason: undefined };
      const { outcomeReason: _dropped, ...completed } = edited;
      const card = score({ walkthroughs: [completed, first, first] });
      expect(card.n).toBe(1);
      expect(card.outcomes.completed).toBe(1);
    });

    it('leaves out, and lists, a walkthrough whose pauses are longer than the walkthrough', () => {
      const broken = { ...makeWalkthrough({ elapsedMs: 60 * S }), pauses: [makePause({ startMs: 0, endMs: 90 * S })] };
      const card = score({ walkthroughs: [makeWalkthrough(), broken] });
      expect(card.n).toBe(1);
      expect(card.excluded).toEqual([
        { walkthroughId: broken.id, error: { code: 'pause_out_of_range', message: expect.any(String) } },
      ]);
    });

    it('refuses a journey that is not the one the targets are for: a caller bug', () => {
      const otherJourney = makeJourney({ id: createIdGenerator(98)() });
      expect(() => scoreJourney({ journey: otherJourney, targets, walkthroughs: [], feedback: [] })).toThrow(
        /does not match/,
      );
    });
  });

  describe('properties', () => {
    const walkthroughsArb = fc.array(walkthroughArbitrary(), { maxLength: 30 });

    it('always produces a valid scorecard whose intervals contain their estimates', () => {
      fc.assert(
        fc.property(walkthroughsArb, fc.array(feedbackArbitrary, { maxLength: 10 }), (walkthroughs, feedback) => {
          const card = score({ walkthroughs, feedback });
          const shares = [card.completion, card.attainment, card.csat, card.ces.easy, card.customer.csat];
          for (const share of shares) {
            if (share.value === null || share.interval === null) continue;
            expect(share.interval.low).toBeGreaterThanOrEqual(0);
            expect(share.interval.high).toBeLessThanOrEqual(1);
            expect(share.interval.low).toBeLessThanOrEqual(share.value);
            expect(share.interval.high).toBeGreaterThanOrEqual(share.value);
          }
          const { p50Ms, p90Ms, p95Ms, minMs, maxMs, typical } = card.duration;
          if (p50Ms !== null && p90Ms !== null && p95Ms !== null && minMs !== null && maxMs !== null) {
            expect(minMs <= p50Ms && p50Ms <= p90Ms && p90Ms <= p95Ms && p95Ms <= maxMs).toBe(true);
            expect(typical?.ms).toBeGreaterThanOrEqual(minMs);
            expect(typical?.ms).toBeLessThanOrEqual(maxMs);
          }
        }),
        { numRuns: 60 },
      );
    });

    it('never lowers attainment when a walkthrough that meets the target is added', () => {
      fc.assert(
        fc.property(walkthroughsArb, fc.integer({ min: 0, max: 180 * S }), (walkthroughs, elapsedMs) => {
          const before = score({ walkthroughs }).attainment;
          const after = score({ walkthroughs: [...walkthroughs, makeWalkthrough({ elapsedMs })] }).attainment;
          expect(after.value).not.toBeNull();
          expect(after.value ?? 0).toBeGreaterThanOrEqual(before.value ?? 0);
          expect(after.count).toBe(before.count + 1);
        }),
        { numRuns: 60 },
      );
    });

    it('meets "90% within T" exactly when p90 <= T, when every walkthrough completed', () => {
      fc.assert(
        fc.property(
          fc.array(
            walkthroughArbitrary().map((w): Walkthrough => ({ ...w, outcome: 'completed' })),
            { minLength: 1 },
          ),
          (walkthroughs) => {
            const completed = walkthroughs.map(({ outcomeReason: _reason, ...w }) => w);
            const card = score({ walkthroughs: completed });
            const p90 = card.duration.p90Ms ?? Number.POSITIVE_INFINITY;
            expect((card.attainment.value ?? 0) >= 0.9).toBe(p90 <= 180 * S);
          },
        ),
        { numRuns: 80 },
      );
    });

    it('does not depend on the order walkthroughs and feedback arrive in', () => {
      fc.assert(
        fc.property(walkthroughsArb, fc.array(feedbackArbitrary, { maxLength: 10 }), (walkthroughs, feedback) => {
          const forward = score({ walkthroughs, feedback });
          const backward = score({ walkthroughs: [...walkthroughs].reverse(), feedback: [...feedback].reverse() });
          expect(backward).toEqual(forward);
        }),
        { numRuns: 40 },
      );
    });
  });
});
