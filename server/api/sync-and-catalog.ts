import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { requireCaller } from '../middleware/auth.ts';
import { ATTACHMENT_PATHS, type AttachmentRoutesDeps, attachmentRoutes } from './attachments.ts';
import type { CatalogRoutesDeps } from './catalog-deps.ts';
import { journeyRoutes } from './journeys.ts';
import { pullRoutes } from './pull.ts';
import { pushRoutes } from './push.ts';
import { serviceRoutes } from './services.ts';
import { targetRoutes } from './targets.ts';
import { WALKTHROUGH_PATHS, walkthroughRoutes } from './walkthroughs.ts';

export type ApiRoutesDeps = CatalogRoutesDeps & AttachmentRoutesDeps;

/**
 * The paths this sub-app answers. requireCaller() is applied to these only, not to `*`: Hono copies a
 * sub-app's middleware into the parent by path, so a bare `.use(requireCaller())` here would also guard every
 * other route mounted under the same prefix (sign-in, which must stay open).
 */
const GUARDED_PATHS = [
  '/services',
  '/services/*',
  '/journeys',
  '/journeys/*',
  '/sync/*',
  ...ATTACHMENT_PATHS,
  ...WALKTHROUGH_PATHS,
] as const;

/**
 * The catalog REST API and the sync endpoints, each request authenticated (401 without a valid token or
 * session) and scoped to the caller's team. createApp mounts it at `/api/v1`:
 *
 * | route | staff | lead, admin |
 * |---|---|---|
 * | GET /services, /services/:id, /journeys, /journeys/:id, /journeys/:id/targets | yes | yes |
 * | POST /services, /journeys; PUT /services/:id, /journeys/:id, /journeys/:id/targets; POST …/archive, …/unarchive | 403 | yes |
 * | POST /sync/push, /sync/pull (own walkthroughs) | yes | yes |
 * | PUT, PATCH /attachments/:id (screenshots of own walkthroughs) | yes | yes |
 * | GET /attachments/:id, /attachments/:id/status | own and shared walkthroughs' | the team's |
 * | GET /walkthroughs, /walkthroughs/:id | own and shared ones | the team's |
 * | PUT /walkthroughs/:id/sharing | 403 | yes |
 *
 * Another team's record is 404, like a missing one.
 *
 * @example
 * ```ts
 * app.route('/api/v1', apiRoutes({ store, logger }));
 * ```
 */
export function apiRoutes(deps: ApiRoutesDeps) {
  const app = new Hono<AppEnv>();
  for (const path of GUARDED_PATHS) app.use(path, requireCaller());
  return app
    .route('/', serviceRoutes(deps))
    .route('/', journeyRoutes(deps))
    .route('/', targetRoutes(deps))
    .route('/', pushRoutes(deps))
    .route('/', pullRoutes(deps))
    .route('/', attachmentRoutes(deps))
    .route('/', walkthroughRoutes(deps));
}
