import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketsOfDay,
  coarseCover,
  dayOf,
  dayToIso,
  dyadicCover,
  MAX_LEVEL,
  WEEK_LEVEL,
  weekStart,
} from './score-days.ts';

const daysOf = (buckets: readonly { level: number; startDay: number }[]) =>
  buckets.flatMap(({ level, startDay }) => Array.from({ length: 2 ** level }, (_, i) => startDay + i));
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

describe('score days', () => {
  it('names days as UTC calendar days, weeks from Monday', () => {
    expect(dayOf('1970-01-02T23:59:59.999Z')).toBe(1);
    expect(dayToIso(20_423)).toBe('2025-12-01');
    // 2025-12-01 was a Monday; the Sunday after it is in its week, the Sunday before in the week before.
    expect(weekStart(20_423 + 6)).toBe(20_423);
    expect(weekStart(20_423 - 1)).toBe(20_423 - 7);
    expect(weekStart(-1)).toBe(-3);
  });

  it('holds a day in one bucket per level, aligned to its size, and its week', () => {
    const buckets = bucketsOfDay(1_000);
    expect(buckets).toHaveLength(MAX_LEVEL + 2);
    expect(buckets[0]).toEqual({ level: WEEK_LEVEL, startDay: weekStart(1_000) });
    for (const { level, startDay } of buckets.slice(1)) {
      expect(startDay % 2 ** level).toBe(0);
      expect(1_000 - startDay).toBeLessThan(2 ** level);
    }
  });

  it('covers any range exactly: dyadic buckets, and coarse ones plus ragged ends under the smallest size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30_000 }),
        fc.integer({ min: 0, max: 1_200 }),
        fc.integer({ min: 0, max: 6 }),
        (from, length, minLevel) => {
          const to = from + length;
          expect(daysOf(dyadicCover(from, to))).toEqual(range(from, to));
          const { buckets, edges } = coarseCover(from, to, minLevel);
          for (const { level, startDay } of buckets) {
            expect(level).toBeGreaterThanOrEqual(minLevel);
            expect(startDay % 2 ** level).toBe(0);
          }
          for (const [a, b] of edges)
            expect(b - a).toBeLessThanOrEqual(buckets.length === 0 ? length : 2 ** minLevel - 1);
          const covered = [...daysOf(buckets), ...edges.flatMap(([a, b]) => range(a, b))].sort((x, y) => x - y);
          expect(covered).toEqual(range(from, to));
        },
      ),
      { seed: 0x5c0e5 },
    );
  });
});
