import { z } from 'zod';
import { idSchema, isoDateTimeSchema } from '../../shared/schemas/common.ts';
import type { PageCursor } from '../store/core/page.ts';
import { opaqueCursor } from './opaque-cursor.ts';

/**
 * The opaque cursor of `GET /walkthroughs`: base64url of `jsw1:<startedAt>:<id>`, the sort key of the last item
 * of a page. It holds no team (a page position reveals nothing the reader could not see, and every query is
 * scoped by the caller's team). A time or id not in the stored format is refused.
 */
const walkthroughCursor = opaqueCursor<PageCursor>({
  tag: 'jsw1',
  write: ({ at, id }) => `${at}:${id}`,
  pattern: /^([0-9TZ:.-]{24}):([0-9a-f-]{36})$/,
  read: ([at, id]) => ({ at, id }),
  schema: z.strictObject({ at: isoDateTimeSchema, id: idSchema }),
});

export const encodeWalkthroughCursor = walkthroughCursor.encode;
export const decodeWalkthroughCursor = walkthroughCursor.decode;
