import { describe, expect, it } from 'vitest';
import { targetStatus } from './target-status.ts';

describe('targetStatus', () => {
  it.each([
    { low: 0.9, high: 0.99, goal: 0.9, expected: 'met' }, // lower bound exactly on target
    { low: 0.91, high: 0.99, goal: 0.9, expected: 'met' },
    { low: 0.89, high: 0.99, goal: 0.9, expected: 'at_risk' },
    { low: 0.5, high: 0.9, goal: 0.9, expected: 'at_risk' }, // upper bound exactly on target: not breached
    { low: 0.5, high: 0.8999, goal: 0.9, expected: 'breached' },
    { low: 5.2, high: 6.1, goal: 5.5, expected: 'at_risk' }, // a mean on the 1–7 scale, same rule
    { low: 5.6, high: 6.1, goal: 5.5, expected: 'met' },
  ] as const)('[$low, $high] against $goal is $expected', ({ low, high, goal, expected }) => {
    expect(targetStatus({ n: 20, interval: { low, high }, goal, minSamples: 5 })).toBe(expected);
  });

  it('needs minSamples observations before judging', () => {
    const interval = { low: 0.95, high: 1 };
    expect(targetStatus({ n: 4, interval, goal: 0.9, minSamples: 5 })).toBe('not_enough_data');
    expect(targetStatus({ n: 5, interval, goal: 0.9, minSamples: 5 })).toBe('met');
  });

  it('reports an absent target as no_target, never as met, whatever the data', () => {
    expect(targetStatus({ n: 100, interval: { low: 1, high: 1 }, goal: undefined, minSamples: 5 })).toBe('no_target');
    expect(targetStatus({ n: 0, interval: null, goal: null, minSamples: 5 })).toBe('no_target');
  });

  it('has not enough data without an interval', () => {
    expect(targetStatus({ n: 0, interval: null, goal: 0.9, minSamples: 1 })).toBe('not_enough_data');
  });
});
