import { Hono } from 'hono';
import { lowerRole } from '../../shared/protocol/accounts.ts';
import {
  type CreatePairingResponse,
  createPairingRequestSchema,
  DEFAULT_PAIRING_TOKEN_LABEL,
  pairingLink,
  type RedeemPairingResponse,
  redeemPairingRequestSchema,
} from '../../shared/protocol/pairing.ts';
import type { AppEnv } from '../env.ts';
import { clientAddress, isHttps, requireCaller } from '../middleware/auth.ts';
import { errorResponse } from '../middleware/error-response.ts';
import { rateLimit, type TokenBucket } from '../middleware/rate-limit.ts';
import type { Store } from '../store/store.ts';
import { canSeeTokensOf, roleAtMost } from './account-access.ts';
import { jsonBody } from './json-body.ts';

export type PairingRoutesDeps = {
  readonly store: Pick<Store, 'accounts'>;
  /** Redemption attempts per client address: the app shares one bucket with sign-in (one budget for guessing). */
  readonly attemptsBucket: TokenBucket;
};

const NOT_FOUND_USER = 'no such user';

/** The address the caller reached this server at: the base of the links it hands out. */
function serverBase(c: Parameters<typeof isHttps>[0], trustProxy: boolean): string {
  const { host } = new URL(c.req.url);
  return `${isHttps(c, trustProxy) ? 'https' : 'http'}://${host}`;
}

/**
 * Pairing links (shared/protocol/pairing.ts).
 * - `POST /pairing {userId?, role?}`: mints a one-time link for the caller (any role, staff included: pairing
 *   their own extension is what a sampler does), or, for a lead, for a staff member of their team, or, for an
 *   admin, for anyone: the same people whose tokens the caller may see (account-access.ts). Anyone else is 404.
 *   The token it will make defaults to the lower of the user's and the caller's role and may be lower still.
 * - `POST /pairing/redeem {code, label?}`: no caller, the code is the credential. Spends the code and answers
 *   with a new access token of its user, once. Rate-limited per client address like sign-in.
 * Both answers carry a secret (the link, the token): never cached.
 */
export const pairingRoutes = ({ store, attemptsBucket }: PairingRoutesDeps) =>
  new Hono<AppEnv>()
    .post('/pairing', requireCaller(), jsonBody(createPairingRequestSchema), async (c) => {
      const caller = c.get('caller');
      const request = c.req.valid('json');
      const owner = await store.accounts.getUser(request.userId ?? caller.userId);
      if (owner === undefined || !canSeeTokensOf(caller, owner)) {
        return errorResponse(c, 404, 'not_found', NOT_FOUND_USER);
      }
      const role = request.role ?? lowerRole(owner.role, caller.role);
      if (!roleAtMost(role, owner.role)) {
        return errorResponse(c, 400, 'bad_request', `a ${owner.role} cannot hold a ${role} token`);
      }
      if (!roleAtMost(role, caller.role)) {
        return errorResponse(c, 403, 'forbidden', `a ${caller.role} cannot hand out a ${role} token`);
      }
      const { now, trustProxy } = c.get('auth');
      const created = await store.accounts.createPairingCode({
        userId: owner.id,
        role,
        createdBy: caller.userId,
        now: now(),
      });
      const body: CreatePairingResponse = {
        link: pairingLink(serverBase(c, trustProxy), created.code),
        expiresAt: created.expiresAt,
        userId: created.userId,
        role: created.role,
      };
      c.header('Cache-Control', 'no-store');
      return c.json(body, 201);
    })
    .post(
      '/pairing/redeem',
      rateLimit({ bucket: attemptsBucket, key: (c) => clientAddress(c, c.get('auth').trustProxy) }),
      jsonBody(redeemPairingRequestSchema),
      async (c) => {
        const request = c.req.valid('json');
        const redeemed = await store.accounts.redeemPairingCode({
          code: request.code,
          label: request.label ?? DEFAULT_PAIRING_TOKEN_LABEL,
          now: c.get('auth').now(),
        });
        if (!redeemed.ok) {
          switch (redeemed.reason) {
            case 'used':
              return errorResponse(
                c,
                409,
                'conflict',
                'This pairing link has already been used. Each link works once: ask for a new one. If you did not use it, tell your team lead.',
              );
            case 'expired':
              return errorResponse(
                c,
                401,
                'unauthorized',
                'This pairing link has expired (links work for 10 minutes). Ask for a new one.',
              );
            case 'unknown':
              return errorResponse(
                c,
                401,
                'unauthorized',
                'This pairing link is not valid on this server. Copy it again, or ask for a new one.',
              );
          }
        }
        const body: RedeemPairingResponse = { token: redeemed.created.token, tokenInfo: redeemed.created.tokenInfo };
        c.header('Cache-Control', 'no-store');
        return c.json(body, 201);
      },
    );
