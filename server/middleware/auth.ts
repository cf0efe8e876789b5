import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { matchedRoutes } from 'hono/route';
import { accessTokenSchema, type Role } from '../../shared/protocol/accounts.ts';
import { createJsonLogger, type Logger } from '../logger.ts';
import { lastUsedIsStale } from '../store/accounts/last-used.ts';
import type { Store } from '../store/store.ts';
import { errorResponse } from './error-response.ts';
import type { RequestIdVariables } from './request-id.ts';

/**
 * Who is calling: set by requireCaller() on every authenticated request. Admins belong to a team too.
 * `tokenId` is the access token used, or null for a dashboard session.
 */
export type Caller = {
  readonly userId: string;
  readonly teamId: string;
  readonly role: Role;
  readonly tokenId: string | null;
};

/** Context variables set by provideAuth() and requireCaller(). Declared here, beside the middleware. */
export type AuthVariables = { caller: Caller; auth: Authenticator };

type Env = { Variables: RequestIdVariables & AuthVariables };

/**
 * The session cookie's name. Over HTTPS it carries the `__Host-` prefix, which browsers accept only with Secure,
 * Path=/ and no Domain: a sibling subdomain cannot plant or overwrite it. Over plain HTTP (localhost, a lab)
 * the prefix would make browsers drop the cookie, so the bare name is used.
 */
export const SESSION_COOKIE = 'jsp_session';
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
export const sessionCookieName = (secure: boolean): string => (secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE);

/**
 * CSRF defence for cookie-authenticated requests that change state. The cookie is SameSite=Strict, and on top
 * every such request must carry this header: a cross-site form cannot set a custom header, and a cross-site
 * fetch that does needs a CORS preflight, which this API never grants (only /healthz has CORS). Requests with
 * a Bearer token need neither: browsers never attach Authorization on their own.
 */
export const CSRF_HEADER = 'X-Requested-With';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export type AuthOptions = {
  readonly store: Pick<Store, 'accounts'>;
  /** The clock: tests move it to expire sessions and age last-used times. */
  readonly now?: () => Date;
  readonly logger?: Logger;
  /**
   * Believe X-Forwarded-Proto and X-Forwarded-For. Off by default: anyone can send those headers, so only a
   * server that is reachable solely through one reverse proxy that overwrites them may turn this on
   * (TRUST_PROXY=true).
   */
  readonly trustProxy?: boolean;
};

export type AuthFailure = { readonly ok: false; readonly status: 401 | 403; readonly message: string };
export type AuthResult = { readonly ok: true; readonly caller: Caller } | AuthFailure;

/** Resolves the caller of a request. One per app, shared by every requireCaller() through provideAuth(). */
export type Authenticator = {
  readonly now: () => Date;
  readonly logger: Logger;
  readonly trustProxy: boolean;
  authenticate(c: Context): Promise<AuthResult>;
};

/** Whether the client reached us over HTTPS: the socket's scheme, or the proxy's word when it is trusted. */
export function isHttps(c: Context, trustProxy: boolean): boolean {
  if (trustProxy) {
    const forwarded = c.req.header('X-Forwarded-Proto');
    if (forwarded !== undefined) return forwarded.split(',')[0]?.trim().toLowerCase() === 'https';
  }
  return new URL(c.req.url).protocol === 'https:';
}

/**
 * The client's address, for rate limits. Without a trusted proxy it is the socket's peer; with one it is the
 * last X-Forwarded-For entry, the address our proxy saw (earlier entries are whatever the client claimed).
 * `app.request()` in tests has no socket: every such request shares the key "unknown".
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const last = c.req.header('X-Forwarded-For')?.split(',').at(-1)?.trim();
    if (last !== undefined && last !== '') return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The session id from the cookie matching the request's scheme (the secure name only counts over HTTPS). */
export function readSessionCookie(c: Context, trustProxy: boolean): string | undefined {
  const value = getCookie(c, sessionCookieName(isHttps(c, trustProxy)));
  // Session ids are 32 random bytes in base64url; anything else is not worth a lookup.
  return value !== undefined && SESSION_ID_SHAPE.test(value) ? value : undefined;
}

const SESSION_ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const BEARER = /^Bearer +(\S+) *$/i;

/**
 * Builds the authenticator. A request with an Authorization header is judged by it alone, cookies ignored; a
 * request without one may use the session cookie. Last-used times are written at most once a minute per token.
 */
