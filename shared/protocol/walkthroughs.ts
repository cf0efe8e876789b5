import { z } from 'zod';
import { idSchema, isoDateTimeSchema } from '../schemas/common.ts';
import { OUTCOMES, walkthroughSchema } from '../schemas/walkthrough.ts';

/**
 * Reading walkthroughs over REST (`/api/v1/walkthroughs`), for the dashboard; the extension syncs its own by
 * push and pull instead. Who sees what: a lead or admin every walkthrough of their team; staff their own and
 * those a lead has shared. Anything else, another team's above all, is answered 404 like a missing id.
 *
 * - `GET /walkthroughs?journeyId&samplerId&outcome&from&to&limit&cursor`: newest start first, one page.
 * - `GET /walkthroughs/:id`: one item.
 * - `PUT /walkthroughs/:id/sharing` with `{ shared }` (lead, admin): shares it with the team's staff or stops
 *   sharing it; answers the updated item. Sharing again, or unsharing what is not shared, changes nothing.
 * - `POST /walkthroughs/remove` with `{ ids }` (lead, admin): takes them off the team's record and its scores.
 */

export const DEFAULT_WALKTHROUGH_LIST_LIMIT = 50;
/** One walkthrough may hold thousands of marks and notes: a page also stops at a byte budget the server sets. */
export const MAX_WALKTHROUGH_LIST_LIMIT = 100;

/** Opaque to the client: it hands back the `next` it was given, unchanged, to get the following page. */
export const walkthroughListCursorSchema = z.string().min(1).max(200);

/** A query parameter holding a whole number: digits only (no sign, exponent, spaces or leading zeros). */
const limitParamSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,5}$/, `a whole number from 1 to ${MAX_WALKTHROUGH_LIST_LIMIT}`)
  .transform(Number)
  .pipe(z.int().min(1).max(MAX_WALKTHROUGH_LIST_LIMIT));

/**
 * The list's filters, all optional and combined with "and". `from` and `to` bound `startedAt` as a half-open
 * range, `from` <= startedAt < `to`, in the stored format (UTC, milliseconds), so weeks tile without overlap.
 */
export const walkthroughListQuerySchema = z.strictObject({
  journeyId: idSchema.optional(),
  /** The owner: the user who pushed the walkthrough (not the record's own, possibly null, `samplerId`). */
  samplerId: idSchema.optional(),
  outcome: z.enum(OUTCOMES).optional(),
  from: isoDateTimeSchema.optional(),
  to: isoDateTimeSchema.optional(),
  limit: limitParamSchema.optional(),
  cursor: walkthroughListCursorSchema.optional(),
});
export type WalkthroughListQuery = z.input<typeof walkthroughListQuerySchema>;

/**
 * A walkthrough as the server holds it: the record exactly as the sampler's device sent it (the same JSON, rev
 * for rev), and beside it what only the server knows. The record's own `samplerId` may be null (recorded
 * before pairing); `samplerId` here is the owner the server recorded from the pushing token.
 */
export const walkthroughItemSchema = z.strictObject({
  record: walkthroughSchema,
  samplerId: idSchema.nullable(),
  /** Visible to the team's staff, not only to its owner and the leads. */
  shared: z.boolean(),
  /** When and by whom it was shared; both null while it is not. */
  sharedAt: isoDateTimeSchema.nullable(),
  sharedBy: idSchema.nullable(),
});
export type WalkthroughItem = z.infer<typeof walkthroughItemSchema>;

export const walkthroughListResponseSchema = z.strictObject({
  items: z.array(walkthroughItemSchema).max(MAX_WALKTHROUGH_LIST_LIMIT),
  /** Pass as `cursor` for the next page; null when this page is the last. */
  next: walkthroughListCursorSchema.nullable(),
});
export type WalkthroughListResponse = z.infer<typeof walkthroughListResponseSchema>;

/** `PUT /walkthroughs/:id/sharing`: the state wanted, not a toggle, so a retried request means the same. */
export const walkthroughSharingRequestSchema = z.strictObject({ shared: z.boolean() });
export type WalkthroughSharingRequest = z.infer<typeof walkthroughSharingRequestSchema>;

/** The most walkthroughs one removal names: a push batch's worth, so a request stays small and one transaction. */
export const MAX_WALKTHROUGH_REMOVALS = 500;

/**
 * `POST /walkthroughs/remove` (lead, admin): takes walkthroughs off the team's record, and so out of its scores.
 * All or nothing: if any id is not one of the team's walkthroughs (another team's looks like a missing one), the
 * answer is 404 and nothing is removed. An id the team already removed is not an error (a retried request means
 * the same). A removed walkthrough stays removed: a device that pushes it again is answered `duplicate`.
 */
export const walkthroughRemovalRequestSchema = z.strictObject({
  ids: z.array(idSchema).min(1).max(MAX_WALKTHROUGH_REMOVALS),
});
export type WalkthroughRemovalRequest = z.infer<typeof walkthroughRemovalRequestSchema>;

export const walkthroughRemovalResponseSchema = z.strictObject({
  /** Removed by this request. */
  removed: z.array(idSchema).max(MAX_WALKTHROUGH_REMOVALS),
  /** Removed before it (a retry, or another lead). */
  alreadyRemoved: z.array(idSchema).max(MAX_WALKTHROUGH_REMOVALS),
});
export type WalkthroughRemovalResponse = z.infer<typeof walkthroughRemovalResponseSchema>;
