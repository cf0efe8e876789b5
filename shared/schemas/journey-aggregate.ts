import { z } from 'zod';
import { durationSketchSchema, sketchSize } from './duration-sketch.ts';

const countSchema = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** How many ratings of each value: index 0 counts the 1s. */
const histogramSchema = (points: 5 | 7) => z.array(countSchema).length(points);

/**
 * Everything a journey's scorecard core needs from a set of walkthroughs, as counts and sketches, so two
 * aggregates of disjoint sets add up to the aggregate of their union (`mergeAggregates`): a rollup per journey
 * per day merges into any period, and the extension's local scorecard goes through the very same shape.
 *
 * `withinTarget`, `apdexSatisfied` and `apdexTolerating` were counted against one set of targets (threshold,
 * Apdex T, clock): when the targets change they must be recounted. Everything else depends on no target.
 */
export const journeyAggregateSchema = z
  .strictObject({
    /** Walkthroughs with a measurable timeline. */
    n: countSchema,
    completed: countSchema,
    abandoned: countSchema,
    failed: countSchema,
    /** Completed, with the duration on the target's clock <= the duration threshold. */
    withinTarget: countSchema,
    /** Completed, duration on the target's clock <= Apdex T. */
    apdexSatisfied: countSchema,
    /** Completed, T < duration on the target's clock <= 4T. */
    apdexTolerating: countSchema,
    /** Active durations (pauses taken out) of the completed walkthroughs. */
    active: durationSketchSchema,
    /** Elapsed durations of the completed walkthroughs. */
    elapsed: durationSketchSchema,
    /** Counts of satisfaction ratings 1–5, whatever the outcome. */
    satisfaction: histogramSchema(5),
    /** Counts of SEQ ratings 1–7. */
    seq: histogramSchema(7),
    /** Counts of CES ratings 1–7. */
    ces: histogramSchema(7),
  })
  .refine((a) => a.completed + a.abandoned + a.failed === a.n, {
    message: 'completed, abandoned and failed must add up to n',
    path: ['n'],
  })
  .refine((a) => a.withinTarget <= a.completed && a.apdexSatisfied + a.apdexTolerating <= a.completed, {
    message: 'only completed walkthroughs can be within target or satisfied / tolerating',
    path: ['withinTarget'],
  })
  .refine((a) => sketchSize(a.active) === a.completed && sketchSize(a.elapsed) === a.completed, {
    message: 'each duration sketch holds one duration per completed walkthrough',
    path: ['active'],
  })
  .refine((a) => [a.satisfaction, a.seq, a.ces].every((h) => h.reduce((sum, c) => sum + c, 0) <= a.n), {
    message: 'at most one rating of each kind per walkthrough',
    path: ['satisfaction'],
  });
export type JourneyAggregate = z.infer<typeof journeyAggregateSchema>;
