import { describe, expect, it } from 'vitest';
import { tCritical975 } from './t-critical.ts';

describe('tCritical975', () => {
  // Reference values: scipy.stats.t.ppf(0.975, df).
  it.each([
    { df: 1, expected: 12.706205 },
    { df: 4, expected: 2.776445 },
    { df: 30, expected: 2.042272 },
    { df: 31, expected: 2.039513 }, // first value from the expansion
    { df: 40, expected: 2.021075 },
    { df: 120, expected: 1.97993 },
    { df: 1000, expected: 1.962339 },
  ])('t(0.975, $df) = $expected', ({ df, expected }) => {
    expect(tCritical975(df)).toBeCloseTo(expected, 5);
  });

  it('falls steadily towards the normal 1.96 as df grows, with no step between table and expansion', () => {
    const values = Array.from({ length: 500 }, (_, i) => tCritical975(i + 1));
    values.forEach((t, i) => {
      expect(t).toBeGreaterThan(1.959963);
      if (i > 0) expect(t).toBeLessThan(values[i - 1] ?? Number.NaN);
    });
  });
});
