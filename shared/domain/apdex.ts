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

export type ApdexZone = 'satisfied' | 'tolerating' | 'frustrated';

/**
 * Where one completed walkthrough's duration falls: satisfied t <= T, tolerating T < t <= 4T, frustrated
 * t > 4T. A walkthrough that did not complete is frustrated whatever its time (the caller does not ask).
 */
export const apdexZone = (durationMs: number, tMs: number): ApdexZone =>
  durationMs <= tMs ? 'satisfied' : durationMs <= 4 * tMs ? 'tolerating' : 'frustrated';

export type ApdexCounts = {
  /** Every walkthrough scored, completed or not. */
  readonly n: number;
  readonly satisfied: number;
  readonly tolerating: number;
  readonly tMs: number;
  readonly clock: DurationClock;
  readonly minSamples: number;
};

/**
 * Apdex_T = (satisfied + tolerating / 2) / n from the zone counts (see apdexZone); the rest of n, including
 * every walkthrough that did not complete, is frustrated. Below minSamples the band reads `not_enough_data`:
 * one quick walkthrough is not "excellent". The score itself is still shown, with its n.
 *
 * @returns score null when n is 0; T and its clock always, so the UI can print "0.82 [180 s active]"
 */
export const apdexScore = ({ n, satisfied, tolerating, tMs, clock, minSamples }: ApdexCounts): ApdexScore => {
  // (2S + Tol) / 2n rather than (S + Tol/2) / n: the same number, with one rounding instead of three.
  const score = n === 0 ? null : (2 * satisfied + tolerating) / (2 * n);
  const band = score === null || n < minSamples ? 'not_enough_data' : apdexBand(score);
  return { n, tMs, clock, satisfied, tolerating, frustrated: n - satisfied - tolerating, score, band };
};
