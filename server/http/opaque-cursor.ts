import type { z } from 'zod';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export type CursorCodec<P> = {
  readonly encode: (position: P) => string;
  /**
   * The position a cursor names, or null when it is not one this server made: bad base64url, another tag, a
   * payload that does not match or parse, or a non-canonical spelling of a valid cursor. Strict on purpose: a
   * cursor is only ever echoed back, so anything else is a client bug worth a 400, not a guess.
   */
  readonly decode: (cursor: string) => P | null;
};

/**
 * An opaque cursor: base64url of `<tag>:<payload>`. Opaque so clients hand back exactly what they got and the
 * format can change (the tag says which one this is, and keeps one kind of cursor from being read as another).
 *
 * @example
 * const codec = opaqueCursor({ tag: 'jsx1', write: (p) => String(p.n), pattern: /^(\d+)$/,
 *   read: ([n]) => ({ n: Number(n) }), schema: z.strictObject({ n: z.int() }) });
 */
export function opaqueCursor<P>(format: {
  readonly tag: string;
  /** The payload text of a position. */
  readonly write: (position: P) => string;
  /** The payload's whole text (anchored), capturing the parts `read` turns into a candidate position. */
  readonly pattern: RegExp;
  readonly read: (parts: readonly string[]) => unknown;
  /** What a position must be: the last word on a decoded one. */
  readonly schema: z.ZodType<P>;
}): CursorCodec<P> {
  const prefix = `${format.tag}:`;
  const encode = (position: P): string =>
    Buffer.from(`${prefix}${format.write(position)}`, 'utf8').toString('base64url');
  const decode = (cursor: string): P | null => {
    if (!BASE64URL.test(cursor)) return null;
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    if (!text.startsWith(prefix)) return null;
    const match = format.pattern.exec(text.slice(prefix.length));
    if (match === null) return null;
    const parsed = format.schema.safeParse(format.read(match.slice(1)));
    if (!parsed.success) return null;
    return encode(parsed.data) === cursor ? parsed.data : null;
  };
  return { encode, decode };
}
