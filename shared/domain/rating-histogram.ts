/** An integer rating scale, e.g. 1–7. */
export type RatingScale = { readonly min: number; readonly max: number };

/**
 * Counts of each point of an integer rating scale, index 0 counting `scale.min`. Every rating score is taken
 * from these counts, in the extension and on the server alike, so a rollup's histogram and a list of ratings
 * give the same digits (the same sums in the same order).
 *
 * @throws RangeError for a rating off the scale or not a whole number: the schemas never let one through, so it
 *   is a caller bug, and dropping it silently would change n
 */
export const ratingHistogram = (ratings: readonly number[], scale: RatingScale): number[] => {
  const counts = Array.from({ length: scale.max - scale.min + 1 }, () => 0);
  for (const r of ratings) {
    if (!Number.isInteger(r) || r < scale.min || r > scale.max) {
      throw new RangeError(`rating ${r} is not a point of the ${scale.min}–${scale.max} scale`);
    }
    counts[r - scale.min] = (counts[r - scale.min] ?? 0) + 1;
  }
  return counts;
};

/** Ratings counted: the sum of a histogram. */
export const histogramN = (counts: readonly number[]): number => counts.reduce((sum, c) => sum + c, 0);

/** Ratings at or above `min`. */
export const countAtLeast = (counts: readonly number[], scale: RatingScale, min: number): number =>
  counts.reduce((sum, c, i) => (i + scale.min >= min ? sum + c : sum), 0);
