import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { HealthResponse } from '../../shared/protocol/health.ts';
import type { AppEnv } from '../env.ts';
import type { Logger } from '../logger.ts';
import { errorResponse } from '../middleware/error-response.ts';
import type { Store } from '../store/store.ts';

export type HealthRoutesDeps = {
  readonly store: Pick<Store, 'kind' | 'health'>;
  readonly version: string;
  readonly logger: Logger;
};

/**
 * `GET /healthz`: 200 only after the database answered a query, else 503 `unavailable`, so a load balancer
 * takes an instance whose database is gone out of rotation. Readable cross-origin (`*`) on purpose: the
 * extension's options page checks reachability from a chrome-extension:// origin without host permissions, and
 * the answer holds nothing private. No other route gets CORS.
 */
export const healthRoutes = ({ store, version, logger }: HealthRoutesDeps) =>
  new Hono<AppEnv>().use('/', cors({ origin: '*', allowMethods: ['GET', 'HEAD'] })).get('/', async (c) => {
    const health = await store.health();
    if (!health.ok) {
      logger.error('health check: store query failed', {
        requestId: c.get('requestId'),
        store: store.kind,
        error: health.error instanceof Error ? health.error.message : String(health.error),
      });
      return errorResponse(c, 503, 'unavailable', 'the database is not answering');
    }
    const body: HealthResponse = { status: 'ok', store: store.kind, version };
    return c.json(body, 200);
  });
