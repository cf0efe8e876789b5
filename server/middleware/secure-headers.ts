import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

type ContentSecurityPolicy = NonNullable<NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy']>;

export type ApiSecureHeadersOptions = {
  /** Defaults to deny-all; a front end that serves pages (the dashboard) passes its own. */
  readonly contentSecurityPolicy?: ContentSecurityPolicy;
};

/**
 * Hono's secure headers (nosniff, no referrer, HSTS, COOP, CORP, X-Powered-By removed) plus frame denial and a
 * deny-all CSP: API responses are JSON and must never be rendered, framed or allowed to load anything.
 *
 * @example
 * ```ts
 * app.use(apiSecureHeaders());
 * ```
 */
export function apiSecureHeaders({
  contentSecurityPolicy = { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
}: ApiSecureHeadersOptions = {}): MiddlewareHandler {
  const handler = secureHeaders({ xFrameOptions: 'DENY', contentSecurityPolicy });
  return async function apiSecureHeadersMiddleware(c, next) {
    await handler(c, next);
  };
}