export function createAuthenticator({
  store,
  now = () => new Date(),
  logger = createJsonLogger(),
  trustProxy = false,
}: AuthOptions): Authenticator {
  const unauthorized = (message: string): AuthFailure => ({ ok: false, status: 401, message });

  async function authenticate(c: Context): Promise<AuthResult> {
    const authorization = c.req.header('Authorization');
    if (authorization !== undefined) {
      const token = BEARER.exec(authorization)?.[1];
      // A malformed token is refused without touching the database.
      if (token === undefined || !accessTokenSchema.safeParse(token).success) {
        return unauthorized('the Authorization header must be "Bearer <access token>"');
      }
      const found = await store.accounts.findActiveToken(token);
      if (found === undefined) return unauthorized('the access token is not valid or has been revoked');
      const at = now();
      if (lastUsedIsStale(found.lastUsedAt, at) && found.identity.tokenId !== null) {
        // Bookkeeping must not fail the request it describes.
        await store.accounts.touchToken(found.identity.tokenId, at).catch((error: unknown) => {
          logger.warn('recording token use failed', {
            tokenId: found.identity.tokenId,
            error: error instanceof Error ? error.message : String(error),
          });
        });
      }
      return { ok: true, caller: found.identity };
    }

    const sessionId = readSessionCookie(c, trustProxy);
    if (sessionId === undefined) return unauthorized('authentication required: send "Authorization: Bearer <token>"');
    const session = await store.accounts.findSession(sessionId, now());
    if (session === undefined) return unauthorized('the session has ended; sign in again');
    if (!SAFE_METHODS.has(c.req.method) && !c.req.header(CSRF_HEADER)) {
      return { ok: false, status: 403, message: `cookie-authenticated changes need the ${CSRF_HEADER} header` };
    }
    return { ok: true, caller: session };
  }

  return { now, logger, trustProxy, authenticate };
}

/**
 * Makes one authenticator available to every requireCaller() below it, so sub-apps need not be handed the
 * store. Mounted once by createApp.
 *
 * @example
 * ```ts
 * app.use(provideAuth({ store, logger }));
 * ```
 */
export function provideAuth(options: AuthOptions): MiddlewareHandler<Env> {
  const authenticator = createAuthenticator(options);
  return async function provideAuthMiddleware(c, next) {
    c.set('auth', authenticator);
    await next();
  };
}

function challenge(c: Context, failure: AuthFailure): void {
  if (failure.status === 401) c.header('WWW-Authenticate', 'Bearer realm="journey-sampler"');
}

/**
 * Whether the request names a route: for this method and path the router matched something more than
 * middleware for every method on a wildcard (`use('/*')`): a handler of this method (wildcard paths included),
 * or anything registered at a concrete path. A request that names none will be answered 404 by notFound.
 */
const namesRoute = (c: Context): boolean =>
  matchedRoutes(c).some((route) => route.method !== 'ALL' || !route.path.endsWith('*'));

/**
 * Refuses a request without a valid caller: 401 `unauthorized` for a missing, malformed, unknown or revoked
 * token or an ended session; 403 `forbidden` for a cookie-authenticated change without the CSRF header.
 * Otherwise sets `c.get('caller')`. Uses the app's authenticator (provideAuth), or its own when given options.
 *
 * Meant for a whole sub-app, once: `.use('/*', requireCaller())` guards every route registered on it, whatever
 * its path (server/app.ts). A request that names no route (an unknown path, or a method the path does not take)
 * passes through to the 404, so it answers the same with or without credentials; every registered route is
 * guarded (tests/integration/api-routes.test.ts requests each one without credentials).
 *
 * @example
 * ```ts
 * new Hono<AppEnv>().use('/*', requireCaller()).get('/me', (c) => c.json(c.get('caller')));
 * ```
 */
export function requireCaller(options?: AuthOptions): MiddlewareHandler<Env> {
  const own = options === undefined ? undefined : createAuthenticator(options);
  return async function requireCallerMiddleware(c, next) {
    const already: Caller | undefined = c.get('caller');
    if (already !== undefined || !namesRoute(c)) {
      await next();
      return;
    }
    const authenticator: Authenticator | undefined = own ?? c.get('auth');
    // A route mounted outside createApp without options: a wiring bug, not the client's fault.
    if (authenticator === undefined) throw new Error('requireCaller: no authenticator; mount provideAuth() first');
    const result = await authenticator.authenticate(c);
    if (!result.ok) {
      challenge(c, result);
      return errorResponse(c, result.status, result.status === 401 ? 'unauthorized' : 'forbidden', result.message);
    }
    c.set('caller', result.caller);
    await next();
  };
}

/**
 * 403 `forbidden` unless the caller's role is one of `roles`. The first handler of a route that needs a role,
 * so the role is read where the route is declared; the sub-app's requireCaller() has run before it.
 *
 * @example
 * ```ts
 * new Hono<AppEnv>().use('/*', requireCaller()).post('/', requireRole('admin'), handler);
 * ```
 */
export function requireRole(...roles: readonly Role[]): MiddlewareHandler<Env> {
  return async function requireRoleMiddleware(c, next) {
    const caller: Caller | undefined = c.get('caller');
    if (caller === undefined) throw new Error('requireRole: no caller; put requireCaller() first');
    if (!roles.includes(caller.role)) {
      return errorResponse(c, 403, 'forbidden', `this needs the role ${roles.join(' or ')}`);
    }
    await next();
  };
}

/**
 * 403 `forbidden` unless the request carries the CSRF header: for routes that set or clear the session cookie
 * without requiring a caller (sign-in, sign-out). Stops login CSRF (signing a victim into the attacker's account).
 */
export function requireCsrfHeader(): MiddlewareHandler<Env> {
  return async function requireCsrfHeaderMiddleware(c, next) {
    if (!c.req.header(CSRF_HEADER)) {
      return errorResponse(c, 403, 'forbidden', `this request needs the ${CSRF_HEADER} header`);
    }
    await next();
  };
}
