import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatOffset,
  formatRatings,
  formatSeconds,
  formatTimingMs,
  timingEntries,
} from './history-format.ts';

describe('history formatting', () => {
  it('writes durations for people', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(44_600)).toBe('45 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(3_725_000)).toBe('1 h 02 min');
  });

  it('writes clock offsets like a player', () => {
    expect(formatOffset(0)).toBe('0:00');
    expect(formatOffset(42_999)).toBe('0:42');
    expect(formatOffset(725_000)).toBe('12:05');
    expect(formatOffset(3_723_000)).toBe('1:02:03');
  });

  it('writes timings, seconds and ratings', () => {
    expect(formatTimingMs(180)).toBe('180 ms');
    expect(formatTimingMs(1020)).toBe('1.02 s');
    expect(formatSeconds(180_000)).toBe('180 s');
    expect(formatSeconds(2_500)).toBe('2.5 s');
    expect(formatRatings({ seq: 6, satisfaction: 4 })).toBe('SEQ 6/7 · satisfaction 4/5');
    expect(formatRatings({ comment: 'only words' })).toBe('Not rated');
    expect(timingEntries({ ttfbMs: 180, cls: 0.0412, inpMs: 96 })).toEqual([
      ['TTFB', '180 ms'],
      ['CLS', '0.041'],
      ['INP', '96 ms'],
    ]);
  });
});
