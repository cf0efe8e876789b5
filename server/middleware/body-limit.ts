import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DEFAULT_BODY_LIMIT_BYTES } from '../config.ts';
import { errorResponse } from './error-response.ts';
import type { RequestIdVariables } from './request-id.ts';

export type LimitBodyOptions = { readonly maxBytes?: number };

/**
 * Refuses request bodies larger than `maxBytes` with a 413 `payload_too_large` envelope, before any handler
 * buffers them. Checks Content-Length up front and counts streamed (chunked) bodies as they arrive.
 *
 * @example
 * ```ts
 * app.use(limitBody({ maxBytes: 64 * 1024 }));
 * ```
 */
export function limitBody({
  maxBytes = DEFAULT_BODY_LIMIT_BYTES,
}: LimitBodyOptions = {}): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  const tooLarge = (c: Context<{ Variables: RequestIdVariables }>) =>
    errorResponse(c, 413, 'payload_too_large', `request body is larger than the limit of ${maxBytes} bytes`);
  const counting = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async function limitBodyMiddleware(c, next) {
    // A declared length is judged from the header alone. hono's bodyLimit would first look at c.req.raw.body,
    // which makes @hono/node-server build a whole Fetch Request (a web stream over the socket) for every
    // request, a GET included: that cost more than the rest of a small sync push (bench/push-requests.ts).
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('Content-Length');
    if (length !== undefined && /^\d+$/.test(length) && c.req.header('Transfer-Encoding') === undefined) {
      if (Number(length) > maxBytes) return tooLarge(c);
      return next();
    }
    return counting(c, next);
  };
}
