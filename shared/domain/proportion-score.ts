import type { ProportionScore } from '../schemas/scorecard.ts';
import { proportionInterval } from './proportion-interval.ts';

/** count of n as a share with its adjusted Wald interval; value and interval are null when n is 0. */
export const proportionScore = (count: number, n: number): ProportionScore => ({
  n,
  count,
  value: n === 0 ? null : count / n,
  interval: proportionInterval(count, n),
});
