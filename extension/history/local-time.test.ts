import { describe, expect, it } from 'vitest';
import { localTime } from './local-time.ts';

describe('localTime', () => {
  it('writes instants on the named zone’s wall clock, with the offset of that day (daylight saving included)', () => {
    const berlin = localTime('Europe/Berlin');
    expect(berlin.timeZone).toBe('Europe/Berlin');
    expect(berlin.dateTime('2026-01-05T09:00:00.000Z')).toBe('2026-01-05 10:00:00');
    expect(berlin.offset('2026-01-05T09:00:00.000Z')).toBe('UTC+01:00');
    expect(berlin.dateTime('2026-07-01T22:30:15.250Z')).toBe('2026-07-02 00:30:15');
    expect(berlin.offset('2026-07-01T22:30:15.250Z')).toBe('UTC+02:00');
  });

  it('handles zones west of UTC, half-hour offsets and UTC itself', () => {
    expect(localTime('America/St_Johns').dateTime('2026-01-05T02:00:00.000Z')).toBe('2026-01-04 22:30:00');
    expect(localTime('America/St_Johns').offset('2026-01-05T02:00:00.000Z')).toBe('UTC-03:30');
    expect(localTime('UTC').dateTime('2026-01-05T00:00:00.000Z')).toBe('2026-01-05 00:00:00');
    expect(localTime('UTC').offset('2026-01-05T00:00:00.000Z')).toBe('UTC+00:00');
  });

  it('gives back text it cannot read as an instant, rather than "Invalid Date"', () => {
    expect(localTime('UTC').dateTime('not a date')).toBe('not a date');
    expect(localTime('UTC').offset('not a date')).toBe('');
  });

  it('uses the device’s zone when none is named', () => {
    expect(localTime().timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
