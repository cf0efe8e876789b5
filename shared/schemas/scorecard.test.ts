import { describe, expect, it } from 'vitest';
import {
  apdexScoreSchema,
  intervalSchema,
  precisionSchema,
  proportionScoreSchema,
  samplesNeededSchema,
  stepScoreSchema,
} from './scorecard.ts';

describe('scorecard schemas', () => {
  it('accept a coherent share and an empty one', () => {
    expect(
      proportionScoreSchema.safeParse({ n: 5, count: 4, value: 0.8, interval: { low: 0.36, high: 0.98 } }).success,
    ).toBe(true);
    expect(proportionScoreSchema.safeParse({ n: 0, count: 0, value: null, interval: null }).success).toBe(true);
  });

  it.each([
    { name: 'count above n', score: { n: 2, count: 3, value: 1, interval: { low: 0.3, high: 1 } } },
    { name: 'a value for n = 0', score: { n: 0, count: 0, value: 0, interval: null } },
    { name: 'no value for n > 0', score: { n: 3, count: 1, value: null, interval: null } },
  ])('reject $name', ({ score }) => {
    expect(proportionScoreSchema.safeParse(score).success).toBe(false);
  });

  it('reject an interval that ends before it starts', () => {
    expect(intervalSchema.safeParse({ low: 0.9, high: 0.1 }).success).toBe(false);
  });

  it('reject Apdex counts that do not add up to n', () => {
    const apdex = {
      n: 3,
      tMs: 1000,
      clock: 'active',
      satisfied: 1,
      tolerating: 1,
      frustrated: 1,
      score: 0.5,
      band: 'poor',
    };
    expect(apdexScoreSchema.safeParse(apdex).success).toBe(true);
    expect(apdexScoreSchema.safeParse({ ...apdex, frustrated: 0 }).success).toBe(false);
  });

  it('accept the not-enough-data band, and refuse Apdex without its clock', () => {
    const apdex = { n: 1, tMs: 1000, clock: 'elapsed', satisfied: 1, tolerating: 0, frustrated: 0, score: 1 };
    expect(apdexScoreSchema.safeParse({ ...apdex, band: 'not_enough_data' }).success).toBe(true);
    const { clock: _clock, ...withoutClock } = apdex;
    expect(apdexScoreSchema.safeParse({ ...withoutClock, band: 'excellent' }).success).toBe(false);
  });

  it('say how exact a number is: exact means no relative error', () => {
    expect(precisionSchema.safeParse({ exact: true, relativeError: 0 }).success).toBe(true);
    expect(precisionSchema.safeParse({ exact: false, relativeError: 0.008 }).success).toBe(true);
    expect(precisionSchema.safeParse({ exact: true, relativeError: 0.008 }).success).toBe(false);
  });

  it('accept each answer to "how many more", and nothing else', () => {
    for (const answer of [
      { kind: 'settled' },
      { kind: 'more', count: 3 },
      { kind: 'never', reason: 'on_target' },
      { kind: 'never', reason: 'beyond_cap' },
    ]) {
      expect(samplesNeededSchema.safeParse(answer).success).toBe(true);
    }
    expect(samplesNeededSchema.safeParse({ kind: 'more', count: 0 }).success).toBe(false);
    expect(samplesNeededSchema.safeParse({ kind: 'never' }).success).toBe(false);
  });

  it('reject a step with neither id nor name', () => {
    const customer = {
      n: 0,
      count: 0,
      value: null,
      interval: null,
      mean: null,
      target: { goal: null, status: 'no_target' },
    };
    const step = {
      stepId: null,
      name: null,
      n: 0,
      medianMs: null,
      shareOfTime: null,
      slowestCount: 0,
      painPoints: [],
      customer,
    };
    expect(stepScoreSchema.safeParse(step).success).toBe(false);
  });
});
