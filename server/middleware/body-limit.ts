import type { MiddlewareHandler } from 'hono';
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
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      errorResponse(c, 413, 'payload_too_large', `request body is larger than the limit of ${maxBytes} bytes`),
  });
}
