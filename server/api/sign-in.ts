import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { ROLE_RANK, type SignInResponse, signInRequestSchema } from '../../shared/protocol/accounts.ts';
import type { AppEnv } from '../env.ts';
import { jsonBody } from '../http/json-body.ts';
import { clientAddress, isHttps, readSessionCookie, requireCsrfHeader, sessionCookieName } from '../middleware/auth.ts';
import { errorResponse } from '../middleware/error-response.ts';
import { createTokenBucket, rateLimit, type TokenBucket } from '../middleware/rate-limit.ts';
import { SESSION_TTL_MS } from '../store/accounts/sessions.ts';
import type { StoredIdentity } from '../store/accounts/tokens.ts';
import type { Store } from '../store/store.ts';

/** Ten attempts in a burst, then one every six seconds, per client address. */
export const createSignInBucket = (): TokenBucket => createTokenBucket({ capacity: 10, refillPerSecond: 1 / 6 });

export type SignInRoutesDeps = {
  readonly store: Pick<Store, 'accounts' | 'getTeam'>;
  /** Shared by every request of this app instance; tests pass a small one. */
  readonly signInBucket?: TokenBucket;
  readonly sessionTtlMs?: number;
};

/** One message for every failure, so the answer never tells an unknown code from a used or expired one. */
const INVALID = 'the sign-in code or token is not valid; codes work once and expire';

/**
 * Dashboard sign-in, `POST /sign-in {code} | {token}`: exchanges a one-time code (from a sign-in link) or a
 * lead's or admin's access token for a session cookie: httpOnly, SameSite=Strict, Path=/, Secure with the
 * `__Host-` prefix when served over HTTPS. Rate-limited per client address; needs the X-Requested-With header
 * (no login CSRF). No caller needed: this is how one becomes one. `POST /sign-out` (sign-out.ts) ends it.
 */
export const signInRoutes = ({
  store,
  signInBucket = createSignInBucket(),
  sessionTtlMs = SESSION_TTL_MS,
}: SignInRoutesDeps) =>
  new Hono<AppEnv>().post(
    '/',
    rateLimit({ bucket: signInBucket, key: (c) => clientAddress(c, c.get('auth').trustProxy) }),
    requireCsrfHeader(),
    jsonBody(signInRequestSchema),
    async (c) => {
      const { now: clock, trustProxy } = c.get('auth');
      const now = clock();
      const request = c.req.valid('json');
      let identity: StoredIdentity;
      if ('code' in request) {
        const redeemed = await store.accounts.redeemSignInCode(request.code, now);
        const user = redeemed && (await store.accounts.getUser(redeemed.userId));
        if (user === undefined) return errorResponse(c, 401, 'unauthorized', INVALID);
        identity = { userId: user.id, teamId: user.teamId, role: user.role, tokenId: null };
      } else {
        const found = await store.accounts.findActiveToken(request.token);
        if (found === undefined) return errorResponse(c, 401, 'unauthorized', INVALID);
        if (ROLE_RANK[found.identity.role] < ROLE_RANK.lead) {
          return errorResponse(c, 403, 'forbidden', 'the dashboard needs a lead or admin token');
        }
        identity = found.identity;
      }
      const [user, team] = await Promise.all([store.accounts.getUser(identity.userId), store.getTeam(identity.teamId)]);
      if (user === undefined || team === undefined) return errorResponse(c, 401, 'unauthorized', INVALID);

      // A fresh id on every sign-in (no session fixation); the session this browser had, if any, ends.
      const previous = readSessionCookie(c, trustProxy);
      if (previous !== undefined) await store.accounts.deleteSession(previous);
      const session = await store.accounts.createSession({ ...identity, now, ttlMs: sessionTtlMs });
      const secure = isHttps(c, trustProxy);
      setCookie(c, sessionCookieName(secure), session.sessionId, {
        httpOnly: true,
        secure,
        sameSite: 'Strict',
        path: '/',
        maxAge: Math.floor(sessionTtlMs / 1000),
      });
      c.header('Cache-Control', 'no-store');
      const body: SignInResponse = { user, team, role: identity.role, expiresAt: session.expiresAt };
      return c.json(body, 200);
    },
  );
