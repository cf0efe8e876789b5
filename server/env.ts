import type { AuthVariables } from './middleware/auth.ts';
import type { RequestIdVariables } from './middleware/request-id.ts';

/**
 * The Hono environment of the whole app: the context variables its middleware sets. `caller` is set by
 * requireCaller() (server/middleware/auth.ts) on authenticated routes only; `auth` by provideAuth() everywhere.
 */
export type AppEnv = { Variables: RequestIdVariables & AuthVariables };
