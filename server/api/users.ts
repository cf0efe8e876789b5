import { Hono } from 'hono';
import {
  createUserRequestSchema,
  idParamSchema,
  listUsersQuerySchema,
  type User,
  type UsersResponse,
} from '../../shared/protocol/accounts.ts';
import type { AppEnv } from '../env.ts';
import { canSeeTeam, canSeeUser } from '../http/account-access.ts';
import { jsonBody } from '../http/json-body.ts';
import { paramsOf, queryOf } from '../http/request-parts.ts';
import { requireRole } from '../middleware/auth.ts';
import { errorResponse } from '../middleware/error-response.ts';
import type { Store } from '../store/store.ts';

export type UserRoutesDeps = { readonly store: Pick<Store, 'accounts'> };

/**
 * Users.
 * - `GET /users[?teamId=]`: admin: everyone (or one team); lead: their team; staff: themselves.
 * - `POST /users {name, role, teamId?}`: admin: any team and role; lead: staff in their own team. Names are
 *   unique within a team (409 `conflict`).
 * - `GET /users/:id`: a user the caller may see, else 404.
 */
export const userRoutes = ({ store }: UserRoutesDeps) =>
  new Hono<AppEnv>()
    .get('/', queryOf(listUsersQuerySchema), async (c) => {
      const caller = c.get('caller');
      const { teamId } = c.req.valid('query');
      if (teamId !== undefined && !canSeeTeam(caller, teamId))
        return errorResponse(c, 404, 'not_found', 'no such team');
      let users: User[];
      if (caller.role === 'admin') users = await store.accounts.listUsers(teamId === undefined ? {} : { teamId });
      else if (caller.role === 'lead') users = await store.accounts.listUsers({ teamId: caller.teamId });
      else {
        const self = await store.accounts.getUser(caller.userId);
        users = self === undefined ? [] : [self];
      }
      const body: UsersResponse = { users };
      return c.json(body, 200);
    })
    .post('/', requireRole('lead', 'admin'), jsonBody(createUserRequestSchema), async (c) => {
      const caller = c.get('caller');
      const request = c.req.valid('json');
      const teamId = request.teamId ?? caller.teamId;
      if (!canSeeTeam(caller, teamId)) return errorResponse(c, 404, 'not_found', 'no such team');
      if (caller.role === 'lead' && request.role !== 'staff') {
        return errorResponse(c, 403, 'forbidden', 'leads create staff users only');
      }
      const created = await store.accounts.createUser({
        teamId,
        name: request.name,
        role: request.role,
        createdBy: caller.userId,
        now: c.get('auth').now(),
      });
      if (!created.ok) {
        return created.reason === 'unknown_team'
          ? errorResponse(c, 404, 'not_found', 'no such team')
          : errorResponse(c, 409, 'conflict', 'a user with this name exists in the team');
      }
      return c.json(created.user, 201);
    })
    .get('/:id', paramsOf(idParamSchema), async (c) => {
      const user = await store.accounts.getUser(c.req.valid('param').id);
      if (user === undefined || !canSeeUser(c.get('caller'), user)) {
        return errorResponse(c, 404, 'not_found', 'no such user');
      }
      return c.json(user, 200);
    });
