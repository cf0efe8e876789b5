import { describe, expect, it } from 'vitest';
import { type ApdexZone, apdexBand, apdexScore, apdexZone } from './apdex.ts';

const T = 3000; // the Apdex specification's example target, 3 s

/** Zone counts of completed durations, the rest of n (not completed) frustrated, as an aggregate counts them. */
const scoreOf = (completedMs: readonly number[], n: number, minSamples = 1) => {
  const zones = completedMs.map((ms) => apdexZone(ms, T));
  const count = (zone: ApdexZone) => zones.filter((z) => z === zone).length;
  return apdexScore({
    n,
    satisfied: count('satisfied'),
    tolerating: count('tolerating'),
    tMs: T,
    clock: 'active',
    minSamples,
  });
};

const repeat = (count: number, ms: number): number[] => Array.from({ length: count }, () => ms);

describe('apdex (Apdex Technical Specification, Apdex Alliance)', () => {
  it('the specification’s example: 100 samples at T = 3 s, 60 under 3 s, 30 of 3–12 s, 10 over 12 s is 0.75', () => {
    const result = scoreOf([...repeat(60, 2500), ...repeat(30, 7000), ...repeat(10, 15_000)], 100);
    expect(result).toEqual({
      n: 100,
      tMs: T,
      clock: 'active',
      satisfied: 60,
      tolerating: 30,
      frustrated: 10,
      score: 0.75,
      band: 'fair',
    });
  });

  it.each([
    { name: 'all satisfied', ms: 1000, score: 1, band: 'excellent' },
    { name: 'all tolerating', ms: 4 * T, score: 0.5, band: 'poor' },
    { name: 'all frustrated', ms: 4 * T + 1, score: 0, band: 'unacceptable' },
  ] as const)('$name scores $score ($band)', ({ ms, score, band }) => {
    expect(scoreOf(repeat(10, ms), 10)).toMatchObject({ score, band });
  });

  it.each([
    { ms: 0, zone: 'satisfied' },
    { ms: T, zone: 'satisfied' },
    { ms: T + 1, zone: 'tolerating' },
    { ms: 4 * T, zone: 'tolerating' },
    { ms: 4 * T + 1, zone: 'frustrated' },
  ] as const)('a duration of $ms ms at T = 3 s is $zone (F = 4T)', ({ ms, zone }) => {
    expect(apdexZone(ms, T)).toBe(zone);
  });

  it('counts a walkthrough that did not complete as frustrated however fast it was', () => {
    expect(scoreOf([1], 2)).toMatchObject({ satisfied: 1, frustrated: 1, score: 0.5 });
  });

  it('reads not_enough_data below the minimum sample size: one quick walkthrough is not excellent', () => {
    expect(scoreOf([1000], 1, 5)).toMatchObject({ n: 1, score: 1, band: 'not_enough_data' });
    expect(scoreOf(repeat(5, 1000), 5, 5)).toMatchObject({ n: 5, score: 1, band: 'excellent' });
  });

  it('has no score for no samples, but still reports T and its clock', () => {
    expect(apdexScore({ n: 0, satisfied: 0, tolerating: 0, tMs: T, clock: 'elapsed', minSamples: 5 })).toEqual({
      n: 0,
      tMs: T,
      clock: 'elapsed',
      satisfied: 0,
      tolerating: 0,
      frustrated: 0,
      score: null,
      band: 'not_enough_data',
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
