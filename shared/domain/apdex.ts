import type { DurationClock } from '../schemas/journey-targets.ts';
import type { ApdexBand, ApdexScore } from '../schemas/scorecard.ts';

/** Lower bounds of each band, best first; below the last one is `unacceptable`. */
const APDEX_BAND_FLOORS: ReadonlyArray<readonly [ApdexBand, number]> = [
  ['excellent', 0.94],
  ['good', 0.85],
  ['fair', 0.7],
  ['poor', 0.5],
];

export const apdexBand = (score: number): ApdexBand =>
  APDEX_BAND_FLOORS.find(([, floor]) => score >= floor)?.[0] ?? 'unacceptable';

export type ApdexSample = {
  readonly activeMs: number;
  readonly completed: boolean;
};

/**
 * Apdex_T = (satisfied + tolerating / 2) / n, with satisfied t <= T, tolerating T < t <= 4T, frustrated
 * t > 4T. A walkthrough that did not complete is frustrated whatever its time: the customer never got there.
 *
 * @returns score and band null when n is 0; T is always returned so the UI can print "0.82 [180 s]"
 */
export const apdex = (
  samples: readonly ApdexSample[],
  tMs: number,
  { clock, minSamples }: { clock: DurationClock; minSamples: number } = { clock: 'active', minSamples: 1 },
): ApdexScore => {
  let satisfied = 0;
  let tolerating = 0;
  for (const s of samples) {
    if (!s.completed) continue;
    if (s.activeMs <= tMs) satisfied += 1;
    else if (s.activeMs <= 4 * tMs) tolerating += 1;
  }
  const n = samples.length;
  const frustrated = n - satisfied - tolerating;
  // (2S + Tol) / 2n rather than (S + Tol/2) / n: the same number, with one rounding instead of three.
  const score = n === 0 ? null : (2 * satisfied + tolerating) / (2 * n);
  const band = score === null || n < minSamples ? 'not_enough_data' : apdexBand(score);
  return { n, tMs, clock, satisfied, tolerating, frustrated, score, band };
};
