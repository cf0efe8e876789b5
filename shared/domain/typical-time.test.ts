import { describe, expect, it } from 'vitest';
import { typicalTime } from './typical-time.ts';

describe('typicalTime', () => {
  it.each([
    // Geometric mean, by hand: (10 * 100 * 1000)^(1/3) = 100; (1000 * 4000)^(1/2) = 2000.
    { durationsMs: [10, 100, 1000], expected: { ms: 100, method: 'geometric_mean' } },
    { durationsMs: [4000, 1000], expected: { ms: 2000, method: 'geometric_mean' } },
    // 100 s, 120 s, 150 s, 200 s, 800 s: (2.88e26)^(1/5) ms = 195 829.67 ms.
    { durationsMs: [100_000, 120_000, 150_000, 200_000, 800_000], expected: { ms: 195_830, method: 'geometric_mean' } },
    { durationsMs: [61_000], expected: { ms: 61_000, method: 'geometric_mean' } },
  ])('of $durationsMs is $expected.ms ms', ({ durationsMs, expected }) => {
    expect(typicalTime(durationsMs)).toEqual(expected);
  });

  it('returns identical durations exactly, despite exp(log(x)) round-off', () => {
    expect(typicalTime(Array.from({ length: 24 }, () => 123_457))).toEqual({ ms: 123_457, method: 'geometric_mean' });
  });

  it('switches to the median at n = 25', () => {
    const twentyFour = Array.from({ length: 24 }, (_, i) => (i + 1) * 1000);
    expect(typicalTime(twentyFour)?.method).toBe('geometric_mean');
    const twentyFive = [...twentyFour, 25_000];
    expect(typicalTime(twentyFive)).toEqual({ ms: 13_000, method: 'median' });
  });

  it('stays within the observed range when some durations are 0 ms', () => {
    expect(typicalTime([0, 0])).toEqual({ ms: 0, method: 'geometric_mean' });
    expect(typicalTime([0, 10_000])).toEqual({ ms: 100, method: 'geometric_mean' });
  });

  it('is null for no durations', () => {
    expect(typicalTime([])).toBeNull();
  });
});
