import { Hono } from 'hono';
import { healthRoutes } from './api/health.ts';
import { meRoutes } from './api/me.ts';
import { pairingRoutes } from './api/pairing.ts';
import { PAIRING_PAGE_CSP, PAIRING_PAGE_PATHS, pairingPageRoutes } from './api/pairing-page.ts';
import { createSignInBucket, signInRoutes } from './api/sign-in.ts';
import { SIGN_IN_PAGE_CSP, SIGN_IN_PAGE_PATHS, signInPageRoutes } from './api/sign-in-page.ts';
import { apiRoutes } from './api/sync-and-catalog.ts';
import { teamRoutes } from './api/teams.ts';
import { tokenRoutes } from './api/tokens.ts';
import { userRoutes } from './api/users.ts';
import { DEFAULT_BODY_LIMIT_BYTES } from './config.ts';
import type { AppEnv } from './env.ts';
import { createJsonLogger, type Logger } from './logger.ts';
import { provideAuth } from './middleware/auth.ts';
import { limitBody } from './middleware/body-limit.ts';
import { handleErrors, handleNotFound } from './middleware/error-handler.ts';
import type { TokenBucket } from './middleware/rate-limit.ts';
import { requestId } from './middleware/request-id.ts';
import { secureHeadersByPath } from './middleware/secure-headers.ts';
import type { Store } from './store/store.ts';
import { SERVER_VERSION } from './version.ts';

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
};

/** Every API route lives under this prefix; /healthz and the sign-in page sit outside it. */
const API_PREFIX = '/api/v1';

/**
 * The whole HTTP app, without a port: tests call `app.request()`, server/index.ts serves it.
 * Middleware order matters: the request id comes first so every later response (413s, errors, 404s) carries it;
 * secure headers wrap everything after them; the body limit runs before any route reads a body; provideAuth
 * makes the one authenticator available to every requireCaller() in the routes.
 * Account routes (server/api/{sign-in,me,tokens,pairing,teams,users}.ts) come first, then the catalog and sync
 * routes (server/api/sync-and-catalog.ts). Each guards its own paths with requireCaller(); sign-in, sign-out and
 * pairing-code redemption are the only API routes open without a caller (the last two share one rate limit).
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
}: AppDeps) {
  const app = new Hono<AppEnv>()
    .use(requestId())
    // The sign-in and pairing pages run one same-origin script each; every other response gets the deny-all CSP.
    .use(
      secureHeadersByPath([
        { paths: SIGN_IN_PAGE_PATHS, contentSecurityPolicy: SIGN_IN_PAGE_CSP },
        { paths: PAIRING_PAGE_PATHS, contentSecurityPolicy: PAIRING_PAGE_CSP },
      ]),
    )
    .use(limitBody({ maxBytes: bodyLimitBytes }))
    .use(provideAuth({ store, logger, trustProxy, now }))
    .route('/', healthRoutes({ store, version, logger }))
    .route('/', signInPageRoutes())
    .route('/', pairingPageRoutes())
    .route(API_PREFIX, signInRoutes({ store, signInBucket }))
    .route(API_PREFIX, meRoutes({ store }))
    .route(API_PREFIX, tokenRoutes({ store }))
    .route(API_PREFIX, pairingRoutes({ store, attemptsBucket: signInBucket }))
    .route(API_PREFIX, teamRoutes({ store }))
    .route(API_PREFIX, userRoutes({ store }))
    .route(
      API_PREFIX,
      apiRoutes({
        store,
        logger,
        now,
        bodyLimitBytes,
        ...(attachmentMaxBytes === undefined ? {} : { attachmentMaxBytes }),
      }),
    );
  app.onError(handleErrors({ logger }));
  app.notFound(handleNotFound());
  return app;
}

export type App = ReturnType<typeof createApp>;
