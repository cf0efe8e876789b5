import { Hono } from 'hono';
import { healthRoutes } from './api/health.ts';
import { DEFAULT_BODY_LIMIT_BYTES } from './config.ts';
import type { AppEnv } from './env.ts';
import { createJsonLogger, type Logger } from './logger.ts';
import { limitBody } from './middleware/body-limit.ts';
import { handleErrors, handleNotFound } from './middleware/error-handler.ts';
import { requestId } from './middleware/request-id.ts';
import { apiSecureHeaders } from './middleware/secure-headers.ts';
import type { Store } from './store/store.ts';
import { SERVER_VERSION } from './version.ts';

export type AppDeps = {
  readonly store: Store;
  readonly logger?: Logger;
  readonly version?: string;
  readonly bodyLimitBytes?: number;
};

/**
 * The whole HTTP app, without a port: tests call `app.request()`, server/index.ts serves it.
 * Middleware order matters: the request id comes first so every later response (413s, errors, 404s) carries it;
 * secure headers wrap everything after them; the body limit runs before any route reads a body.
 */
export function createApp({
  store,
  logger = createJsonLogger(),
  version = SERVER_VERSION,
  bodyLimitBytes = DEFAULT_BODY_LIMIT_BYTES,
}: AppDeps) {
  const app = new Hono<AppEnv>()
    .use(requestId())
    .use(apiSecureHeaders())
    .use(limitBody({ maxBytes: bodyLimitBytes }))
    .route('/', healthRoutes({ store, version, logger }));
  app.onError(handleErrors({ logger }));
  app.notFound(handleNotFound());
  return app;
}

export type App = ReturnType<typeof createApp>;
