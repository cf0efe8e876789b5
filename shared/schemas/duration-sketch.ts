import { z } from 'zod';
import { durationMsSchema } from './common.ts';

/**
 * A mergeable summary of many durations (ms), for percentiles over rollups. Exact while small: up to
 * EXACT_SKETCH_LIMIT values are kept, sorted, so a day of one journey (a handful of walkthroughs) or a small
 * team's quarter answers to the millisecond. Beyond that it is a DDSketch (Masson, Rim & Lee, VLDB 2019):
 * logarithmic bins of ratio gamma = (1 + alpha) / (1 - alpha), so any quantile is within a guaranteed relative
 * error, whatever the distribution, and two sketches merge by adding bin counts. Plain JSON so a rollup row can
 * hold it as text.
 */

/** Values kept exactly before a sketch turns into a DDSketch. */
export const EXACT_SKETCH_LIMIT = 256;

/**
 * DDSketch relative accuracy. A bin's estimate is within alpha of every value in it; rounding the estimate to
 * whole milliseconds (durations are integers) can add as much again, so the bound on a reported quantile is
 * 2 alpha = 0.8%, under the 1% the issue asks for.
 */
export const SKETCH_ALPHA = 0.004;

/** Bins a DDSketch may hold: 31 days at alpha 0.004 needs about 2,700; the cap bounds a hostile body. */
export const MAX_SKETCH_BINS = 4096;

const countSchema = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

const isSorted = (values: readonly number[]): boolean => values.every((v, i) => i === 0 || (values[i - 1] ?? v) <= v);

export const exactSketchSchema = z.strictObject({
  kind: z.literal('exact'),
  /** Every duration, ascending. */
  values: z
    .array(durationMsSchema)
    .max(EXACT_SKETCH_LIMIT)
    .refine(isSorted, { message: 'an exact sketch keeps its values in ascending order' }),
});
export type ExactSketch = z.infer<typeof exactSketchSchema>;

const total = (counts: readonly number[]): number => counts.reduce((sum, c) => sum + c, 0);

export const ddSketchSchema = z
  .strictObject({
    kind: z.literal('ddsketch'),
    /** The accuracy the bins were made with: sketches of different accuracy cannot merge. */
    alpha: z.literal(SKETCH_ALPHA),
    count: countSchema,
    /** Durations of 0 ms (paused throughout): log(0) has no bin. */
    zeroCount: countSchema,
    /** Smallest and largest duration, exact: p0 and p100 need no estimate. */
    minMs: durationMsSchema,
    maxMs: durationMsSchema,
    /** Index of the first bin: ceil(log_gamma(ms)), 0 for 1 ms, never negative for whole milliseconds. */
    offset: z.int().min(0).max(1_000_000),
    /**
     * Counts of bins offset, offset + 1, ...: dense, because merging arrays is fast where objects keyed by
     * bin index are not. Trimmed (first and last non-zero), so equal sketches serialise to equal JSON.
     */
    bins: z.array(countSchema).max(MAX_SKETCH_BINS),
  })
  .refine((s) => s.bins.length === 0 || ((s.bins[0] ?? 0) > 0 && (s.bins.at(-1) ?? 0) > 0), {
    message: 'bins are trimmed: the first and last are not empty',
    path: ['bins'],
  })
  .refine((s) => s.bins.length > 0 || s.offset === 0, { message: 'no bins, no offset', path: ['offset'] })
  .refine((s) => s.minMs <= s.maxMs, { message: 'minMs must not exceed maxMs', path: ['maxMs'] })
  .refine((s) => s.count > EXACT_SKETCH_LIMIT, {
    message: `a sketch of at most ${EXACT_SKETCH_LIMIT} durations is kept exact`,
    path: ['count'],
  })
  .refine((s) => s.zeroCount + total(s.bins) === s.count, {
    message: 'zeroCount and the bins must add up to count',
    path: ['count'],
  });
export type DdSketch = z.infer<typeof ddSketchSchema>;

export const durationSketchSchema = z.discriminatedUnion('kind', [exactSketchSchema, ddSketchSchema]);
export type DurationSketch = z.infer<typeof durationSketchSchema>;

/** Durations summarised by a sketch; here so schemas that hold sketches can check their counts. */
export const sketchSize = (s: DurationSketch): number => (s.kind === 'exact' ? s.values.length : s.count);
