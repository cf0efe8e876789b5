import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanInterval } from './mean-interval.ts';

const SCALE = { min: 1, max: 7 };

describe('meanInterval (Student t, clipped to the scale)', () => {
  it('worked example: 5, 6, 7, 6, 6 has mean 6, sd 0.707 and interval 5.12–6.88', () => {
    // sd = sqrt(2 / 4); half-width = t(0.975, 4) * sd / sqrt(5) = 2.776445 * 0.707107 / 2.236068 = 0.877989.
    const estimate = meanInterval([5, 6, 7, 6, 6], SCALE);
    expect(estimate.n).toBe(5);
    expect(estimate.mean).toBe(6);
    expect(estimate.sd).toBeCloseTo(Math.SQRT1_2, 10); // sqrt(1/2)
    expect(estimate.interval?.low).toBeCloseTo(5.12201, 5);
    expect(estimate.interval?.high).toBeCloseTo(6.87799, 5);
  });

  it('clips to the scale: 7, 6, 5, 6, 3 has mean 5.4 and interval 3.52–7', () => {
    const estimate = meanInterval([7, 6, 5, 6, 3], SCALE);
    expect(estimate.mean).toBeCloseTo(5.4, 10);
    expect(estimate.interval?.low).toBeCloseTo(3.51692, 5);
    expect(estimate.interval?.high).toBe(7);
  });

  it('has no mean or interval for no ratings', () => {
    expect(meanInterval([], SCALE)).toEqual({ n: 0, mean: null, sd: null, interval: null });
  });

  it('spans the whole scale for one rating: no spread can be estimated from it', () => {
    expect(meanInterval([7], SCALE)).toEqual({ n: 1, mean: 7, sd: null, interval: { low: 1, high: 7 } });
  });

  it('is the point itself for identical ratings', () => {
    expect(meanInterval([6, 6, 6, 6, 6], SCALE)).toEqual({ n: 5, mean: 6, sd: 0, interval: { low: 6, high: 6 } });
  });

  it('always contains the mean and stays on the scale', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 300 }), (ratings) => {
        const { mean, interval } = meanInterval(ratings, SCALE);
        expect(interval?.low).toBeGreaterThanOrEqual(1);
        expect(interval?.high).toBeLessThanOrEqual(7);
        expect(interval?.low).toBeLessThanOrEqual(mean ?? Number.NaN);
        expect(interval?.high).toBeGreaterThanOrEqual(mean ?? Number.NaN);
      }),
    );
  });
});
