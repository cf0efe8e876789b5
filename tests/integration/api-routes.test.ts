import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { seedCaller, seedTeam } from '../helpers/accounts.ts';
import { type OpenedStore, sqliteStoreFactory } from '../helpers/store-factories.ts';
import { ROWS } from './accounts-authorisation-matrix.ts';
import { ROUTES, routeOf } from './api-authorisation-matrix.ts';

type App = ReturnType<typeof createApp>;

/**
 * Every route the app registers, as `METHOD /path/:param`. Middleware for every method on a wildcard (`use('/*')`)
 * names no route: requireCaller lets a request that matches only such middleware through to the 404.
 */
function registeredRoutes(app: App): Set<string> {
  return new Set(
    app.routes
      .filter((route) => route.method !== 'ALL' || !route.path.endsWith('*'))
      .map((route) => `${route.method} ${route.path}`),
  );
}

/** The routes anyone may call without a token or session. Every other route must answer 401 to them. */
const PUBLIC: ReadonlySet<string> = new Set([
  'GET /healthz',
  // The health check's CORS middleware, which answers preflights too.
  'ALL /healthz',
  // The web pages and their bundled scripts.
  'GET /sign-in',
  'GET /pair',
  'GET /assets/:file',
  // How one gets a session or a token in the first place, and how one drops it.
  'POST /api/v1/sign-in',
  'POST /api/v1/sign-out',
  'POST /api/v1/pairing/redeem',
]);

/** Some id for every `:param`: a well-formed UUIDv7, so no validator gets the chance to answer first. */
const concrete = (path: string): string => path.replace(/:\w+/g, '019b8d62-7a81-7ca7-8000-00000000abcd');

describe('the routes of createApp', () => {
  let opened: OpenedStore;
  let app: App;
  let routes: Set<string>;
  beforeAll(async () => {
    opened = await sqliteStoreFactory.open();
    await opened.store.migrate();
    app = createApp({ store: opened.store, logger: createMemoryLogger() });
    routes = registeredRoutes(app);
  });
  afterAll(async () => {
    await opened?.dispose();
  });

  it('are all either public or refused without credentials (401 before anything else)', async () => {
    const guarded = [...routes].filter((route) => !PUBLIC.has(route));
    // A wiring slip that leaves the guard out of the picture leaves this list short, not empty.
    expect(guarded.length).toBeGreaterThan(30);
    for (const route of guarded) {
      const [method = '', path = ''] = route.split(' ');
      const response = await app.request(concrete(path), {
        method: method === 'ALL' ? 'GET' : method,
        // Everything but credentials: a body and the CSRF header, so only the guard can refuse it.
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'fetch' },
        ...(method === 'GET' || method === 'ALL' ? {} : { body: '{}' }),
      });
      expect(response.status, route).toBe(401);
      expect(errorEnvelopeSchema.parse(await response.json()).code, route).toBe('unauthorized');
      expect(response.headers.get('WWW-Authenticate'), route).toBe('Bearer realm="journey-sampler"');
    }
  });

  it('register for every method on a wildcard path only the middleware this test knows', () => {
    // requireCaller treats what matches only such entries as no route (it lets it through to the 404), so a route
    // handler registered with `.all('/x/*', …)` would pass the guard unchecked: it must not exist.
    const wildcards = app.routes
      .filter((route) => route.method === 'ALL' && route.path.endsWith('*'))
      .map((route) => `${route.path} ${route.handler.name}`);
    expect(wildcards.sort()).toEqual(
      [
        '/* requestIdMiddleware',
        '/* secureHeadersByPathMiddleware',
        '/* limitBodyMiddleware',
        '/* provideAuthMiddleware',
        '/api/v1/* requireCallerMiddleware',
      ].sort(),
    );
  });

  it('include every route of the public allow-list (no stale entries)', () => {
    for (const route of PUBLIC) expect(routes.has(route), route).toBe(true);
  });

  it('are each named by the authorisation matrix when guarded, and the matrix names only routes that exist', () => {
    const named = new Set([...ROUTES.map(routeOf), ...ROWS.map((row) => row.pattern)]);
    const unnamed = [...routes].filter((route) => !PUBLIC.has(route) && !named.has(route));
    expect(unnamed, 'guarded routes no row of api- or accounts-authorisation-matrix.ts requests').toEqual([]);
    const unknown = [...named].filter((route) => !routes.has(route));
    expect(unknown, 'matrix rows naming no registered route').toEqual([]);
  });

  it('leave a path that names no route to the 404, with or without credentials', async () => {
    const teamId = (await seedTeam(opened.store, 'Routes')).id;
    const { headers } = await seedCaller(opened.store, { teamId, role: 'lead' });
    for (const [method, path] of [
      ['GET', '/api/v1/nothing-here'],
      ['GET', concrete('/api/v1/services/:id/nothing-here')],
      // A method the path does not take: no route either.
      ['GET', '/api/v1/sync/push'],
      ['DELETE', '/api/v1/services'],
    ] as const) {
      for (const credentials of [{}, headers]) {
        const response = await app.request(path, { method, headers: credentials });
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(errorEnvelopeSchema.parse(await response.json()).code).toBe('not_found');
      }
    }
  });
});
