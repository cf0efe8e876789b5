import { browser } from 'wxt/browser';
import type { Message, MessageResponse, PairedReply } from '../messaging/protocol.ts';
import type { MessageRouter } from '../messaging/router.ts';
import type { ExtensionIdentity } from '../messaging/sender.ts';

/** This extension's id and origin, for the router's sender checks. */
export const extensionIdentity = (): ExtensionIdentity => ({
  id: browser.runtime.id,
  origin: browser.runtime.getURL('/').replace(/\/$/, ''),
});

/**
 * Connects the router to runtime.onMessage. The listener answers through sendResponse and returns true
 * (keep the channel open) rather than returning a Promise: in Chromium 156 a listener that returns a Promise
 * makes the sender receive `undefined` (see the handbook's Known traps).
 */
export const listenForMessages = (route: MessageRouter): void => {
  browser.runtime.onMessage.addListener(
    (message: unknown, sender, sendResponse: (response: MessageResponse | PairedReply) => void) => {
      void route(message, sender).then(sendResponse);
      return true;
    },
  );
};

/**
 * The reply checked by hand rather than with messageResponseSchema: this module is part of the content
 * script, which must stay small, and zod would be most of it.
 */
const readResponse = (reply: unknown): MessageResponse | undefined => {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) return undefined;
  if (reply.ok === true && 'capturing' in reply && typeof reply.capturing === 'boolean') {
    return { ok: true, capturing: reply.capturing };
  }
  if (reply.ok !== false || !('code' in reply)) return undefined;
  const { code } = reply;
  return code === 'invalid' || code === 'forbidden' || code === 'failed' ? { ok: false, code } : undefined;
};

/** Sends a message to the background; resolves with its reply, or undefined when none came (it was stopping). */
export const sendToBackground = async (message: Message): Promise<MessageResponse | undefined> => {
  try {
    return readResponse(await browser.runtime.sendMessage(message));
  } catch {
    return undefined;
  }
};

/**
 * Tells the background that the recording changed (started, finished, reopened, completed, discarded) so it
 * registers or removes evidence capture now. Call it after each of those recorder calls resolves. Waking the
 * background is the point: it may be stopped, and a message is what starts it.
 */
export const announceRecordingChanged = (): Promise<MessageResponse | undefined> =>
  sendToBackground({ type: 'recording-changed' });
