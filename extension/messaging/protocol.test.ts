import { describe, expect, it } from 'vitest';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import { MESSAGES, messageResponseSchema, pairedReplySchema } from './protocol.ts';

const visitId = createIdGenerator(0x9a)();
const visit = {
  type: 'page-visit',
  visitId,
  url: 'https://portal.example.com/reset/1',
  timings: { ttfbMs: 120 },
  navigated: true,
};

describe('message schemas', () => {
  it('accept a well-formed page visit, timings and effort', () => {
    expect(MESSAGES['page-visit'].schema.parse(visit)).toEqual(visit);
    expect(
      MESSAGES['page-timings'].schema.parse({ type: 'page-timings', visitId, timings: { lcpMs: 900, cls: 0.02 } }),
    ).toEqual({ type: 'page-timings', visitId, timings: { lcpMs: 900, cls: 0.02 } });
    expect(MESSAGES.effort.schema.parse({ type: 'effort', clicks: 3, keyPresses: 12 })).toEqual({
      type: 'effort',
      clicks: 3,
      keyPresses: 12,
    });
  });

  it('are strict: an unknown key is refused, not dropped', () => {
    expect(MESSAGES['page-visit'].schema.safeParse({ ...visit, html: '<p>secret</p>' }).success).toBe(false);
    expect(MESSAGES.effort.schema.safeParse({ type: 'effort', clicks: 1, keyPresses: 1, keys: 'abc' }).success).toBe(
      false,
    );
    expect(MESSAGES['recording-changed'].schema.safeParse({ type: 'recording-changed', id: visitId }).success).toBe(
      false,
    );
  });

  it('refuse page addresses that still carry a query or fragment, or are not http(s)', () => {
    for (const url of [
      'https://portal.example.com/reset?email=a@b.c',
      'https://portal.example.com/reset#token',
      'file:///etc/passwd',
      'chrome://settings/',
    ]) {
      expect(MESSAGES['page-visit'].schema.safeParse({ ...visit, url }).success, url).toBe(false);
    }
  });

  it('refuse v4 ids, negative or absurd counts, and timings beyond ten minutes', () => {
    expect(MESSAGES['page-visit'].schema.safeParse({ ...visit, visitId: crypto.randomUUID() }).success).toBe(false);
    expect(MESSAGES.effort.schema.safeParse({ type: 'effort', clicks: -1, keyPresses: 0 }).success).toBe(false);
    expect(MESSAGES.effort.schema.safeParse({ type: 'effort', clicks: 1.5, keyPresses: 0 }).success).toBe(false);
    expect(MESSAGES.effort.schema.safeParse({ type: 'effort', clicks: 10_001, keyPresses: 0 }).success).toBe(false);
    expect(MESSAGES['page-visit'].schema.safeParse({ ...visit, timings: { loadMs: 600_001 } }).success).toBe(false);
  });

  it('say who may send each message: only evidence from content scripts', () => {
    expect(Object.entries(MESSAGES).map(([type, { from }]) => [type, from])).toEqual([
      ['page-visit', 'content-script'],
      ['page-timings', 'content-script'],
      ['effort', 'content-script'],
      ['recording-changed', 'extension-page'],
      ['paired', 'extension-page'],
    ]);
  });

  it("reads the reply to paired as the sync's outcome, and nothing else", () => {
    const failed = { status: 'failed', problem: 'unreachable', message: 'Could not reach the server.' };
    expect(pairedReplySchema.parse({ ok: true, sync: failed })).toEqual({ ok: true, sync: failed });
    expect(pairedReplySchema.safeParse({ ok: true, capturing: true }).success).toBe(false);
    expect(pairedReplySchema.safeParse({ ok: true, sync: { status: 'skipped', why: 'asleep' } }).success).toBe(false);
  });

  it('replies are either an answer or a refusal code', () => {
    expect(messageResponseSchema.parse({ ok: true, capturing: false })).toEqual({ ok: true, capturing: false });
    expect(messageResponseSchema.parse({ ok: false, code: 'forbidden' })).toEqual({ ok: false, code: 'forbidden' });
    expect(messageResponseSchema.safeParse({ ok: false, code: 'forbidden', recording: {} }).success).toBe(false);
  });
});
