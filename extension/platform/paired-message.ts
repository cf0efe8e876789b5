import { browser } from 'wxt/browser';
import { pairedReplySchema } from '../messaging/protocol.ts';
import type { SyncOutcome } from '../sync/run-sync.ts';

/**
 * Tells the background this device was just paired; it runs the first sync (see `paired` in
 * messaging/protocol.ts) and answers with that sync's outcome once it has run. No answer (the background
 * stopped meanwhile) reads as a sync still under way; an unreadable one as a failure. Kept apart from
 * runtime-messages.ts, which the content script bundles, so this reply's schema stays out of it.
 */
export const announcePaired = async (): Promise<SyncOutcome> => {
  let reply: unknown;
  try {
    reply = await browser.runtime.sendMessage({ type: 'paired' });
  } catch {
    reply = undefined;
  }
  if (reply === undefined) return { status: 'skipped', why: 'busy' };
  const parsed = pairedReplySchema.safeParse(reply);
  return parsed.success
    ? parsed.data.sync
    : { status: 'failed', problem: 'failed', message: 'The extension could not run the first sync.' };
};
