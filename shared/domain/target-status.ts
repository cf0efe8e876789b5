import type { Interval, TargetStatus } from '../schemas/scorecard.ts';

export type TargetStatusInput = {
  /** Observations behind the estimate. */
  readonly n: number;
  /** The estimate's 95% interval; null when there is no estimate. */
  readonly interval: Interval | null;
  /** The SLA's minimum (a share, or a mean on the rating scale); undefined or null when the SLA names none. */
  readonly goal: number | null | undefined;
  readonly minSamples: number;
};

/**
 * Judge an estimate against a minimum target, one rule for shares and means alike: `met` only when even the
 * interval's low end reaches the target, `breached` only when even its high end falls short, `at_risk` while
 * the target is inside the interval — so a handful of lucky samples cannot turn a target green.
 * The SLA-absent case comes first (an absent target is "no target", never met); then too few observations.
 */
export const targetStatus = ({ n, interval, goal, minSamples }: TargetStatusInput): TargetStatus => {
  if (goal === null || goal === undefined) return 'no_target';
  if (n < minSamples || interval === null) return 'not_enough_data';
  if (interval.low >= goal) return 'met';
  if (interval.high < goal) return 'breached';
  return 'at_risk';
};
