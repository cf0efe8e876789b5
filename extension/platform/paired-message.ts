import { browser } from 'wxt/browser';
import { type PairedOutcome, readPairedReply } from '../messaging/paired-reply.ts';

/**
 * Tells the background this device was just paired; it runs the first sync (see `paired` in
 * messaging/protocol.ts) and answers with that sync's outcome once it has run. No answer (the background
 * stopped meanwhile) reads as an unknown outcome; an unreadable one as a failure (messaging/paired-reply.ts).
 * Kept apart from runtime-messages.ts, which the content script bundles, so this reply's schema stays out of it.
 */
export const announcePaired = async (): Promise<PairedOutcome> => {
  let reply: unknown;
  try {
    reply = await browser.runtime.sendMessage({ type: 'paired' });
  } catch {
    reply = undefined;
  }
  return readPairedReply(reply);
};
