import { z } from 'zod';
import { idSchema, isoDateTimeSchema } from '../../shared/schemas/index.ts';
import { blobLikeSchema } from '../lib/blob-like.ts';

/** Screenshots are PNG or JPEG captures of the visible tab (tabs.captureVisibleTab). */
export const SCREENSHOT_TYPES = ['image/png', 'image/jpeg'] as const;

/** 20 MB bounds a capture of the largest screen; anything bigger is a bug, not a screenshot. */
export const MAX_SCREENSHOT_BYTES = 20 * 1024 * 1024;

/**
 * A screenshot attached to a note or pain point, in the Dexie table `attachments` (`db.screenshots` in code).
 * Kept beside the record rather than inside it so listing walkthroughs never loads images. Local to the device.
 * `recordingId` is the id of the recording, which becomes the walkthrough's id when it is completed.
 */
export const screenshotSchema = z.strictObject({
  id: idSchema,
  recordingId: idSchema,
  blob: z.instanceof(Blob),
  type: z.enum(SCREENSHOT_TYPES),
  bytes: z.int().min(0).max(MAX_SCREENSHOT_BYTES),
  /** Wall-clock time, for display. */
  createdAt: isoDateTimeSchema,
});
export type Screenshot = z.infer<typeof screenshotSchema>;

/** A stored screenshot as read back, with the realm-independent Blob check (see lib/blob-like.ts). */
export const storedScreenshotSchema = screenshotSchema.extend({ blob: blobLikeSchema });
