import { describe, expect, it, vi } from 'vitest';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import type { MessageResponse, PairedReply } from './protocol.ts';
import { createMessageRouter, type MessageHandlers } from './router.ts';

const EXTENSION = {
  id: 'abcdefghijklmnopabcdefghijklmnop',
  origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
};
const PAGE = { id: EXTENSION.id, url: `${EXTENSION.origin}/sidepanel.html` };
const TOP_FRAME = {
  id: EXTENSION.id,
  url: 'https://portal.example.com/reset?x=1',
  frameId: 0,
  tab: { id: 5, active: true },
};
const SUB_FRAME = { ...TOP_FRAME, url: 'https://widgets.example.net/frame', frameId: 3 };

const OK: MessageResponse = { ok: true, capturing: true };
const SYNCED: PairedReply = {
  ok: true,
  sync: { status: 'synced', pushed: 0, rejected: 0, pulled: 2, uploaded: 0, uploadsFailed: 0 },
};
const visitId = createIdGenerator(0x9b)();
const visit = { type: 'page-visit', visitId, url: 'https://portal.example.com/reset', timings: {}, navigated: true };

const setup = () => {
  const handlers = {
    'page-visit': vi.fn(async () => OK),
    'page-timings': vi.fn(async () => OK),
    effort: vi.fn(async () => OK),
    'recording-changed': vi.fn(async () => OK),
    paired: vi.fn(async () => SYNCED),
  } satisfies MessageHandlers;
  return { handlers, route: createMessageRouter(EXTENSION, handlers) };
};

describe('createMessageRouter', () => {
  it('passes parsed evidence from a content script, with who sent it, to its handler', async () => {
    const { handlers, route } = setup();
    expect(await route(visit, TOP_FRAME)).toEqual(OK);
    expect(handlers['page-visit']).toHaveBeenCalledWith(visit, {
      kind: 'content-script',
      tabId: 5,
      frameId: 0,
      url: TOP_FRAME.url,
      tabActive: true,
    });
    expect(await route({ type: 'effort', clicks: 2, keyPresses: 0 }, SUB_FRAME)).toEqual(OK);
    expect(handlers.effort).toHaveBeenCalledOnce();
  });

  it('passes recording-changed from an extension page', async () => {
    const { handlers, route } = setup();
    expect(await route({ type: 'recording-changed' }, PAGE)).toEqual(OK);
    expect(handlers['recording-changed']).toHaveBeenCalledWith(
      { type: 'recording-changed' },
      { kind: 'extension-page' },
    );
  });

  it("passes paired from an extension page, answered with the sync's outcome", async () => {
    const { handlers, route } = setup();
    expect(await route({ type: 'paired' }, PAGE)).toEqual(SYNCED);
    expect(handlers.paired).toHaveBeenCalledWith({ type: 'paired' }, { kind: 'extension-page' });
  });

  it('forbids a content script anything that controls the recorder, and an extension page to pose as one', async () => {
    const { handlers, route } = setup();
    expect(await route({ type: 'recording-changed' }, TOP_FRAME)).toEqual({ ok: false, code: 'forbidden' });
    expect(await route({ type: 'paired' }, TOP_FRAME)).toEqual({ ok: false, code: 'forbidden' });
    expect(await route({ type: 'effort', clicks: 9, keyPresses: 9 }, PAGE)).toEqual({ ok: false, code: 'forbidden' });
    expect(await route(visit, PAGE)).toEqual({ ok: false, code: 'forbidden' });
    expect(Object.values(handlers).every((handler) => handler.mock.calls.length === 0)).toBe(true);
  });

  it('forbids visits and timings from sub-frames, and visits to another origin than the sender’s', async () => {
    const { handlers, route } = setup();
    expect(await route({ ...visit, url: 'https://widgets.example.net/frame' }, SUB_FRAME)).toEqual({
      ok: false,
      code: 'forbidden',
    });
    expect(await route({ type: 'page-timings', visitId, timings: { lcpMs: 1 } }, SUB_FRAME)).toEqual({
      ok: false,
      code: 'forbidden',
    });
    expect(await route({ ...visit, url: 'https://elsewhere.example.com/reset' }, TOP_FRAME)).toEqual({
      ok: false,
      code: 'forbidden',
    });
    expect(handlers['page-visit']).not.toHaveBeenCalled();
    expect(handlers['page-timings']).not.toHaveBeenCalled();
  });

  it('passes an effort report that names its own top frame’s page, and forbids one naming another', async () => {
    const { handlers, route } = setup();
    const named = { type: 'effort', clicks: 1, keyPresses: 0, url: 'https://portal.example.com/reset' };
    expect(await route(named, TOP_FRAME)).toEqual(OK);
    expect(handlers.effort).toHaveBeenCalledOnce();
    // Same origin as the frame, but not the top frame: a sub-frame names no page of the tab.
    expect(await route({ ...named, url: 'https://widgets.example.net/frame' }, SUB_FRAME)).toEqual({
      ok: false,
      code: 'forbidden',
    });
    expect(await route(named, SUB_FRAME)).toEqual({ ok: false, code: 'forbidden' });
    expect(await route({ ...named, url: 'https://elsewhere.example.com/reset' }, TOP_FRAME)).toEqual({
      ok: false,
      code: 'forbidden',
    });
    expect(handlers.effort).toHaveBeenCalledOnce();
  });

  it('refuses unknown senders before looking at the message', async () => {
    const { route } = setup();
    expect(await route(visit, { ...TOP_FRAME, id: 'otherextensionidotherextensionid' })).toEqual({
      ok: false,
      code: 'forbidden',
    });
    expect(await route(visit, { ...TOP_FRAME, tab: undefined })).toEqual({ ok: false, code: 'forbidden' });
  });

  it('refuses malformed or unknown messages as invalid', async () => {
    const { handlers, route } = setup();
    for (const message of [
      null,
      'page-visit',
      [],
      {},
      { type: 'start', journeyId: visitId },
      { type: 'toString' },
      { type: '__proto__' },
      { ...visit, extra: true },
      { ...visit, url: 'https://portal.example.com/reset?token=1' },
      { type: 'effort', clicks: '2', keyPresses: 0 },
    ]) {
      expect(await route(message, TOP_FRAME), JSON.stringify(message)).toEqual({ ok: false, code: 'invalid' });
    }
    expect(Object.values(handlers).every((handler) => handler.mock.calls.length === 0)).toBe(true);
  });

  it('answers "failed" when a handler throws, and never rejects', async () => {
    const { handlers, route } = setup();
    handlers.effort.mockRejectedValueOnce(new Error('database closed'));
    await expect(route({ type: 'effort', clicks: 1, keyPresses: 0 }, TOP_FRAME)).resolves.toEqual({
      ok: false,
      code: 'failed',
    });
  });
});
