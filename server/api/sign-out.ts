import { Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import type { AppEnv } from '../env.ts';
import {
  isHttps,
  readSessionCookie,
  requireCsrfHeader,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
} from '../middleware/auth.ts';
import type { Store } from '../store/store.ts';

export type SignOutRoutesDeps = { readonly store: Pick<Store, 'accounts'> };

/**
 * `POST /sign-out`: ends the session, if any, and clears the cookie (sign-in.ts sets it). Needs the
 * X-Requested-With header like sign-in; no caller needed, so signing out twice, or with an ended session, is fine.
 */
export const signOutRoutes = ({ store }: SignOutRoutesDeps) =>
  new Hono<AppEnv>().post('/', requireCsrfHeader(), async (c) => {
    const { trustProxy } = c.get('auth');
    // A request with a Bearer token ignores cookies everywhere, sign-out included.
    const sessionId = c.req.header('Authorization') === undefined ? readSessionCookie(c, trustProxy) : undefined;
    if (sessionId !== undefined) await store.accounts.deleteSession(sessionId);
    const secure = isHttps(c, trustProxy);
    if (secure) deleteCookie(c, SECURE_SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'Strict' });
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure, httpOnly: true, sameSite: 'Strict' });
    return c.body(null, 204);
  });
