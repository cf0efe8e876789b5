import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proportionInterval } from './proportion-interval.ts';

describe('proportionInterval (adjusted Wald, z = 1.96)', () => {
  // Hand-checked: p' = (x + 1.9208) / (n + 3.8416); half-width = 1.96 * sqrt(p'(1 - p') / (n + 3.8416)).
  it.each([
    { x: 4, n: 5, low: 0.36, high: 0.98 }, // the handbook's example
    { x: 3, n: 5, low: 0.23, high: 0.88 },
    { x: 9, n: 10, low: 0.57, high: 1 }, // upper end 1.0039 clipped
    { x: 0, n: 10, low: 0, high: 0.32 }, // lower end clipped
    { x: 10, n: 10, low: 0.68, high: 1 },
    { x: 1, n: 1, low: 0.17, high: 1 },
    { x: 0, n: 1, low: 0, high: 0.83 },
  ])('$x of $n is about $low–$high', ({ x, n, low, high }) => {
    const interval = proportionInterval(x, n);
    expect(interval?.low).toBeCloseTo(low, 2);
    expect(interval?.high).toBeCloseTo(high, 2);
  });

  it('is null for n = 0: no observations bound nothing', () => {
    expect(proportionInterval(0, 0)).toBeNull();
  });

  it('always contains the observed share and stays within [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([x, n]) => {
          const interval = proportionInterval(x, n);
          expect(interval).not.toBeNull();
          const { low, high } = interval ?? { low: Number.NaN, high: Number.NaN };
          expect(low).toBeGreaterThanOrEqual(0);
          expect(high).toBeLessThanOrEqual(1);
          expect(low).toBeLessThanOrEqual(x / n);
          expect(high).toBeGreaterThanOrEqual(x / n);
        },
      ),
    );
  });
});
