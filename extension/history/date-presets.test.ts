import { describe, expect, it } from 'vitest';
import { addDays, isDatePreset, localDay, presetDates, presetOf } from './date-presets.ts';

describe('date presets', () => {
  it('counts calendar days back from today, across month, year and daylight-saving changes', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-01-05', -6)).toBe('2025-12-30');
    expect(addDays('2026-03-30', -1)).toBe('2026-03-29');
    expect(addDays('not a day', 3)).toBe('not a day');
  });

  it('turns a preset into open-ended filter dates, and dates back into their preset', () => {
    const today = '2026-01-05';
    expect(presetDates('any', today)).toEqual({ from: '', to: '' });
    expect(presetDates('today', today)).toEqual({ from: '2026-01-05', to: '' });
    expect(presetDates('last-7', today)).toEqual({ from: '2025-12-30', to: '' });
    expect(presetDates('last-365', today)).toEqual({ from: '2025-01-06', to: '' });
    for (const preset of ['any', 'today', 'last-7', 'last-30', 'last-90', 'last-365'] as const) {
      expect(presetOf(presetDates(preset, today), today)).toBe(preset);
    }
    expect(presetOf({ from: '2025-12-30', to: '2026-01-04' }, today)).toBe('custom');
    // Yesterday's "last 7 days" is a custom range today: the menu never claims a range it does not show.
    expect(presetOf(presetDates('last-7', '2026-01-04'), today)).toBe('custom');
  });

  it('knows its own values, and writes a local day as a date input does', () => {
    expect(isDatePreset('last-30')).toBe(true);
    expect(isDatePreset('custom')).toBe(false);
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
