import { Hono } from 'hono';
import type { MeResponse } from '../../shared/protocol/accounts.ts';
import type { AppEnv } from '../env.ts';
import { errorResponse } from '../middleware/error-response.ts';
import type { Store } from '../store/store.ts';

export type MeRoutesDeps = { readonly store: Pick<Store, 'accounts' | 'getTeam'> };

/** `GET /me`: the caller's user, team and the role they act as, for any valid token or session. */
export const meRoutes = ({ store }: MeRoutesDeps) =>
  new Hono<AppEnv>().get('/', async (c) => {
    const caller = c.get('caller');
    const [user, team] = await Promise.all([store.accounts.getUser(caller.userId), store.getTeam(caller.teamId)]);
    // The token or session was just found with its user; both vanishing in between would need a deletion, which
    // nothing does. Answer as for an ended session rather than failing.
    if (user === undefined || team === undefined) return errorResponse(c, 401, 'unauthorized', 'sign in again');
    const body: MeResponse = {
      user,
      team,
      role: caller.role,
      via: caller.tokenId === null ? 'session' : 'token',
      tokenId: caller.tokenId,
    };
    return c.json(body, 200);
  });
