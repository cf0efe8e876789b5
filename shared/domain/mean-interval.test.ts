import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanIntervalOfCounts } from './mean-interval.ts';
import { type RatingScale, ratingHistogram } from './rating-histogram.ts';

/** The interval of a list of whole-point ratings, through the histogram production code scores from. */
const meanInterval = (values: readonly number[], scale: RatingScale) =>
  meanIntervalOfCounts(ratingHistogram(values, scale), scale);

const SCALE = { min: 1, max: 7 };

describe('meanInterval (Student t with Sheppard’s 1/12, clipped to the scale)', () => {
  it('worked example: 5, 6, 7, 6, 6 has mean 6, sd 0.707 and interval 5.05–6.95', () => {
    // s² = 2 / 4; with Sheppard s'² = 0.5 + 1/12; half-width = t(0.975, 4) * s' / sqrt(5)
    // = 2.776445 * 0.763763 / 2.236068 = 0.948337. (5.12–6.88 before issue 11 added the 1/12.)
    const estimate = meanInterval([5, 6, 7, 6, 6], SCALE);
    expect(estimate.n).toBe(5);
    expect(estimate.mean).toBe(6);
    expect(estimate.sd).toBeCloseTo(Math.SQRT1_2, 10); // the observed sd, sqrt(1/2), without the 1/12
    expect(estimate.interval?.low).toBeCloseTo(5.05166, 5);
    expect(estimate.interval?.high).toBeCloseTo(6.94834, 5);
  });

  it('clips to the scale: 7, 6, 5, 6, 3 has mean 5.4 and interval 3.48–7', () => {
    // s² = 9.2 / 4 = 2.3; s'² = 2.3 + 1/12; half-width = 2.776445 * 1.543805 / 2.236068 = 1.916887.
    const estimate = meanInterval([7, 6, 5, 6, 3], SCALE);
    expect(estimate.mean).toBeCloseTo(5.4, 10);
    expect(estimate.interval?.low).toBeCloseTo(3.48311, 5);
    expect(estimate.interval?.high).toBe(7);
  });

  it('has no mean or interval for no ratings', () => {
    expect(meanInterval([], SCALE)).toEqual({ n: 0, mean: null, sd: null, interval: null });
  });

  it('spans the whole scale for one rating: no spread can be estimated from it', () => {
    expect(meanInterval([7], SCALE)).toEqual({ n: 1, mean: 7, sd: null, interval: { low: 1, high: 7 } });
  });

  it('never collapses to a point: five SEQ ratings of 6 give about 5.64–6.36 (the handbook’s example)', () => {
    // sd = 0, but each rating is a whole point: s'² = 1/12; half-width = 2.776445 * 0.288675 / 2.236068 = 0.358438.
    const estimate = meanInterval([6, 6, 6, 6, 6], SCALE);
    expect(estimate).toMatchObject({ n: 5, mean: 6, sd: 0 });
    expect(estimate.interval?.low).toBeCloseTo(5.64, 2);
    expect(estimate.interval?.high).toBeCloseTo(6.36, 2);
    expect(estimate.interval?.low).toBeCloseTo(5.641562, 6);
  });

  it('gives the same digits from the counts of each rating as from the list', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 100 }), (ratings) => {
        const counts = [1, 2, 3, 4, 5, 6, 7].map((v) => ratings.filter((r) => r === v).length);
        expect(meanIntervalOfCounts(counts, SCALE)).toEqual(meanInterval(ratings, SCALE));
      }),
    );
  });

  it('refuses a rating off the scale rather than dropping it (a caller bug: the schemas let none through)', () => {
    expect(() => meanInterval([6, 8], SCALE)).toThrow(RangeError);
    expect(() => meanInterval([5.5], SCALE)).toThrow(RangeError);
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
