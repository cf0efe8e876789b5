import { z } from 'zod';
import { idSchema, revSchema } from '../schemas/common.ts';
import { walkthroughSchema } from '../schemas/walkthrough.ts';

export const MAX_PUSH_RECORDS = 500;
export const MAX_PUSH_BYTES = 1024 * 1024;

/**
 * One push: a batch from the client's outbox. Records are not validated here one by one: the server parses
 * each separately so one bad record is rejected on its own and the rest of the batch still lands.
 */
export const pushRequestSchema = z.strictObject({
  /** 1 or 2 (version.ts): a push is the same in both. */
  protocolVersion: z.int().min(1),
  /**
   * Identifies the device (one extension install). The server stores it with each record it accepts, so that
   * device's pulls (protocol 2, which name it) leave those records out.
   */
  clientId: idSchema,
  records: z
    // `type` is any short name here: a record of a type this server does not know (from a newer client) is
    // rejected on its own by the per-record parse below, not by failing the whole batch.
    .array(z.strictObject({ type: z.string().min(1).max(50), data: z.unknown() }))
    .min(1)
    .max(MAX_PUSH_RECORDS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/** A record as it travels once parsed: the discriminant leaves room for more record types later. */
export const pushRecordSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('walkthrough'), data: walkthroughSchema }),
]);
export type PushRecord = z.infer<typeof pushRecordSchema>;

export const PUSH_STATUSES = ['accepted', 'duplicate', 'rejected'] as const;

/**
 * Per record: `accepted` (stored), `duplicate` (the server already has this rev or a newer one; nothing
 * changed), `rejected` with a reason (the client keeps it and shows it as needing attention).
 * A walkthrough a lead removed from the team's record (`POST /walkthroughs/remove`) is answered `duplicate` with
 * the rev sent, whatever the rev: the server has settled it, and nothing is stored again.
 */
export const pushResultSchema = z.strictObject({
  /** Null when the record was too malformed to carry an id; `index` still points at it. */
  id: idSchema.nullable(),
  index: z.int().min(0),
  status: z.enum(PUSH_STATUSES),
  rev: revSchema.optional(),
  reason: z.string().max(2000).optional(),
});
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z.strictObject({
  /** The request's: a push body is the same in protocols 1, 2 and 3, and the server answers in the version asked. */
  protocolVersion: z.int().min(1),
  results: z.array(pushResultSchema).max(MAX_PUSH_RECORDS),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;
