import type { Interval } from '../schemas/scorecard.ts';

/** Two-sided 95%. The handbook fixes 1.96 (not 1.959964...) so every client computes the same digits. */
export const Z_95 = 1.96;

/**
 * Adjusted Wald (Agresti–Coull) interval for x successes out of n: add z²/2 successes and z²/2 failures, then
 * take the Wald interval. Unlike the plain Wald interval it behaves at the small n and extreme shares typical of
 * manual sampling (4 of 5 gives about 0.36–0.98 rather than an absurd 0.45–1.15). Clipped to [0, 1].
 *
 * @returns null when n is 0: no observations bound nothing
 */
export const proportionInterval = (x: number, n: number): Interval | null => {
  if (n <= 0) return null;
  const z2 = Z_95 * Z_95;
  const nAdj = n + z2;
  const pAdj = (x + z2 / 2) / nAdj;
  const half = Z_95 * Math.sqrt((pAdj * (1 - pAdj)) / nAdj);
  return { low: Math.max(0, pAdj - half), high: Math.min(1, pAdj + half) };
};
