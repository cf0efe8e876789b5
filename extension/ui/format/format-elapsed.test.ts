import { describe, expect, it } from 'vitest';
import { formatElapsed, speakElapsed } from './format-elapsed.ts';

describe('formatElapsed', () => {
  it('shows mm:ss under an hour and h:mm:ss from an hour on, rounding down', () => {
    expect(formatElapsed(0)).toBe('00:00');
    expect(formatElapsed(999)).toBe('00:00');
    expect(formatElapsed(247_900)).toBe('04:07');
    expect(formatElapsed(3_599_999)).toBe('59:59');
    expect(formatElapsed(3_600_000)).toBe('1:00:00');
    expect(formatElapsed(37_327_000)).toBe('10:22:07');
  });

  it('says it in words', () => {
    expect(speakElapsed(247_900)).toBe('4 minutes 7 seconds');
    expect(speakElapsed(3_601_000)).toBe('1 hour 1 second');
    expect(speakElapsed(0)).toBe('0 seconds');
  });
});
