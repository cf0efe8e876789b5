import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoWeek } from './iso-week.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('isoWeek', () => {
  // Checked against Python's date.isocalendar().
  it.each([
    { at: '2026-11-23T09:00:00.000Z', week: '2026-W48' },
    { at: '2026-01-01T00:00:00.000Z', week: '2026-W01' }, // a Thursday: week 1 of its own year
    { at: '2026-12-31T23:59:59.999Z', week: '2026-W53' }, // 2026 has 53 weeks
    { at: '2027-01-01T00:00:00.000Z', week: '2026-W53' }, // Friday: still the previous ISO year
    { at: '2027-01-03T23:59:59.999Z', week: '2026-W53' }, // Sunday ends the week
    { at: '2027-01-04T00:00:00.000Z', week: '2027-W01' }, // Monday starts 2027-W01
    { at: '2024-12-30T00:00:00.000Z', week: '2025-W01' }, // Monday in December, already next ISO year
    { at: '2021-01-03T12:00:00.000Z', week: '2020-W53' },
    { at: '1970-01-01T00:00:00.000Z', week: '1970-W01' },
    { at: '1969-12-29T00:00:00.000Z', week: '1970-W01' }, // before the epoch: negative day numbers
  ])('$at is in $week', ({ at, week }) => {
    expect(isoWeek(at)).toBe(week);
  });

  it('is null for a string that is not an instant', () => {
    expect(isoWeek('not a date')).toBeNull();
  });

  it('gives the seven days from a Monday one week, and the next Monday the next week in string order', () => {
    // 2000-01-03 was a Monday; any whole number of weeks later is a Monday too.
    const firstMonday = Date.UTC(2000, 0, 3);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: DAY_MS * 7 - 1 }), (weeks, offset) => {
        const monday = firstMonday + weeks * 7 * DAY_MS;
        const week = isoWeek(new Date(monday).toISOString());
        expect(isoWeek(new Date(monday + offset).toISOString())).toBe(week);
        const next = isoWeek(new Date(monday + 7 * DAY_MS).toISOString()) ?? '';
        expect(next > (week ?? '')).toBe(true);
      }),
    );
  });
});
