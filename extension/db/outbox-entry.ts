import { z } from 'zod';
import { idSchema, isoDateTimeSchema, revSchema } from '../../shared/schemas/index.ts';

/** Record types the outbox can carry; the same discriminant the push protocol uses. */
export const OUTBOX_RECORD_TYPES = ['walkthrough'] as const;

/** Why the server refused an entry's record: the push result's reason (`<code>: <text>`), as it came. */
export const outboxRejectionSchema = z.strictObject({
  reason: z.string().max(2000),
  /** The rev that was refused: a newer local edit is sent again, this one is not. */
  rev: revSchema,
  /** Wall-clock time, for display. */
  at: isoDateTimeSchema,
});

/**
 * One pending push: "record `recordId` at `rev` still has to reach the server". It points at the record
 * instead of copying it, so an edit before the push sends the newest rev and the outbox never holds a stale
 * twin. Local to the device (never on the wire), so the schema lives here rather than in shared/.
 */
export const outboxEntrySchema = z.strictObject({
  /** Auto-incremented by IndexedDB: push order that does not depend on a wall clock that can jump. */
  seq: z.int().min(1),
  type: z.enum(OUTBOX_RECORD_TYPES),
  recordId: idSchema,
  rev: revSchema,
  /** Wall-clock time for display ("waiting since…"), never for ordering. */
  queuedAt: isoDateTimeSchema,
  /**
   * Set (database version 3) when the server rejected this rev: the entry "needs attention" and is not pushed
   * again until the sampler retries it or discards the record. Sending it unchanged could not succeed.
   */
  rejection: outboxRejectionSchema.optional(),
});
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;
