import type { RequestIdVariables } from './middleware/request-id.ts';

/** The Hono environment of the whole app: the context variables its middleware sets. */
export type AppEnv = { Variables: RequestIdVariables };
