import { Hono } from 'hono';
import {
  type CreateTokenResponse,
  createTokenRequestSchema,
  idParamSchema,
  listTokensQuerySchema,
  type TokenInfo,
  type TokensResponse,
} from '../../shared/protocol/accounts.ts';
import type { AppEnv } from '../env.ts';
import { canMintFor, canSeeTeam, canSeeTokensOf, canSeeUser, roleAtMost } from '../http/account-access.ts';
import { jsonBody } from '../http/json-body.ts';
import { paramsOf, queryOf } from '../http/request-parts.ts';
import { requireRole } from '../middleware/auth.ts';
import { errorResponse } from '../middleware/error-response.ts';
import type { Store } from '../store/store.ts';

export type TokenRoutesDeps = { readonly store: Pick<Store, 'accounts'> };

const NOT_FOUND_TOKEN = 'no such token';
const NOT_FOUND_USER = 'no such user';

/**
 * Personal access tokens.
 * - `GET /tokens[?userId=&teamId=]`: the tokens the caller may see (staff: own; lead: own and their staff's;
 *   admin: all), revoked ones included.
 * - `POST /tokens {label, userId?, role?}`: mint a token, shown once (lead: for themselves or their staff;
 *   admin: for anyone). Staff cannot mint. The role defaults to the user's and may be lower, never higher.
 * - `GET /tokens/:id`, `DELETE /tokens/:id`: read or revoke one the caller may see; revoking is immediate.
 * Anything the caller may not see is 404.
 */
export const tokenRoutes = ({ store }: TokenRoutesDeps) =>
  new Hono<AppEnv>()
    .get('/', queryOf(listTokensQuerySchema), async (c) => {
      const caller = c.get('caller');
      const query = c.req.valid('query');
      if (query.teamId !== undefined && !canSeeTeam(caller, query.teamId)) {
        return errorResponse(c, 404, 'not_found', 'no such team');
      }
      if (query.userId !== undefined) {
        const user = await store.accounts.getUser(query.userId);
        if (user === undefined || !canSeeUser(caller, user)) return errorResponse(c, 404, 'not_found', NOT_FOUND_USER);
      }
      const listed = await store.accounts.listTokens({
        // Only admins look beyond their own team.
        teamId: caller.role === 'admin' ? query.teamId : caller.teamId,
        ...(query.userId === undefined ? {} : { userId: query.userId }),
      });
      const tokens: TokenInfo[] = listed
        .filter(({ tokenInfo, ownerRole }) =>
          canSeeTokensOf(caller, { id: tokenInfo.userId, teamId: tokenInfo.teamId, role: ownerRole }),
        )
        .map(({ tokenInfo }) => tokenInfo);
      const body: TokensResponse = { tokens };
      return c.json(body, 200);
    })
    .post('/', requireRole('lead', 'admin'), jsonBody(createTokenRequestSchema), async (c) => {
      const caller = c.get('caller');
      const request = c.req.valid('json');
      const owner = await store.accounts.getUser(request.userId ?? caller.userId);
      if (owner === undefined || !canMintFor(caller, owner)) return errorResponse(c, 404, 'not_found', NOT_FOUND_USER);
      const role = request.role ?? owner.role;
      if (!roleAtMost(role, owner.role)) {
        return errorResponse(c, 400, 'bad_request', `a ${owner.role} cannot hold a ${role} token`);
      }
      if (!roleAtMost(role, caller.role)) {
        return errorResponse(c, 403, 'forbidden', `a ${caller.role} cannot create a ${role} token`);
      }
      const created = await store.accounts.createToken({
        userId: owner.id,
        label: request.label,
        role,
        createdBy: caller.userId,
        now: c.get('auth').now(),
      });
      const body: CreateTokenResponse = { token: created.token, tokenInfo: created.tokenInfo };
      // The only response that ever carries the token: no cache may keep it.
      c.header('Cache-Control', 'no-store');
      return c.json(body, 201);
    })
    .get('/:id', paramsOf(idParamSchema), async (c) => {
      const caller = c.get('caller');
      const found = await store.accounts.getToken(c.req.valid('param').id);
      if (found === undefined || !canSeeTokensOf(caller, ownerOf(found))) {
        return errorResponse(c, 404, 'not_found', NOT_FOUND_TOKEN);
      }
      return c.json(found.tokenInfo, 200);
    })
    .delete('/:id', paramsOf(idParamSchema), async (c) => {
      const caller = c.get('caller');
      const { id } = c.req.valid('param');
      const found = await store.accounts.getToken(id);
      if (found === undefined || !canSeeTokensOf(caller, ownerOf(found))) {
        return errorResponse(c, 404, 'not_found', NOT_FOUND_TOKEN);
      }
      const revoked = await store.accounts.revokeToken(id, c.get('auth').now());
      if (revoked === undefined) return errorResponse(c, 404, 'not_found', NOT_FOUND_TOKEN);
      return c.json(revoked, 200);
    });

const ownerOf = (found: { readonly tokenInfo: TokenInfo; readonly ownerRole: TokenInfo['role'] }) => ({
  id: found.tokenInfo.userId,
  teamId: found.tokenInfo.teamId,
  role: found.ownerRole,
});
