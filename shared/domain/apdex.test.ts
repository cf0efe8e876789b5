import { describe, expect, it } from 'vitest';
import { type ApdexSample, apdex, apdexBand } from './apdex.ts';

const T = 180_000;
const samples = (count: number, sample: ApdexSample): ApdexSample[] => Array.from({ length: count }, () => sample);

describe('apdex', () => {
  it('scores 60 satisfied, 30 tolerating, 10 frustrated of 100 as 0.75 (fair)', () => {
    const result = apdex(
      [
        ...samples(60, { activeMs: T, completed: true }),
        ...samples(30, { activeMs: 2 * T, completed: true }),
        ...samples(10, { activeMs: 5 * T, completed: true }),
      ],
      T,
    );
    expect(result).toEqual({
      n: 100,
      tMs: T,
      satisfied: 60,
      tolerating: 30,
      frustrated: 10,
      score: 0.75,
      band: 'fair',
    });
  });

  it.each([
    { activeMs: 0, zone: 'satisfied' },
    { activeMs: T, zone: 'satisfied' },
    { activeMs: T + 1, zone: 'tolerating' },
    { activeMs: 4 * T, zone: 'tolerating' },
    { activeMs: 4 * T + 1, zone: 'frustrated' },
  ] as const)('a completed walkthrough of $activeMs ms is $zone', ({ activeMs, zone }) => {
    expect(apdex([{ activeMs, completed: true }], T)[zone]).toBe(1);
  });

  it('counts a walkthrough that did not complete as frustrated however fast it was', () => {
    expect(apdex([{ activeMs: 1, completed: false }], T)).toMatchObject({ frustrated: 1, score: 0 });
  });

  it('has no score or band for no samples, but still reports T', () => {
    expect(apdex([], T)).toEqual({
      n: 0,
      tMs: T,
      satisfied: 0,
      tolerating: 0,
      frustrated: 0,
      score: null,
      band: null,
    });
  });

  it.each([
    { score: 1, band: 'excellent' },
    { score: 0.94, band: 'excellent' },
    { score: 0.9399, band: 'good' },
    { score: 0.85, band: 'good' },
    { score: 0.8499, band: 'fair' },
    { score: 0.7, band: 'fair' },
    { score: 0.6999, band: 'poor' },
    { score: 0.5, band: 'poor' },
    { score: 0.4999, band: 'unacceptable' },
    { score: 0, band: 'unacceptable' },
  ] as const)('band of $score is $band', ({ score, band }) => {
    expect(apdexBand(score)).toBe(band);
  });
});
