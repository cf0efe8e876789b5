import { z } from 'zod';

/** Client-generated record id. UUIDv7 so ids sort by creation time and never need a server round trip. */
export const idSchema = z
  .uuidv7()
  // One spelling per id: `…0A` and `…0a` would otherwise be two records in a case-sensitive store.
  .regex(/^[0-9a-f-]+$/, 'ids must be lowercase');

/** Increases on every local edit; the server keeps the highest rev it has seen for an id. */
export const revSchema = z.int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Wall-clock instant for display and grouping, never for durations. Always UTC with offset `Z`. */
export const isoDateTimeSchema = z.iso.datetime({ offset: false, precision: 3 });

/** Milliseconds on a monotonic clock, relative to the start of a walkthrough. 31 days bounds a sane walkthrough. */
export const MAX_DURATION_MS = 31 * 24 * 60 * 60 * 1000;
export const durationMsSchema = z.int().min(0).max(MAX_DURATION_MS);

export const nameSchema = z.string().trim().min(1).max(200);
export const shortTextSchema = z.string().trim().max(500);
export const longTextSchema = z.string().max(5000);

/** A share between 0 and 1, e.g. "90% of walkthroughs" is 0.9. */
export const shareSchema = z.number().min(0).max(1);
