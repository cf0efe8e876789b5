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
 * The header values are computed once, here, not per request.
 *
 * @example
 * ```ts
 * app.use(apiSecureHeaders());
 * ```
 */
export function apiSecureHeaders({
  contentSecurityPolicy = { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
}: ApiSecureHeadersOptions = {}): MiddlewareHandler {
  return secureHeaders({ xFrameOptions: 'DENY', contentSecurityPolicy });
}

/** Pages that run a script of their own, and the CSP that allows it. */
export type PageSecurity = {
  readonly paths: readonly string[];
  readonly contentSecurityPolicy: ContentSecurityPolicy;
};

/**
 * apiSecureHeaders() on every response, with the CSP of `pages` on their exact paths instead of the deny-all one.
 * One middleware and one Map lookup per request: hono's `except(paths, …)` built a composed middleware chain per
 * request and matched a router, which cost more than setting the headers (bench/push-requests.ts).
 *
 * @example
 * ```ts
 * app.use(secureHeadersByPath([{ paths: ['/sign-in'], contentSecurityPolicy: SIGN_IN_PAGE_CSP }]));
 * ```
 */
export function secureHeadersByPath(pages: readonly PageSecurity[]): MiddlewareHandler {
  const api = apiSecureHeaders();
  const byPath = new Map<string, MiddlewareHandler>();
  for (const { paths, contentSecurityPolicy } of pages) {
    const handler = apiSecureHeaders({ contentSecurityPolicy });
    for (const path of paths) byPath.set(path, handler);
  }
  return function secureHeadersByPathMiddleware(c, next) {
    return (byPath.get(c.req.path) ?? api)(c, next);
  };
}
