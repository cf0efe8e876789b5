import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePullCursor, encodePullCursor } from './pull-cursor.ts';

const teamId = '019b8d62-7a81-7ca7-8000-000000000001';

describe('pull cursor', () => {
  it('round-trips every position, and is opaque base64url', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (seq) => {
        const cursor = encodePullCursor({ teamId, seq });
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(cursor.length).toBeLessThanOrEqual(500);
        expect(decodePullCursor(cursor)).toEqual({ teamId, seq });
      }),
    );
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['padded', `${encodePullCursor({ teamId, seq: 1 })}=`],
    ['another format', Buffer.from(`jsc2:${teamId}:1`).toString('base64url')],
    ['a negative sequence', Buffer.from(`jsc1:${teamId}:-1`).toString('base64url')],
    ['a leading zero', Buffer.from(`jsc1:${teamId}:01`).toString('base64url')],
    ['a sequence beyond 2^53', Buffer.from(`jsc1:${teamId}:9007199254740993`).toString('base64url')],
    ['a team that is not a UUIDv7', Buffer.from('jsc1:00000000-0000-4000-8000-000000000000:1').toString('base64url')],
    ['an uppercase team id', Buffer.from(`jsc1:${teamId.toUpperCase()}:1`).toString('base64url')],
    ['trailing text', Buffer.from(`jsc1:${teamId}:1 `).toString('base64url')],
  ])('refuses %s', (_name, cursor) => {
    expect(decodePullCursor(cursor)).toBeNull();
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (cursor) => {
        const decoded = decodePullCursor(cursor);
        if (decoded !== null) expect(encodePullCursor(decoded)).toBe(cursor);
      }),
    );
  });
});
