import { z } from 'zod';
import { idSchema, isoDateTimeSchema } from '../../shared/schemas/index.ts';

/**
 * How a screenshot's upload ended; a screenshot with no row is still to be uploaded.
 * - uploaded: the server holds all of it (its SHA-256 matched): never sent again;
 * - failed: the server refused it for good (too large, not an image, …): needs attention, not retried on its own;
 * - discarded: the sampler chose not to upload it after a failure; the screenshot stays on this device.
 */
export const SCREENSHOT_UPLOAD_STATES = ['uploaded', 'failed', 'discarded'] as const;

/**
 * A row of the `attachmentUploads` table (database version 5; `db.screenshotUploads` in code). Kept apart from
 * the screenshot row so that recording an outcome never rewrites a row holding megabytes of Blob. How far an unfinished upload got is not
 * kept here: the server's offset is the truth (it may hold a chunk whose answer never arrived), and the upload
 * asks for it whenever it starts or resumes. Local to the device, so the schema lives here rather than in shared/.
 */
export const screenshotUploadSchema = z.strictObject({
  /** The screenshot's id (a stored field: its name stays). */
  attachmentId: idSchema,
  /** The walkthrough it belongs to (the screenshot's `recordingId`), for the needs-attention list. */
  walkthroughId: idSchema,
  state: z.enum(SCREENSHOT_UPLOAD_STATES),
  /** failed: why, as the server (or this device) said it. */
  reason: z.string().max(2000).optional(),
  /** Wall-clock time of the outcome, for display. */
  at: isoDateTimeSchema,
});
export type ScreenshotUpload = z.infer<typeof screenshotUploadSchema>;
