import type { SyncOutcome } from '../sync/run-sync.ts';
import { type PairedReply, pairedReplySchema } from './protocol.ts';

/**
 * What the options page learns of the sync run after pairing: its outcome, or `unanswered` when no reply came
 * (the background was stopped mid-sync): whether the team's journeys arrived is then not known.
 */
export type PairedOutcome = SyncOutcome | { status: 'unanswered' };

/** pairedReplySchema's bound on a failure's message (a whole error page or stack would otherwise fill the reply). */
const MAX_MESSAGE_CHARS = 2000;

/**
 * The background's reply to `paired`. A failure's message is cut to the reply's bound: an over-long one (a
 * server's error text, say) would make the whole reply unreadable, and the page would lose which failure it was.
 */
export const pairedReply = (sync: SyncOutcome): PairedReply => {
  if (sync.status !== 'failed' || sync.message.length <= MAX_MESSAGE_CHARS) return { ok: true, sync };
  return { ok: true, sync: { ...sync, message: `${sync.message.slice(0, MAX_MESSAGE_CHARS - 1)}…` } };
};

/**
 * The options page's reading of that reply: none (undefined: the background stopped before answering) is
 * `unanswered`, not a sync under way; one that does not parse is a failure.
 */
export const readPairedReply = (reply: unknown): PairedOutcome => {
  if (reply === undefined) return { status: 'unanswered' };
  const parsed = pairedReplySchema.safeParse(reply);
  return parsed.success
    ? parsed.data.sync
    : { status: 'failed', problem: 'failed', message: 'The extension could not run the first sync.' };
};
