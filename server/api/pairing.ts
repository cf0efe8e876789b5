import { Hono } from 'hono';
import { lowerRole } from '../../shared/protocol/accounts.ts';
import { type CreatePairingResponse, createPairingRequestSchema, pairingLink } from '../../shared/protocol/pairing.ts';
import type { AppEnv } from '../env.ts';
import { canSeeTokensOf, roleAtMost } from '../http/account-access.ts';
import { jsonBody } from '../http/json-body.ts';
import { isHttps } from '../middleware/auth.ts';
import { errorResponse } from '../middleware/error-response.ts';
import type { Store } from '../store/store.ts';

export type PairingRoutesDeps = { readonly store: Pick<Store, 'accounts'> };

const NOT_FOUND_USER = 'no such user';

/** The address the caller reached this server at: the base of the links it hands out. */
function serverBase(c: Parameters<typeof isHttps>[0], trustProxy: boolean): string {
  const { host } = new URL(c.req.url);
  return `${isHttps(c, trustProxy) ? 'https' : 'http'}://${host}`;
}

/**
 * Minting pairing links (shared/protocol/pairing.ts); the link is redeemed without a caller at
 * `POST /pairing/redeem` (pairing-redeem.ts).
 * - `POST /pairing {userId?, role?}`: mints a one-time link for the caller (any role, staff included: pairing
 *   their own extension is what a sampler does), or, for a lead, for a staff member of their team, or, for an
 *   admin, for anyone: the same people whose tokens the caller may see (server/http/account-access.ts). Anyone
 *   else is 404. The token it will make defaults to the lower of the user's and the caller's role and may be
 *   lower still. The answer carries a secret (the link): never cached.
 */
export const pairingRoutes = ({ store }: PairingRoutesDeps) =>
  new Hono<AppEnv>().post('/', jsonBody(createPairingRequestSchema), async (c) => {
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
  });
