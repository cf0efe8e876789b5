import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanHalfWidth } from './mean-interval.ts';
import { proportionInterval } from './proportion-interval.ts';
import { MAX_SAMPLES_STILL_NEEDED, meanSamplesStillNeeded, samplesStillNeeded } from './samples-still-needed.ts';
import { targetStatus } from './target-status.ts';

/** The status at N observations if they kept the rate count / n: what "at the observed rate" means. */
const statusAtRate = (count: number, n: number, total: number, goal: number, minSamples: number) =>
  targetStatus({ n: total, interval: proportionInterval((count / n) * total, total), goal, minSamples });

describe('samplesStillNeeded (a proportion target)', () => {
  it('worked example: 5 of 5 completed against 60% is at risk (0.51–1); 3 more would settle it (8 of 8: met)', () => {
    expect(targetStatus({ n: 5, interval: proportionInterval(5, 5), goal: 0.6, minSamples: 5 })).toBe('at_risk');
    expect(samplesStillNeeded({ count: 5, n: 5, goal: 0.6, minSamples: 5 })).toEqual({ kind: 'more', count: 3 });
    expect(proportionInterval(7, 7)?.low).toBeLessThan(0.6); // 2 more would not
    expect(proportionInterval(8, 8)?.low).toBeGreaterThanOrEqual(0.6);
  });

  it('worked example: 2 of 7 within target against 60% (0.08–0.65); 3 more would show it breached', () => {
    expect(samplesStillNeeded({ count: 2, n: 7, goal: 0.6, minSamples: 5 })).toEqual({ kind: 'more', count: 3 });
    expect(statusAtRate(2, 7, 10, 0.6, 5)).toBe('breached');
    expect(statusAtRate(2, 7, 9, 0.6, 5)).toBe('at_risk');
  });

  it.each([
    { name: '9 of 10 against 90%', count: 9, n: 10, goal: 0.9 },
    { name: '4 of 5 against 80% (the handbook’s 0.36–0.98)', count: 4, n: 5, goal: 0.8 },
    { name: '5 of 5 against 100%', count: 5, n: 5, goal: 1 },
  ])('never at this rate: $name sits on the target', ({ count, n, goal }) => {
    expect(samplesStillNeeded({ count, n, goal, minSamples: 5 })).toEqual({ kind: 'never', reason: 'on_target' });
  });

  it('never at this rate, beyond the cap: 8,999 of 10,000 against 90%', () => {
    expect(samplesStillNeeded({ count: 8999, n: 10_000, goal: 0.9, minSamples: 5 })).toEqual({
      kind: 'never',
      reason: 'beyond_cap',
    });
  });

  it('is settled when the status is already met or breached: 3 of 6 against 90% (0.19–0.81)', () => {
    expect(samplesStillNeeded({ count: 3, n: 6, goal: 0.9, minSamples: 5 })).toEqual({ kind: 'settled' });
  });

  it('counts up to the minimum sample size at least, and asks for that much when there is no rate yet', () => {
    const needed = samplesStillNeeded({ count: 1, n: 1, goal: 0.05, minSamples: 5 });
    expect(needed).toEqual({ kind: 'more', count: 4 }); // 1 of 1 would clear 5% at once, but n must reach 5
    expect(samplesStillNeeded({ count: 0, n: 0, goal: 0.9, minSamples: 5 })).toEqual({ kind: 'more', count: 5 });
  });

  it('is the smallest number: at n + m the status settles at the observed rate, at n + m − 1 it does not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        fc.integer({ min: 1, max: 99 }).map((g) => g / 100),
        fc.integer({ min: 1, max: 30 }),
        ([count, n], goal, minSamples) => {
          const needed = samplesStillNeeded({ count, n, goal, minSamples });
          const settled = (total: number) =>
            ['met', 'breached'].includes(statusAtRate(count, n, total, goal, minSamples));
          if (needed.kind === 'settled') expect(settled(n)).toBe(true);
          if (needed.kind === 'never' && needed.reason === 'on_target') expect(count / n).toBe(goal);
          if (needed.kind === 'never' && needed.reason === 'beyond_cap') {
            expect(settled(n + MAX_SAMPLES_STILL_NEEDED)).toBe(false);
          }
          if (needed.kind === 'more') {
            expect(settled(n + needed.count)).toBe(true);
            if (n + needed.count - 1 >= minSamples && needed.count > 1)
              expect(settled(n + needed.count - 1)).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('meanSamplesStillNeeded (a mean rating target)', () => {
  it('worked example: mean 6, sd 0.5 over 5 SEQ ratings against 5.5 is at risk; 3 more would settle it', () => {
    const low = (n: number) => 6 - meanHalfWidth(n, 0.5);
    expect(low(5)).toBeLessThan(5.5);
    expect(meanSamplesStillNeeded({ mean: 6, sd: 0.5, n: 5, goal: 5.5, minSamples: 5 })).toEqual({
      kind: 'more',
      count: 3,
    });
    expect(low(7)).toBeLessThan(5.5);
    expect(low(8)).toBeGreaterThanOrEqual(5.5);
  });

  it('is settled for five ratings of 6 against 5.5: 5.64–6.36 is met', () => {
    expect(meanSamplesStillNeeded({ mean: 6, sd: 0, n: 5, goal: 5.5, minSamples: 5 })).toEqual({ kind: 'settled' });
  });

  it('never at this rate when the mean sits on the target', () => {
    expect(meanSamplesStillNeeded({ mean: 5.5, sd: 1, n: 12, goal: 5.5, minSamples: 5 })).toEqual({
      kind: 'never',
      reason: 'on_target',
    });
  });

  it('reaches the minimum sample size first, with one rating taking the spread as unknown (0)', () => {
    expect(meanSamplesStillNeeded({ mean: 6, sd: null, n: 1, goal: 5.5, minSamples: 5 })).toEqual({
      kind: 'more',
      count: 4,
    });
  });
});
