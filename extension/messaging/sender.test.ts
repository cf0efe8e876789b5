import { describe, expect, it } from 'vitest';
import { identifySender } from './sender.ts';

const EXTENSION = {
  id: 'abcdefghijklmnopabcdefghijklmnop',
  origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
};

const contentScript = {
  id: EXTENSION.id,
  url: 'https://portal.example.com/reset?step=2',
  origin: 'https://portal.example.com',
  frameId: 0,
  tab: { id: 42, active: true },
};

describe('identifySender', () => {
  it('recognises the extension’s own pages, in a panel or in a tab', () => {
    expect(identifySender({ id: EXTENSION.id, url: `${EXTENSION.origin}/sidepanel.html` }, EXTENSION)).toEqual({
      kind: 'extension-page',
    });
    expect(
      identifySender(
        {
          id: EXTENSION.id,
          url: `${EXTENSION.origin}/sidepanel.html`,
          origin: EXTENSION.origin,
          tab: { id: 3 },
          frameId: 0,
        },
        EXTENSION,
      ),
    ).toEqual({ kind: 'extension-page' });
  });

  it('recognises a content script in a tab’s frame of an http(s) page', () => {
    expect(identifySender(contentScript, EXTENSION)).toEqual({
      kind: 'content-script',
      tabId: 42,
      frameId: 0,
      url: 'https://portal.example.com/reset?step=2',
      tabActive: true,
    });
    expect(identifySender({ ...contentScript, frameId: 7, tab: { id: 42 } }, EXTENSION)).toMatchObject({
      kind: 'content-script',
      frameId: 7,
      tabActive: false,
    });
  });

  it('refuses other extensions, and anything without our id', () => {
    expect(identifySender({ ...contentScript, id: 'otherextensionidotherextensionid' }, EXTENSION)).toBeNull();
    expect(identifySender({ ...contentScript, id: undefined }, EXTENSION)).toBeNull();
    expect(
      identifySender({ id: 'otherextensionidotherextensionid', url: `${EXTENSION.origin}/sidepanel.html` }, EXTENSION),
    ).toBeNull();
  });

  it('refuses page senders without a tab or frame, or on non-http documents', () => {
    expect(identifySender({ ...contentScript, tab: undefined }, EXTENSION)).toBeNull();
    expect(identifySender({ ...contentScript, tab: { id: -1 } }, EXTENSION)).toBeNull();
    expect(identifySender({ ...contentScript, frameId: undefined }, EXTENSION)).toBeNull();
    expect(identifySender({ ...contentScript, url: 'data:text/html,<p>hi', origin: 'null' }, EXTENSION)).toBeNull();
    expect(identifySender({ ...contentScript, url: 'about:blank', origin: undefined }, EXTENSION)).toBeNull();
    expect(identifySender({ ...contentScript, url: undefined }, EXTENSION)).toBeNull();
  });

  it('refuses a sender whose origin disagrees with its URL', () => {
    expect(identifySender({ ...contentScript, origin: 'https://evil.example' }, EXTENSION)).toBeNull();
    expect(
      identifySender(
        { id: EXTENSION.id, url: `${EXTENSION.origin}/popup.html`, origin: 'https://evil.example' },
        EXTENSION,
      ),
    ).toBeNull();
  });

  it('does not mistake a look-alike origin for the extension’s', () => {
    expect(
      identifySender({ ...contentScript, url: `${EXTENSION.origin}.evil.example/page`, origin: undefined }, EXTENSION),
    ).toBeNull();
  });
});
