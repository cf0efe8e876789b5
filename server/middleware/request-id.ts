import type { MiddlewareHandler } from 'hono';

/** Context variables set by `requestId()`. Declared here, beside the middleware that sets them. */
export type RequestIdVariables = { requestId: string };

export type RequestIdOptions = {
  /** Header read from the request and echoed on the response. */
  readonly headerName?: string;
  /** Longer incoming ids are replaced. 200 is the error envelope's `requestId` limit. */
  readonly maxLength?: number;
  readonly generate?: () => string;
};

/**
 * Letters, digits and `-_.:=` only: the id is echoed in a header and written to logs, so anything that could
 * split a log line or smuggle markup is refused (and replaced) rather than escaped.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9\-_.:=]+$/;

/**
 * Gives every request an id that ties the response, the error envelope and the server log together. A sane
 * incoming id (from a proxy or the client) is kept so one id can span hops; otherwise a random UUID is used.
 *
 * @example
 * ```ts
 * const app = new Hono<{ Variables: RequestIdVariables }>();
 * app.use(requestId());
 * app.get('/', (c) => c.text(c.get('requestId')));
 * ```
 */
export function requestId({
  headerName = 'X-Request-Id',
  maxLength = 200,
  generate = () => crypto.randomUUID(),
}: RequestIdOptions = {}): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  return async function requestIdMiddleware(c, next) {
    const incoming = c.req.header(headerName);
    const id =
      incoming !== undefined && incoming.length <= maxLength && SANE_REQUEST_ID.test(incoming) ? incoming : generate();
    c.set('requestId', id);
    // Set before `next()` so it is also on responses built by onError and notFound.
    c.header(headerName, id);
    await next();
  };
}
