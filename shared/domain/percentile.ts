/**
 * Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it.
 * Chosen over interpolation because it always returns a duration that was actually observed, and because it
 * makes the SLA check exact: with "90% within T", attainment >= 90% iff p90 <= T (when all samples count).
 *
 * @param samples any order; not modified
 * @param p percent in (0, 100]; values outside are clamped to the first or last rank
 * @returns null for no samples: there is no percentile of nothing
 *
 * @example percentile([15, 20, 35, 40, 50], 30) // 20 (rank ceil(0.3 * 5) = 2)
 */
export const percentile = (samples: readonly number[], p: number): number | null => {
  const n = samples.length;
  if (n === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  // p * n before dividing: with integer p (50, 90, 95) the product is exact, so ceil() never sees 63.00000000000001
  // where the rank is exactly 63 (0.9 * 70 in floating point).
  const rank = Math.min(n, Math.max(1, Math.ceil((p * n) / 100)));
  return sorted[rank - 1] ?? null;
};

/** The median as used everywhere in scoring: nearest-rank p50, so it always equals the p50 shown beside it. */
export const median = (samples: readonly number[]): number | null => percentile(samples, 50);
