/**
 * The parts of runtime.MessageSender the router looks at. Filled in by the browser, not by the sender, so a
 * web page cannot forge them (a compromised renderer aside, which no extension can defend against).
 */
export type SenderLike = {
  id?: string | undefined;
  url?: string | undefined;
  origin?: string | undefined;
  frameId?: number | undefined;
  tab?: { id?: number | undefined; active?: boolean | undefined } | undefined;
};

export type ExtensionIdentity = {
  /** runtime.id */
  id: string;
  /** `chrome-extension://<id>` (runtime.getURL('') without the trailing slash). */
  origin: string;
};

export type ExtensionPageSender = { kind: 'extension-page' };
export type ContentScriptSender = {
  kind: 'content-script';
  tabId: number;
  /** 0 is the tab's top frame. */
  frameId: number;
  /** The frame's document address as the browser knows it (query and fragment included). */
  url: string;
  /** Whether the tab is the active one of its window when the message was sent. */
  tabActive: boolean;
};
export type Sender = ExtensionPageSender | ContentScriptSender;

const isHttpUrl = (href: string): boolean => {
  try {
    const { protocol } = new URL(href);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
};

/**
 * Who sent a message, or null when it is neither of the two kinds the background talks to.
 *
 * - An extension page: our extension id, and a document in our extension's origin. It may sit in a tab (the
 *   side panel opened as a page) and still be an extension page.
 * - A content script: our extension id (only our scripts can use our runtime), inside a tab's frame whose
 *   document is an http(s) page: the only documents the evidence script is registered or injected for.
 *
 * Anything else (another extension, a sandboxed or data: frame, an http page without a tab) is refused.
 */
export const identifySender = (sender: SenderLike, extension: ExtensionIdentity): Sender | null => {
  if (sender.id !== extension.id || typeof sender.url !== 'string') return null;
  if (sender.url.startsWith(`${extension.origin}/`)) {
    // A sender origin, when the browser gives one, must agree with the URL.
    return sender.origin === undefined || sender.origin === extension.origin ? { kind: 'extension-page' } : null;
  }
  const tabId = sender.tab?.id;
  if (typeof tabId !== 'number' || tabId < 0 || typeof sender.frameId !== 'number' || sender.frameId < 0) return null;
  if (!isHttpUrl(sender.url)) return null;
  if (sender.origin !== undefined && sender.origin !== new URL(sender.url).origin) return null;
  return {
    kind: 'content-script',
    tabId,
    frameId: sender.frameId,
    url: sender.url,
    tabActive: sender.tab?.active === true,
  };
};
