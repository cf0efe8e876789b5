import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, percentile } from './percentile.ts';

describe('percentile (nearest rank)', () => {
  // Worked examples from the nearest-rank definition: rank = ceil(p/100 * n), 1-based, on the sorted samples.
  it.each([
    { samples: [15, 20, 35, 40, 50], p: 5, expected: 15 },
    { samples: [15, 20, 35, 40, 50], p: 30, expected: 20 },
    { samples: [15, 20, 35, 40, 50], p: 40, expected: 20 },
    { samples: [15, 20, 35, 40, 50], p: 50, expected: 35 },
    { samples: [15, 20, 35, 40, 50], p: 100, expected: 50 },
    { samples: [3, 6, 7, 8, 8, 10, 13, 15, 16, 20], p: 25, expected: 7 },
    { samples: [3, 6, 7, 8, 8, 10, 13, 15, 16, 20], p: 50, expected: 8 },
    { samples: [3, 6, 7, 8, 8, 10, 13, 15, 16, 20], p: 75, expected: 15 },
    { samples: [3, 6, 7, 8, 8, 10, 13, 15, 16, 20], p: 90, expected: 16 },
    { samples: [3, 6, 7, 8, 8, 10, 13, 15, 16, 20], p: 95, expected: 20 },
    { samples: [50, 15, 40, 20, 35], p: 50, expected: 35 },
    { samples: [42], p: 95, expected: 42 },
  ])('p$p of $samples is $expected', ({ samples, p, expected }) => {
    expect(percentile(samples, p)).toBe(expected);
  });

  it('ranks exactly where floating point would round up (0.9 * 70 = 63.00000000000001)', () => {
    const oneToSeventy = Array.from({ length: 70 }, (_, i) => i + 1);
    expect(percentile(oneToSeventy, 90)).toBe(63);
  });

  it('is null for no samples', () => {
    expect(percentile([], 50)).toBeNull();
    expect(median([])).toBeNull();
  });

  it('does not reorder the caller’s array', () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('median is the nearest-rank p50, an observed value', () => {
    expect(median([1, 2, 3, 4])).toBe(2);
    expect(median([1, 2, 3, 4, 5])).toBe(3);
  });

  it('keeps p50 <= p90 <= p95 within [min, max], each an observed sample', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1 }), (samples) => {
        const [p50, p90, p95] = [50, 90, 95].map((p) => percentile(samples, p) ?? Number.NaN);
        expect(p50).toBeLessThanOrEqual(p90 ?? Number.NaN);
        expect(p90).toBeLessThanOrEqual(p95 ?? Number.NaN);
        expect(p50).toBeGreaterThanOrEqual(Math.min(...samples));
        expect(p95).toBeLessThanOrEqual(Math.max(...samples));
        expect(samples).toContain(p90);
      }),
    );
  });

  it('has at least p% of the samples at or below it, and fewer than p% strictly below it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 100 }),
        (samples, p) => {
          const value = percentile(samples, p) ?? Number.NaN;
          const atOrBelow = samples.filter((s) => s <= value).length;
          const below = samples.filter((s) => s < value).length;
          expect(atOrBelow * 100).toBeGreaterThanOrEqual(p * samples.length);
          expect(below * 100).toBeLessThan(p * samples.length);
        },
      ),
    );
  });
});
