import { z } from 'zod';
import { idSchema } from '../../shared/schemas/common.ts';
import { pageTimingsSchema } from '../../shared/schemas/evidence.ts';
import { pageUrlSchema } from '../../shared/schemas/page-url.ts';
import { MAX_DELIVERY_SEQ } from '../db/applied-delivery.ts';
import { syncProblemSchema } from '../db/sync-state.ts';
import type { SyncOutcome } from '../sync/run-sync.ts';

/** Who may send a message: the extension's own pages (side panel, popup, options), or its content script. */
export type SenderKind = 'extension-page' | 'content-script';

/** Clicks or key presses counted in one flush (about a second); far above what a person can do. */
const effortDeltaSchema = z.int().min(0).max(10_000);

/**
 * Which message of which content-script instance this is (see recorder/deliveries.ts): the background applies
 * each at most once and in order, and acknowledges it (a reply other than `failed`) only after the transaction
 * that applied it has committed. The content script keeps and resends a message until then.
 */
const deliverySchema = z.strictObject({
  instance: idSchema,
  seq: z.int().min(1).max(MAX_DELIVERY_SEQ),
  acked: z.int().min(0).max(MAX_DELIVERY_SEQ),
});

/**
 * Every message the background accepts, with who may send it. A message is parsed with its schema
 * (strict: an unknown key is refused, not ignored) before any handler sees it.
 *
 * Content scripts run in web pages, so the page can influence what they observe: they may only report
 * evidence (a page visit, its timings, effort counts), never start, stop or read a recording.
 */
export const MESSAGES = {
  /** A page the sampler reached: a full load, a same-document (SPA) navigation, or a tab open at start. */
  'page-visit': {
    from: 'content-script',
    schema: z.strictObject({
      type: z.literal('page-visit'),
      /** A UUIDv7 made by the content script, so later timings update this visit. */
      visitId: idSchema,
      /** Already stripped of query and fragment by the content script; refused if it is not. */
      url: pageUrlSchema,
      timings: pageTimingsSchema,
      /**
       * False for a page that was already open when the recording started: the background does not list it
       * (nor its old timings); it lists the tab once the sampler switches to it (evidence/background-evidence.ts).
       */
      navigated: z.boolean(),
      delivery: deliverySchema.optional(),
    }),
  },
  /** Load timings of an earlier visit, sent as the browser reports them (LCP, CLS and INP arrive late). */
  'page-timings': {
    from: 'content-script',
    schema: z.strictObject({
      type: z.literal('page-timings'),
      visitId: idSchema,
      timings: pageTimingsSchema,
      delivery: deliverySchema.optional(),
    }),
  },
  /** Counts only: never which key, never what was clicked. */
  effort: {
    from: 'content-script',
    schema: z.strictObject({
      type: z.literal('effort'),
      clicks: effortDeltaSchema,
      keyPresses: effortDeltaSchema,
      /**
       * The top frame's own address (stripped) when the counts were sent: a tab open before Start is listed
       * at its first click or key press under this address, which a link's navigation cannot have changed
       * yet. Frames send none (their address is not the page's).
       */
      url: pageUrlSchema.optional(),
      delivery: deliverySchema.optional(),
    }),
  },
  /**
   * An extension page started, finished, reopened, completed or discarded a recording: the background wakes
   * and brings evidence capture in line with IndexedDB. With `steps`, only the step marks changed (a mark or an
   * undo in the side panel): the background updates the toolbar badge and has nothing to sync.
   */
  'recording-changed': {
    from: 'extension-page',
    schema: z.strictObject({ type: z.literal('recording-changed'), steps: z.literal(true).optional() }),
  },
  /**
   * The options page paired this device: the background runs the first sync (it pulls the team's catalog),
   * not the page, so a page closed mid-sync cannot leave its sync lease blocking "Sync now" until it expires.
   * Answered with that sync's outcome (PairedReply) once it has run.
   */
  paired: {
    from: 'extension-page',
    schema: z.strictObject({ type: z.literal('paired') }),
  },
} as const satisfies Record<string, { from: SenderKind; schema: z.ZodType<{ type: string }> }>;

export type MessageType = keyof typeof MESSAGES;
export type MessageOf<T extends MessageType> = z.infer<(typeof MESSAGES)[T]['schema']>;
export type Message = { [T in MessageType]: MessageOf<T> }[MessageType];
/** Messages a content script may send. */
export type ContentScriptMessage = Extract<Message, { type: ContentScriptMessageType }>;
export type ContentScriptMessageType = {
  [T in MessageType]: (typeof MESSAGES)[T]['from'] extends 'content-script' ? T : never;
}[MessageType];

export const REFUSAL_CODES = ['invalid', 'forbidden', 'failed'] as const;

/**
 * Every reply. `capturing` tells a content script whether a recording still wants evidence; when it is
 * false the script stops itself. A refusal says why, never what exists.
 */
export const messageResponseSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), capturing: z.boolean() }),
  z.strictObject({ ok: z.literal(false), code: z.enum(REFUSAL_CODES) }),
]);
export type MessageResponse = z.infer<typeof messageResponseSchema>;

const countSchema = z.int().min(0).max(1_000_000);

/** The reply to `paired`: what the sync the background ran then did (sync/run-sync.ts's SyncOutcome). */
export const pairedReplySchema = z.strictObject({
  ok: z.literal(true),
  sync: z.discriminatedUnion('status', [
    z.strictObject({
      status: z.literal('synced'),
      pushed: countSchema,
      rejected: countSchema,
      pulled: countSchema,
      uploaded: countSchema,
      uploadsFailed: countSchema,
    }),
    z.strictObject({ status: z.literal('skipped'), why: z.enum(['not-paired', 'busy', 'backing-off', 'blocked']) }),
    z.strictObject({ status: z.literal('failed'), problem: syncProblemSchema, message: z.string().max(2000) }),
  ]) satisfies z.ZodType<SyncOutcome>,
});
export type PairedReply = z.infer<typeof pairedReplySchema>;
