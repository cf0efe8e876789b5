import { describe, expect, it } from 'vitest';
import { apdexScoreSchema, intervalSchema, proportionScoreSchema, stepScoreSchema } from './scorecard.ts';

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
    const apdex = { n: 3, tMs: 1000, satisfied: 1, tolerating: 1, frustrated: 0, score: 0.5, band: 'poor' };
    expect(apdexScoreSchema.safeParse(apdex).success).toBe(false);
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
