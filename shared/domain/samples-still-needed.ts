import type { SamplesNeeded } from '../schemas/scorecard.ts';
import { meanHalfWidth } from './mean-interval.ts';
import { SEVEN_POINT_SCALE } from './mean-rating-score.ts';
import { Z_95 } from './proportion-interval.ts';
import type { RatingScale } from './rating-histogram.ts';

/**
 * Beyond this many more walkthroughs the answer is "never at this rate": a result that close to its target
 * (0.8999 against 0.9) cannot be settled by sampling by hand, and saying "412,000 more" would be false precision.
 */
export const MAX_SAMPLES_STILL_NEEDED = 100_000;

/** Every m up to this is tried one by one, so the smallest m is exact where the interval is least regular. */
const LINEAR_SCAN = 2_000;

type Clears = (total: number) => boolean;

/**
 * The smallest m >= minMore with clears(n + m). m up to LINEAR_SCAN is tried one by one; beyond, the interval
 * narrows steadily with n (half-width ~ 1/sqrt(n), the centre converging), so the first m is found by
 * doubling and then bisection.
 */
const smallestMore = (n: number, minMore: number, clears: Clears): SamplesNeeded => {
  for (let m = Math.max(1, minMore); m <= Math.max(minMore, LINEAR_SCAN); m += 1) {
    if (m > MAX_SAMPLES_STILL_NEEDED) return { kind: 'never', reason: 'beyond_cap' };
    if (clears(n + m)) return { kind: 'more', count: m };
  }
  let low = Math.max(minMore, LINEAR_SCAN); // does not clear
  let high = low * 2;
  while (!clears(n + Math.min(high, MAX_SAMPLES_STILL_NEEDED))) {
    if (high >= MAX_SAMPLES_STILL_NEEDED) return { kind: 'never', reason: 'beyond_cap' };
    low = high;
    high *= 2;
  }
  high = Math.min(high, MAX_SAMPLES_STILL_NEEDED);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (clears(n + mid)) high = mid;
    else low = mid;
  }
  return { kind: 'more', count: high };
};

export type ProportionNeedInput = {
  /** Successes so far (completed, within target, rated 4–5). */
  readonly count: number;
  readonly n: number;
  /** The target share. */
  readonly goal: number;
  readonly minSamples: number;
};

/**
 * How many more observations, if they kept the observed rate count / n, until the adjusted-Wald interval (the
 * one target-status.ts judges) clears the goal either way: its low end reaches it (met) or its high end falls
 * below it (breached). At the rate p over N observations the interval is p' ± z·sqrt(p'(1−p')/(N + z²)) with
 * p' = (pN + z²/2)/(N + z²), clipped to [0, 1] — the same formula with pN successes.
 *
 * - `settled`: at least minSamples and the interval already clears the goal.
 * - `never` / `on_target`: the observed rate is the goal; the interval narrows around it and never clears.
 * - `never` / `beyond_cap`: more than MAX_SAMPLES_STILL_NEEDED.
 * - n = 0: there is no rate to extrapolate; the minimum sample size is the least that could settle it.
 */
export const samplesStillNeeded = ({ count, n, goal, minSamples }: ProportionNeedInput): SamplesNeeded => {
  if (n === 0) return { kind: 'more', count: minSamples };
  const rate = count / n;
  const z2 = Z_95 * Z_95;
  const clears: Clears = (total) => {
    const nAdj = total + z2;
    const pAdj = (rate * total + z2 / 2) / nAdj;
    const half = Z_95 * Math.sqrt((pAdj * (1 - pAdj)) / nAdj);
    return Math.max(0, pAdj - half) >= goal || Math.min(1, pAdj + half) < goal;
  };
  if (n >= minSamples && clears(n)) return { kind: 'settled' };
  if (rate === goal) return { kind: 'never', reason: 'on_target' };
  return smallestMore(n, minSamples - n, clears);
};

export type MeanNeedInput = {
  readonly mean: number;
  /** The ratings' sample standard deviation as the scorecard reports it; 0 (or null) for one rating. */
  readonly sd: number | null;
  readonly n: number;
  /** The target mean. */
  readonly goal: number;
  readonly minSamples: number;
  /** The rating scale the interval is clipped to; 1–7 (SEQ, CES) unless given. */
  readonly scale?: RatingScale;
};

/**
 * The same question for a mean rating: how many more ratings, at the observed mean and spread, until the
 * t-interval with Sheppard's 1/12 (mean-interval.ts) clears the goal either way. Same answers as
 * samplesStillNeeded; with one rating the spread is unknown and taken as 0 (the 1/12 alone).
 */
export const meanSamplesStillNeeded = ({
  mean,
  sd,
  n,
  goal,
  minSamples,
  scale = SEVEN_POINT_SCALE,
}: MeanNeedInput): SamplesNeeded => {
  if (n === 0) return { kind: 'more', count: minSamples };
  const spread = sd ?? 0;
  const clears: Clears = (total) => {
    if (total < 2) return false;
    const half = meanHalfWidth(total, spread);
    return Math.max(scale.min, mean - half) >= goal || Math.min(scale.max, mean + half) < goal;
  };
  if (n >= minSamples && clears(n)) return { kind: 'settled' };
  if (mean === goal) return { kind: 'never', reason: 'on_target' };
  return smallestMore(n, minSamples - n, clears);
};
