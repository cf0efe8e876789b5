import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { walkthroughListCursorSchema } from '../../shared/protocol/walkthroughs.ts';
import { decodeWalkthroughCursor, encodeWalkthroughCursor } from './walkthrough-cursor.ts';

const id = '019b8d62-7a81-7ca7-8000-000000000001';
const at = '2026-01-05T09:00:00.000Z';
const encoded = (text: string) => Buffer.from(text).toString('base64url');

describe('walkthrough list cursor', () => {
  it('round-trips every position in the stored format, as opaque base64url the list query accepts', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00.000Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        fc.bigInt({ min: 0n, max: 2n ** 48n - 1n }),
        (date, counter) => {
          const position = {
            at: date.toISOString(),
            id: `${id.slice(0, 24)}${counter.toString(16).padStart(12, '0')}`,
          };
          const cursor = encodeWalkthroughCursor(position);
          expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(walkthroughListCursorSchema.safeParse(cursor).success).toBe(true);
          expect(decodeWalkthroughCursor(cursor)).toEqual(position);
        },
      ),
    );
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['padded', `${encodeWalkthroughCursor({ at, id })}=`],
    ['another format', encoded(`jsw2:${at}:${id}`)],
    ['a pull cursor', encoded(`jsc1:${id}:1`)],
    ['a time without milliseconds', encoded(`jsw1:2026-01-05T09:00:00Z:${id}`)],
    ['a time that is no date', encoded(`jsw1:2026-13-45T09:00:00.000Z:${id}`)],
    ['an id that is not a UUIDv7', encoded(`jsw1:${at}:00000000-0000-4000-8000-000000000000`)],
    ['an uppercase id', encoded(`jsw1:${at}:${id.toUpperCase()}`)],
    ['trailing text', encoded(`jsw1:${at}:${id} `)],
  ])('refuses %s', (_name, cursor) => {
    expect(decodeWalkthroughCursor(cursor)).toBeNull();
  });

  it('never throws on arbitrary input, and accepts only canonical cursors', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (cursor) => {
        const decoded = decodeWalkthroughCursor(cursor);
        if (decoded !== null) expect(encodeWalkthroughCursor(decoded)).toBe(cursor);
      }),
    );
  });
});
