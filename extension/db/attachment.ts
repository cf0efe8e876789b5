import { z } from 'zod';
import { idSchema, isoDateTimeSchema } from '../../shared/schemas/index.ts';

/** Screenshots are PNG or JPEG captures of the visible tab (tabs.captureVisibleTab). */
export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg'] as const;

/** 20 MB bounds a capture of the largest screen; anything bigger is a bug, not a screenshot. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/**
 * A local file attached to a note or pain point (a screenshot), in the Dexie table `attachments`. Kept
 * beside the record rather than inside it so listing walkthroughs never loads images. Local to the device.
 * `recordingId` is the id of the recording, which becomes the walkthrough's id when it is completed.
 */
export const attachmentSchema = z.strictObject({
  id: idSchema,
  recordingId: idSchema,
  blob: z.instanceof(Blob),
  type: z.enum(ATTACHMENT_TYPES),
  bytes: z.int().min(0).max(MAX_ATTACHMENT_BYTES),
  /** Wall-clock time, for display. */
  createdAt: isoDateTimeSchema,
});
export type Attachment = z.infer<typeof attachmentSchema>;
