import { Hono } from 'hono';
import { attachmentRoutes } from './api/attachments.ts';
import { healthRoutes } from './api/health.ts';
import { journeyRoutes } from './api/journeys.ts';
import { meRoutes } from './api/me.ts';
import { pairingRoutes } from './api/pairing.ts';
import { pairingRedeemRoutes } from './api/pairing-redeem.ts';
import { pullRoutes } from './api/pull.ts';
import { pushRoutes } from './api/push.ts';
import { scoreRoutes } from './api/scores.ts';
import { serviceRoutes } from './api/services.ts';
import { createSignInBucket, signInRoutes } from './api/sign-in.ts';
import { signOutRoutes } from './api/sign-out.ts';
import { targetRoutes } from './api/targets.ts';
import { teamRoutes } from './api/teams.ts';
import { tokenRoutes } from './api/tokens.ts';
import { userRoutes } from './api/users.ts';
import { walkthroughRoutes } from './api/walkthroughs.ts';
import { DEFAULT_BODY_LIMIT_BYTES } from './config.ts';
import type { AppEnv } from './env.ts';
import { createJsonLogger, type Logger } from './logger.ts';
import { provideAuth, requireCaller } from './middleware/auth.ts';
import { limitBody } from './middleware/body-limit.ts';
import { handleErrors, handleNotFound } from './middleware/error-handler.ts';
import type { TokenBucket } from './middleware/rate-limit.ts';
import { requestId } from './middleware/request-id.ts';
import { secureHeadersByPath } from './middleware/secure-headers.ts';
import type { Store } from './store/store.ts';
import { SERVER_VERSION } from './version.ts';
import { loadWebBundle, type WebBundle } from './web/web-bundle.ts';
import { WEB_PAGE_SECURITY, webRoutes } from './web/web-routes.ts';

export type AppDeps = {
  readonly store: Store;
  readonly logger?: Logger;
  readonly version?: string;
  readonly bodyLimitBytes?: number;
  /** ATTACHMENT_MAX_BYTES: the largest screenshot kept (server/api/attachments.ts). */
  readonly attachmentMaxBytes?: number;
  /** Believe X-Forwarded-Proto/-For from a reverse proxy (TRUST_PROXY). Off unless configured. */
  readonly trustProxy?: boolean;
  /** The clock for sessions, sign-in codes and last-used times; tests move it. */
  readonly now?: () => Date;
  /** Sign-in and pairing-code attempts per client address (one budget for both); tests pass a small bucket. */
  readonly signInBucket?: TokenBucket;
  /** The built browser code of the pages (`npm run build:web`); read from dist/web when not given. */
  readonly web?: WebBundle;
};

/** Every API route lives under this prefix; /healthz and the web pages sit outside it. */
const API_PREFIX = '/api/v1';

/**
 * The whole HTTP app, without a port: tests call `app.request()`, server/index.ts serves it.
 *
 * How routes are organised: one file per resource in server/api/, each a Hono sub-app whose paths are relative
 * to the prefix it is mounted under here (`.route('/services', serviceRoutes(deps))`); what routes share
 * (parsing, cursors, access rules) is in server/http/; the HTML pages and their bundled scripts are in
 * server/web/. The API is two sub-apps, both at /api/v1:
 * - `publicApi`: the only API routes open without a caller (sign-in, sign-out, pairing-code redemption);
 * - `guardedApi`: everything else. requireCaller() is applied once, to all of it (`use('/*')`), and a route that
 *   needs a role says so itself: `requireRole('lead', 'admin')` is its first handler. Each resource file's doc
 *   comment has its table of who may do what.
 * Adding a guarded route is a change in its resource file (a new resource: plus its `.route()` line below) and a
 * row in the authorisation matrix (tests/integration/{api,accounts}-authorisation-matrix.ts), which
 * tests/integration/api-routes.test.ts demands: it requests every registered route without credentials (401 unless
 * on its short public list) and fails for a guarded route no matrix row names.
 *
 * Order matters. Hono copies a sub-app's middleware into the parent by path and runs what was registered first
 * first: the guard becomes `ALL /api/v1/*`, so publicApi is mounted before it and its handlers answer before the
 * guard is reached. A request naming no route passes the guard to the 404 (requireCaller). App-wide middleware
 * comes first of all: the request id, so every response (413s, errors, 404s) carries it; secure headers, which
 * wrap everything after them; the body limit, before any route reads a body; provideAuth, the one authenticator
 * the guard uses.
 */
export function createApp({
  store,
  logger = createJsonLogger(),
  version = SERVER_VERSION,
  bodyLimitBytes = DEFAULT_BODY_LIMIT_BYTES,
  attachmentMaxBytes,
  trustProxy = false,
  now = () => new Date(),
  signInBucket = createSignInBucket(),
  web = loadWebBundle(),
}: AppDeps) {
  const recordDeps = {
    store,
    logger,
    now,
    bodyLimitBytes,
    ...(attachmentMaxBytes === undefined ? {} : { attachmentMaxBytes }),
  };

  const publicApi = new Hono<AppEnv>()
    .route('/sign-in', signInRoutes({ store, signInBucket }))
    .route('/sign-out', signOutRoutes({ store }))
    // Sign-in and redemption share one budget of attempts per client address: both take a guessable secret.
    .route('/pairing/redeem', pairingRedeemRoutes({ store, attemptsBucket: signInBucket }));

  const guardedApi = new Hono<AppEnv>()
    .use('/*', requireCaller())
    .route('/me', meRoutes({ store }))
    .route('/tokens', tokenRoutes({ store }))
    .route('/pairing', pairingRoutes({ store }))
    .route('/teams', teamRoutes({ store }))
    .route('/users', userRoutes({ store }))
    .route('/services', serviceRoutes(recordDeps))
    .route('/journeys', journeyRoutes(recordDeps))
    .route('/journeys/:id/targets', targetRoutes(recordDeps))
    .route('/sync', pushRoutes(recordDeps))
    .route('/sync', pullRoutes(recordDeps))
    .route('/attachments', attachmentRoutes(recordDeps))
    .route('/walkthroughs', walkthroughRoutes(recordDeps))
    .route('/scores', scoreRoutes(recordDeps));

  const app = new Hono<AppEnv>()
    .use(requestId())
    // The web pages run same-origin scripts, each under its own CSP; every other response gets the deny-all one.
    .use(secureHeadersByPath(WEB_PAGE_SECURITY))
    .use(limitBody({ maxBytes: bodyLimitBytes }))
    .use(provideAuth({ store, logger, trustProxy, now }))
    .route('/healthz', healthRoutes({ store, version, logger }))
    .route('/', webRoutes(web))
    .route(API_PREFIX, publicApi)
    .route(API_PREFIX, guardedApi);
  app.onError(handleErrors({ logger }));
  app.notFound(handleNotFound());
  return app;
}
