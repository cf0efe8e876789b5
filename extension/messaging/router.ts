import {
  type ContentScriptMessageType,
  MESSAGES,
  type MessageOf,
  type MessageResponse,
  type MessageType,
  type PairedReply,
} from './protocol.ts';
import {
  type ContentScriptSender,
  type ExtensionIdentity,
  type ExtensionPageSender,
  identifySender,
  type SenderLike,
} from './sender.ts';

type SenderFor<T extends MessageType> = T extends ContentScriptMessageType ? ContentScriptSender : ExtensionPageSender;

/** One handler per message type: the background registers every one, so an unhandled type cannot exist. */
export type MessageHandlers = {
  [T in MessageType]: (message: MessageOf<T>, sender: SenderFor<T>) => Promise<ReplyTo<T>>;
};

/** What a message of type T is answered with: `paired` with its sync's outcome, every other one alike. */
export type ReplyTo<T extends MessageType> = T extends 'paired' ? PairedReply : MessageResponse;

/** Returns a reply for every input; never throws, never rejects. */
export type MessageRouter = (message: unknown, sender: SenderLike) => Promise<MessageResponse | PairedReply>;

const isMessageType = (type: unknown): type is MessageType => typeof type === 'string' && Object.hasOwn(MESSAGES, type);

/**
 * Rules beyond the sender's kind, per message. Page visits and their timings describe the tab's page, so they
 * must come from its top frame and name that frame's own origin: a frame of another site cannot report
 * visits to pages it is not on. Effort may come from any frame (portals often work inside iframes); an
 * effort report that names a page (the first click's address, which the background may list as a visit) is
 * held to the page-visit rule, so a frame of another site cannot name a page through it either.
 */
const contentScriptMayReport = (message: MessageOf<ContentScriptMessageType>, sender: ContentScriptSender): boolean => {
  const namedPage = message.type === 'page-timings' ? undefined : message.url;
  if (message.type === 'effort' && namedPage === undefined) return true;
  if (sender.frameId !== 0) return false;
  return namedPage === undefined || new URL(namedPage).origin === new URL(sender.url).origin;
};

const refuse = (code: 'invalid' | 'forbidden' | 'failed'): MessageResponse => ({ ok: false, code });

/**
 * The background's single entry point for runtime messages: identify the sender, parse the message with its
 * schema, check that this kind of sender may send it, then call its handler.
 *
 * @example
 * const route = createMessageRouter({ id: browser.runtime.id, origin }, handlers);
 * await route({ type: 'effort', clicks: 2, keyPresses: 0 }, sender); // { ok: true, capturing: true }
 */
export const createMessageRouter =
  (extension: ExtensionIdentity, handlers: MessageHandlers): MessageRouter =>
  async (raw, senderLike) => {
    const sender = identifySender(senderLike, extension);
    if (!sender) return refuse('forbidden');
    const type: unknown = typeof raw === 'object' && raw !== null && 'type' in raw ? raw.type : undefined;
    if (!isMessageType(type)) return refuse('invalid');
    const entry = MESSAGES[type];
    // Checked before parsing: a web page learns nothing about what an extension-page message looks like.
    if (entry.from !== sender.kind) return refuse('forbidden');
    const parsed = entry.schema.safeParse(raw);
    if (!parsed.success) return refuse('invalid');
    const message = parsed.data;
    try {
      if (sender.kind === 'extension-page') {
        if (message.type === 'recording-changed') return await handlers['recording-changed'](message, sender);
        if (message.type === 'paired') return await handlers.paired(message, sender);
        return refuse('forbidden');
      }
      if (message.type === 'recording-changed' || message.type === 'paired') return refuse('forbidden');
      if (!contentScriptMayReport(message, sender)) return refuse('forbidden');
      switch (message.type) {
        case 'page-visit':
          return await handlers['page-visit'](message, sender);
        case 'page-timings':
          return await handlers['page-timings'](message, sender);
        case 'effort':
          return await handlers.effort(message, sender);
      }
    } catch {
      // A handler bug must still answer; the sender only learns that it failed.
      return refuse('failed');
    }
  };
