import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { type SeededCaller, seedCaller, seedTeam } from '../../tests/helpers/accounts.ts';
import { type OpenedStore, sqliteStoreFactory } from '../../tests/helpers/store-factories.ts';
import type { AppEnv } from '../env.ts';
import { createMemoryLogger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import {
  type AuthOptions,
  type Caller,
  clientAddress,
  isHttps,
  provideAuth,
  requireCaller,
  requireRole,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
} from './auth.ts';
import { handleErrors } from './error-handler.ts';
import { requestId } from './request-id.ts';

const T0 = new Date('2026-01-05T09:00:00.000Z');

/** A clock the test moves by hand. */
function manualClock(start: Date = T0) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

/** A tiny app: who am I (GET) and a change (POST), both behind requireCaller; one lead-only route. */
function appWith(options: AuthOptions) {
  const logger = createMemoryLogger();
  const app = new Hono<AppEnv>()
    .use(requestId())
    .use(provideAuth({ ...options, logger }))
    .get('/who', requireCaller(), (c) => c.json(c.get('caller')))
    .post('/change', requireCaller(), (c) => c.json(c.get('caller')))
    .get('/leads-only', requireCaller(), requireRole('lead', 'admin'), (c) => c.text('ok'));
  app.onError(handleErrors({ logger }));
  return { app, logger };
}

async function expectEnvelope(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(errorEnvelopeSchema.parse(await response.json()).code).toBe(code);
}

describe('requireCaller', () => {
  let opened: OpenedStore;
  let store: Store;
  let teamId: string;
  let lead: SeededCaller;
  let clock: ReturnType<typeof manualClock>;
  beforeEach(async () => {
    opened = await sqliteStoreFactory.open();
    store = opened.store;
    await store.migrate();
    teamId = (await seedTeam(store, 'Service desk')).id;
    lead = await seedCaller(store, { teamId, role: 'lead', now: T0 });
    clock = manualClock();
  });
  afterEach(async () => {
    await opened.dispose();
  });

  const signIn = async (tokenId: string | null = null, userId = lead.user.id) =>
    (await store.accounts.createSession({ userId, teamId, role: 'lead', tokenId, now: clock.now() })).sessionId;

  it('sets the caller from a Bearer token', async () => {
    const { app } = appWith({ store, now: clock.now });
    const response = await app.request('/who', { headers: lead.headers });
    expect(response.status).toBe(200);
    const caller: Caller = { userId: lead.user.id, teamId, role: 'lead', tokenId: lead.tokenId };
    expect(await response.json()).toEqual(caller);
  });

  it.each([
    ['no credentials', {}],
    ['another scheme', { Authorization: 'Basic dXNlcjpwYXNz' }],
    ['Bearer without a token', { Authorization: 'Bearer ' }],
    ['a token without the prefix', { Authorization: `Bearer ${'a'.repeat(43)}` }],
    ['an unknown token of the right shape', { Authorization: `Bearer jsp_${'a'.repeat(43)}` }],
  ])('answers %s with 401 unauthorized and a Bearer challenge', async (_name, headers) => {
    const { app } = appWith({ store, now: clock.now });
    const response = await app.request('/who', { headers });
    expect(response.headers.get('WWW-Authenticate')).toBe('Bearer realm="journey-sampler"');
    await expectEnvelope(response, 401, 'unauthorized');
  });

  it('refuses a revoked token on the very next request', async () => {
    const { app } = appWith({ store, now: clock.now });
    expect((await app.request('/who', { headers: lead.headers })).status).toBe(200);
    await store.accounts.revokeToken(lead.tokenId, clock.now());
    await expectEnvelope(await app.request('/who', { headers: lead.headers }), 401, 'unauthorized');
  });

  it('acts with the lower of the token role and the user role', async () => {
    const { token } = await store.accounts.createToken({ userId: lead.user.id, label: 'as staff', role: 'staff' });
    const { app } = appWith({ store, now: clock.now });
    const response = await app.request('/who', { headers: { Authorization: `Bearer ${token}` } });
    expect(((await response.json()) as Caller).role).toBe('staff');
    await expectEnvelope(
      await app.request('/leads-only', { headers: { Authorization: `Bearer ${token}` } }),
      403,
      'forbidden',
    );
    expect((await app.request('/leads-only', { headers: lead.headers })).status).toBe(200);
  });

  it('records the last use at most once a minute per token', async () => {
    const { app } = appWith({ store, now: clock.now });
    const lastUsed = async () => (await store.accounts.getToken(lead.tokenId))?.tokenInfo.lastUsedAt;
    expect(await lastUsed()).toBeNull();

    await app.request('/who', { headers: lead.headers });
    expect(await lastUsed()).toBe(T0.toISOString());
    clock.advance(59_000);
    await app.request('/who', { headers: lead.headers });
    expect(await lastUsed()).toBe(T0.toISOString());
    clock.advance(1_000);
    await app.request('/who', { headers: lead.headers });
    expect(await lastUsed()).toBe(new Date(T0.getTime() + 60_000).toISOString());
  });

  it('does not fail the request when recording the use fails, and says so in the log', async () => {
    const failing: Pick<Store, 'accounts'> = {
      accounts: { ...store.accounts, touchToken: () => Promise.reject(new Error('disk full')) },
    };
    const { app, logger } = appWith({ store: failing, now: clock.now });
    expect((await app.request('/who', { headers: lead.headers })).status).toBe(200);
    expect(logger.entries).toMatchObject([{ level: 'warn', fields: { error: 'disk full' } }]);
  });

  describe('with a dashboard session cookie', () => {
    it('reads GET requests, and needs the X-Requested-With header for changes', async () => {
      const { app } = appWith({ store, now: clock.now });
      const cookie = `${SESSION_COOKIE}=${await signIn()}`;
      const read = await app.request('/who', { headers: { Cookie: cookie } });
      expect(((await read.json()) as Caller).tokenId).toBeNull();
      await expectEnvelope(
        await app.request('/change', { method: 'POST', headers: { Cookie: cookie } }),
        403,
        'forbidden',
      );
      const withHeader = await app.request('/change', {
        method: 'POST',
        headers: { Cookie: cookie, 'X-Requested-With': 'fetch' },
      });
      expect(withHeader.status).toBe(200);
    });

    it('ignores the cookie entirely when an Authorization header is present', async () => {
      const { app } = appWith({ store, now: clock.now });
      const cookie = `${SESSION_COOKIE}=${await signIn()}`;
      const response = await app.request('/who', { headers: { Cookie: cookie, Authorization: 'Bearer nonsense' } });
      await expectEnvelope(response, 401, 'unauthorized');
      // And a Bearer request needs no CSRF header: browsers never add Authorization by themselves.
      expect((await app.request('/change', { method: 'POST', headers: lead.headers })).status).toBe(200);
    });

    it('ends the session at its expiry', async () => {
      const { app } = appWith({ store, now: clock.now });
      const cookie = `${SESSION_COOKIE}=${await signIn()}`;
      clock.advance(8 * 60 * 60 * 1000 - 1);
      expect((await app.request('/who', { headers: { Cookie: cookie } })).status).toBe(200);
      clock.advance(1);
      await expectEnvelope(await app.request('/who', { headers: { Cookie: cookie } }), 401, 'unauthorized');
    });

    it('ends a session opened with a pasted token when that token is revoked', async () => {
      const { app } = appWith({ store, now: clock.now });
      const cookie = `${SESSION_COOKIE}=${await signIn(lead.tokenId)}`;
      expect((await app.request('/who', { headers: { Cookie: cookie } })).status).toBe(200);
      await store.accounts.revokeToken(lead.tokenId, clock.now());
      await expectEnvelope(await app.request('/who', { headers: { Cookie: cookie } }), 401, 'unauthorized');
    });

    it('reads the __Host- cookie over HTTPS only, and the plain one over HTTP only', async () => {
      const { app } = appWith({ store, now: clock.now });
      const sessionId = await signIn();
      const secure = { Cookie: `${SECURE_SESSION_COOKIE}=${sessionId}` };
      const plain = { Cookie: `${SESSION_COOKIE}=${sessionId}` };
      expect((await app.request('https://js.example/who', { headers: secure })).status).toBe(200);
      expect((await app.request('http://js.example/who', { headers: secure })).status).toBe(401);
      expect((await app.request('http://js.example/who', { headers: plain })).status).toBe(200);
      expect((await app.request('https://js.example/who', { headers: plain })).status).toBe(401);
    });

    it('ignores cookie values that cannot be session ids without a lookup', async () => {
      const { app } = appWith({ store, now: clock.now });
      for (const value of ['', 'x', '%zz', 'a'.repeat(44), `${'a'.repeat(42)}=`]) {
        const response = await app.request('/who', { headers: { Cookie: `${SESSION_COOKIE}=${value}` } });
        await expectEnvelope(response, 401, 'unauthorized');
      }
    });
  });

  it('works with its own options where no provideAuth is mounted, and is a 500 bug without either', async () => {
    const own = new Hono<AppEnv>()
      .use(requestId())
      .get('/who', requireCaller({ store }), (c) => c.json(c.get('caller')));
    expect((await own.request('/who', { headers: lead.headers })).status).toBe(200);
    const logger = createMemoryLogger();
    const unwired = new Hono<AppEnv>().use(requestId()).get('/who', requireCaller(), (c) => c.text('unreachable'));
    unwired.onError(handleErrors({ logger }));
    await expectEnvelope(await unwired.request('/who', { headers: lead.headers }), 500, 'internal');
  });
});

describe('proxy headers', () => {
  const probe = (trustProxy: boolean) =>
    new Hono().get('/', (c) => c.json({ https: isHttps(c, trustProxy), address: clientAddress(c, trustProxy) }));
  const forwarded = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.9, 198.51.100.7' };

  it('are ignored unless the proxy is trusted', async () => {
    const response = await probe(false).request('http://js.example/', { headers: forwarded });
    expect(await response.json()).toEqual({ https: false, address: 'unknown' });
  });

  it('are believed from a trusted proxy: the scheme, and the last X-Forwarded-For hop', async () => {
    const response = await probe(true).request('http://js.example/', { headers: forwarded });
    expect(await response.json()).toEqual({ https: true, address: '198.51.100.7' });
  });
});
