import { z } from 'zod';
import { durationMsSchema, idSchema } from './common.ts';
import { pageUrlSchema } from './page-url.ts';

export const MAX_PAGE_VISITS = 5000;
export const MAX_INTERRUPTIONS = 200;

/** Ten minutes bounds any page timing worth keeping; a larger value is a measurement bug, not a slow page. */
const timingMsSchema = z
  .int()
  .min(0)
  .max(10 * 60 * 1000);

/**
 * Load timings of one page, as the browser measured them (Navigation Timing and web-vitals). Each is optional:
 * browsers expose different subsets, and LCP/CLS/INP arrive only once the page is hidden or left.
 */
export const pageTimingsSchema = z.strictObject({
  ttfbMs: timingMsSchema.optional(),
  domContentLoadedMs: timingMsSchema.optional(),
  loadMs: timingMsSchema.optional(),
  lcpMs: timingMsSchema.optional(),
  /** Cumulative Layout Shift is a unitless score; real pages stay well under 10. */
  cls: z.number().min(0).max(100).optional(),
  inpMs: timingMsSchema.optional(),
});
export type PageTimings = z.infer<typeof pageTimingsSchema>;

/** A page the sampler reached during the walkthrough. Its step is the one whose span contains `atMs`. */
export const pageVisitSchema = z.strictObject({
  /** Made by the content script per page load, so late web-vitals can update the right visit. */
  id: idSchema,
  url: pageUrlSchema,
  atMs: durationMsSchema,
  timings: pageTimingsSchema,
});
export type PageVisit = z.infer<typeof pageVisitSchema>;

const countSchema = z.int().min(0).max(10_000_000);

/** How much the sampler had to do in a step: counts only, never which keys or what content. */
export const effortSchema = z.strictObject({
  clicks: countSchema,
  keyPresses: countSchema,
  pageLoads: countSchema,
  tabSwitches: countSchema,
});
export type Effort = z.infer<typeof effortSchema>;
export const NO_EFFORT: Effort = { clicks: 0, keyPresses: 0, pageLoads: 0, tabSwitches: 0 };

/**
 * Time the extension could not watch on its monotonic clock, counted at wall-clock length and flagged so a
 * lead can judge the sample: the computer slept (the monotonic clock stops), or the browser restarted (a new
 * monotonic clock).
 */
export const interruptionSchema = z.strictObject({
  atMs: durationMsSchema,
  gapMs: durationMsSchema,
  kind: z.enum(['sleep', 'browser-restart']),
});
export type Interruption = z.infer<typeof interruptionSchema>;
