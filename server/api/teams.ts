import { Hono } from 'hono';
import { createTeamRequestSchema, idParamSchema, type TeamsResponse } from '../../shared/protocol/accounts.ts';
import type { Team } from '../../shared/schemas/team.ts';
import type { AppEnv } from '../env.ts';
import { canSeeTeam } from '../http/account-access.ts';
import { jsonBody } from '../http/json-body.ts';
import { paramsOf } from '../http/request-parts.ts';
import { requireRole } from '../middleware/auth.ts';
import { errorResponse } from '../middleware/error-response.ts';
import type { Store } from '../store/store.ts';

export type TeamRoutesDeps = { readonly store: Pick<Store, 'accounts' | 'getTeam'> };

/**
 * Teams.
 * - `GET /teams`: admin: every team; others: their own.
 * - `POST /teams {name}`: admin only; names are unique (409 `conflict` when taken).
 * - `GET /teams/:id`: a team the caller may see, else 404.
 */
export const teamRoutes = ({ store }: TeamRoutesDeps) =>
  new Hono<AppEnv>()
    .get('/', async (c) => {
      const caller = c.get('caller');
      let teams: Team[];
      if (caller.role === 'admin') teams = await store.accounts.listTeams();
      else {
        const own = await store.getTeam(caller.teamId);
        teams = own === undefined ? [] : [own];
      }
      const body: TeamsResponse = { teams };
      return c.json(body, 200);
    })
    .post('/', requireRole('admin'), jsonBody(createTeamRequestSchema), async (c) => {
      const created = await store.accounts.createTeam(c.req.valid('json').name, c.get('auth').now());
      if (!created.ok) return errorResponse(c, 409, 'conflict', 'a team with this name exists');
      return c.json(created.team, 201);
    })
    .get('/:id', paramsOf(idParamSchema), async (c) => {
      const { id } = c.req.valid('param');
      const team = canSeeTeam(c.get('caller'), id) ? await store.getTeam(id) : undefined;
      if (team === undefined) return errorResponse(c, 404, 'not_found', 'no such team');
      return c.json(team, 200);
    });
