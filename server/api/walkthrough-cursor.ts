import { idSchema, isoDateTimeSchema } from '../../shared/schemas/common.ts';
import type { PageCursor } from '../store/page.ts';

const VERSION = 'jsw1';
const DECODED = /^jsw1:([0-9TZ:.-]{24}):([0-9a-f-]{36})$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The opaque cursor of `GET /walkthroughs`: base64url of `jsw1:<startedAt>:<id>`, the sort key of the last item
 * of a page. Opaque so clients hand back exactly what they got and the format can change; it holds no team (a
 * page position reveals nothing the reader could not see, and every query is scoped by the caller's team).
 */
export const encodeWalkthroughCursor = ({ at, id }: PageCursor): string =>
  Buffer.from(`${VERSION}:${at}:${id}`, 'utf8').toString('base64url');

/**
 * The position a cursor names, or null when it is not one this server made (bad base64url, another format, a
 * time or id that is not in the stored format, a non-canonical spelling): a cursor is only ever echoed back, so
 * anything else is a client bug worth a 400, not a guess.
 */
export function decodeWalkthroughCursor(cursor: string): PageCursor | null {
  if (!BASE64URL.test(cursor)) return null;
  const match = DECODED.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const at = match?.[1];
  const id = match?.[2];
  if (at === undefined || id === undefined) return null;
  if (!isoDateTimeSchema.safeParse(at).success || !idSchema.safeParse(id).success) return null;
  const position = { at, id };
  return encodeWalkthroughCursor(position) === cursor ? position : null;
}
