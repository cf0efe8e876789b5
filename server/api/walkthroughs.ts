import { Hono } from 'hono';
import {
  DEFAULT_WALKTHROUGH_LIST_LIMIT,
  type WalkthroughListResponse,
  type WalkthroughRemovalResponse,
  walkthroughListQuerySchema,
  walkthroughRemovalRequestSchema,
  walkthroughSharingRequestSchema,
} from '../../shared/protocol/walkthroughs.ts';
import type { AppEnv } from '../env.ts';
import type { CatalogRoutesDeps } from '../http/catalog-deps.ts';
import { idParam } from '../http/id-param.ts';
import { jsonBody } from '../http/json-body.ts';
import { queryOf } from '../http/request-parts.ts';
import { decodeWalkthroughCursor, encodeWalkthroughCursor } from '../http/walkthrough-cursor.ts';
import type { Caller } from '../middleware/auth.ts';
import { requireRole } from '../middleware/auth.ts';
import { errorResponse } from '../middleware/error-response.ts';
import type { WalkthroughVisibility } from '../store/queries/walkthroughs.ts';
import { MAX_PULL_BYTES } from './pull.ts';

/** A lead or admin reads the whole team's walkthroughs; staff their own and the shared ones. */
const visibilityOf = (caller: Caller): WalkthroughVisibility =>
  caller.role === 'staff' ? { kind: 'own-or-shared', userId: caller.userId } : { kind: 'team' };

/**
 * Reading walkthroughs and sharing them (shared/protocol/walkthroughs.ts). Every caller is authenticated and
 * scoped to their team; what a caller may not see, another team's above all, is 404 like a missing id.
 *
 * | route | staff | lead, admin |
 * |---|---|---|
 * | GET /walkthroughs | own and shared | the team's |
 * | GET /walkthroughs/:id | own and shared, else 404 | the team's, else 404 |
 * | PUT /walkthroughs/:id/sharing | 403 | the team's, else 404 |
 * | POST /walkthroughs/remove | 403 | the team's, else 404 and nothing removed |
 *
 * Removing takes walkthroughs off the team's record and so out of its scores (the rollups' catch-up reads the
 * removal in the change sequence). Leads and admins only, like sharing: the scores are the team's record, and a
 * sampler who could remove their own walkthroughs could take their slow ones out of it. A removed walkthrough
 * stays removed: the sampler's device keeps its copy (a pull sends no deletions), and if it pushes it again
 * (a retry, a later edit) the push answers duplicate and stores nothing (store/push/push-batch.ts).
 *
 * A list page holds at most `limit` items and stops early (after at least one) once the records pass
 * MAX_PULL_BYTES, the same budget as a pull page: one walkthrough can hold thousands of marks and notes.
 */
export const walkthroughRoutes = ({ store, now = () => new Date() }: CatalogRoutesDeps) =>
  new Hono<AppEnv>()
    .get('/', queryOf(walkthroughListQuerySchema), async (c) => {
      const caller = c.get('caller');
      const { cursor, limit = DEFAULT_WALKTHROUGH_LIST_LIMIT, ...filters } = c.req.valid('query');
      const before = cursor === undefined ? undefined : decodeWalkthroughCursor(cursor);
      if (before === null) {
        return errorResponse(
          c,
          400,
          'bad_request',
          'the cursor is not one this server made: send back the `next` you got unchanged, or none to start over',
        );
      }
      const page = await store.listWalkthroughs(caller.teamId, {
        ...filters,
        ...(before === undefined ? {} : { before }),
        visibility: visibilityOf(caller),
        limit,
        maxBytes: MAX_PULL_BYTES,
      });
      const body: WalkthroughListResponse = {
        items: [...page.items],
        next: page.next === null ? null : encodeWalkthroughCursor(page.next),
      };
      return c.json(body, 200);
    })
    .get('/:id', idParam('walkthrough'), async (c) => {
      const caller = c.get('caller');
      const item = await store.getWalkthroughItem(caller.teamId, c.req.valid('param').id, visibilityOf(caller));
      return item === undefined ? errorResponse(c, 404, 'not_found', 'walkthrough not found') : c.json(item, 200);
    })
    .put(
      '/:id/sharing',
      // The roles that see the whole team's walkthroughs are the ones that may share them.
      requireRole('lead', 'admin'),
      idParam('walkthrough'),
      jsonBody(walkthroughSharingRequestSchema),
      async (c) => {
        const caller = c.get('caller');
        const item = await store.setWalkthroughSharing({
          teamId: caller.teamId,
          walkthroughId: c.req.valid('param').id,
          shared: c.req.valid('json').shared,
          by: caller.userId,
          now: now().toISOString(),
        });
        return item === undefined ? errorResponse(c, 404, 'not_found', 'walkthrough not found') : c.json(item, 200);
      },
    )
    .post('/remove', requireRole('lead', 'admin'), jsonBody(walkthroughRemovalRequestSchema), async (c) => {
      const { teamId } = c.get('caller');
      const ids = [...new Set(c.req.valid('json').ids)];
      const present = await store.teamWalkthroughIds(teamId, ids);
      const gone = ids.filter((id) => !present.has(id));
      const earlier = await store.removedWalkthroughIds(teamId, gone);
      const unknown = gone.filter((id) => !earlier.has(id));
      // All or nothing, checked before anything is removed: a request naming another team's walkthrough (which
      // looks like a missing one) removes none of the others either.
      if (unknown.length > 0) {
        return errorResponse(
          c,
          404,
          'not_found',
          `${unknown.length} of the ${ids.length} walkthroughs not found: nothing was removed`,
        );
      }
      const removed = new Set(await store.removeWalkthroughs(teamId, [...present]));
      // One that vanished between the check and the removal was removed by a request that ran in between.
      const body: WalkthroughRemovalResponse = {
        removed: ids.filter((id) => removed.has(id)),
        alreadyRemoved: ids.filter((id) => !removed.has(id)),
      };
      return c.json(body, 200);
    });
