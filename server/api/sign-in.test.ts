import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meResponseSchema, signInResponseSchema } from '../../shared/protocol/accounts.ts';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { type SeededCaller, seedCaller, seedTeam } from '../../tests/helpers/accounts.ts';
import { type OpenedStore, sqliteStoreFactory } from '../../tests/helpers/store-factories.ts';
import { createApp } from '../app.ts';
import { createMemoryLogger } from '../logger.ts';
import { createTokenBucket } from '../middleware/rate-limit.ts';
import { hashSecret } from '../store/accounts/secret.ts';
import { SIGN_IN_CODE_TTL_MS } from '../store/accounts/sign-in-codes.ts';
import type { Store } from '../store/store.ts';
import { testDatabase } from '../store/testing/test-database.ts';

const T0 = new Date('2026-01-05T09:00:00.000Z');
const CSRF = { 'X-Requested-With': 'fetch' };
const JSON_HEADERS = { 'Content-Type': 'application/json', ...CSRF };

/** Splits one Set-Cookie header into its name=value and its attributes, lower-cased. */
function parseSetCookie(header: string | null) {
  const [pair = '', ...attributes] = (header ?? '').split(';').map((part) => part.trim());
  const [name = '', value = ''] = pair.split('=');
  return { name, value, attributes: attributes.map((a) => a.toLowerCase()) };
}

describe('sign-in and sign-out', () => {
  let opened: OpenedStore;
  let store: Store;
  let teamId: string;
  let staff: SeededCaller;
  let lead: SeededCaller;
  let now: Date;
  beforeEach(async () => {
    opened = await sqliteStoreFactory.open();
    store = opened.store;
    await store.migrate();
    teamId = (await seedTeam(store, 'Service desk')).id;
    staff = await seedCaller(store, { teamId, role: 'staff' });
    lead = await seedCaller(store, { teamId, role: 'lead' });
    now = T0;
  });
  afterEach(async () => {
    await opened.dispose();
  });

  const appFor = (options: { trustProxy?: boolean; capacity?: number } = {}) =>
    createApp({
      store,
      logger: createMemoryLogger(),
      now: () => now,
      trustProxy: options.trustProxy ?? false,
      signInBucket: createTokenBucket({ capacity: options.capacity ?? 100, refillPerSecond: 1, now: () => 0 }),
    });

  const codeFor = async (userId: string) => (await store.accounts.createSignInCode({ userId, now })).code;

  const signIn = (
    app: ReturnType<typeof appFor>,
    body: unknown,
    url = 'http://localhost/api/v1/sign-in',
    headers = {},
  ) => app.request(url, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });

  async function expectEnvelope(response: Response, status: number, code: string): Promise<string> {
    expect(response.status).toBe(status);
    const envelope = errorEnvelopeSchema.parse(await response.json());
    expect(envelope.code).toBe(code);
    return envelope.message;
  }

  it('exchanges a one-time code for an httpOnly, SameSite=Strict session cookie, without Secure over HTTP', async () => {
    const app = appFor();
    const response = await signIn(app, { code: await codeFor(lead.user.id) });
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const body = signInResponseSchema.parse(await response.json());
    expect(body).toMatchObject({ user: { id: lead.user.id }, team: { id: teamId }, role: 'lead' });
    expect(body.expiresAt).toBe(new Date(T0.getTime() + 8 * 3600_000).toISOString());

    const cookie = parseSetCookie(response.headers.get('Set-Cookie'));
    expect(cookie.name).toBe('jsp_session');
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.attributes).toEqual(
      expect.arrayContaining(['httponly', 'samesite=strict', 'path=/', `max-age=${8 * 3600}`]),
    );
    expect(cookie.attributes).not.toContain('secure');
    expect(cookie.attributes.some((a) => a.startsWith('domain='))).toBe(false);

    // The session is stored hashed: the cookie value is nowhere in the table.
    const rows = await testDatabase(store).selectFrom('sessions').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(cookie.value);
    expect(rows[0]?.id_hash).toBe(hashSecret(cookie.value));

    const me = await app.request('/api/v1/me', { headers: { Cookie: `${cookie.name}=${cookie.value}` } });
    expect(meResponseSchema.parse(await me.json())).toMatchObject({ via: 'session', role: 'lead', tokenId: null });
  });

  it('sets a Secure __Host- cookie over HTTPS', async () => {
    const response = await signIn(appFor(), { code: await codeFor(lead.user.id) }, 'https://js.example/api/v1/sign-in');
    const cookie = parseSetCookie(response.headers.get('Set-Cookie'));
    expect(cookie.name).toBe('__Host-jsp_session');
    expect(cookie.attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=strict', 'path=/']));
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', async () => {
    const forwarded = { 'X-Forwarded-Proto': 'https' };
    const untrusted = await signIn(appFor(), { code: await codeFor(lead.user.id) }, undefined, forwarded);
    expect(parseSetCookie(untrusted.headers.get('Set-Cookie')).attributes).not.toContain('secure');
    const trusted = await signIn(
      appFor({ trustProxy: true }),
      { code: await codeFor(lead.user.id) },
      undefined,
      forwarded,
    );
    const cookie = parseSetCookie(trusted.headers.get('Set-Cookie'));
    expect(cookie.name).toBe('__Host-jsp_session');
    expect(cookie.attributes).toContain('secure');
  });

  it('accepts a code once; used, expired and unknown codes get the same 401', async () => {
    const app = appFor();
    const code = await codeFor(lead.user.id);
    expect((await signIn(app, { code })).status).toBe(200);
    const used = await expectEnvelope(await signIn(app, { code }), 401, 'unauthorized');

    const expiring = await codeFor(lead.user.id);
    now = new Date(T0.getTime() + SIGN_IN_CODE_TTL_MS);
    const expired = await expectEnvelope(await signIn(app, { code: expiring }), 401, 'unauthorized');
    const unknown = await expectEnvelope(await signIn(app, { code: 'A'.repeat(43) }), 401, 'unauthorized');
    expect(new Set([used, expired, unknown]).size).toBe(1);
    expect(await testDatabase(store).selectFrom('sessions').select('id_hash').execute()).toHaveLength(1);
  });

  it('gives a new session id on every sign-in and ends the one the browser had', async () => {
    const app = appFor();
    const first = parseSetCookie((await signIn(app, { token: lead.token })).headers.get('Set-Cookie'));
    const Cookie = `${first.name}=${first.value}`;
    const second = parseSetCookie(
      (await signIn(app, { code: await codeFor(lead.user.id) }, undefined, { Cookie })).headers.get('Set-Cookie'),
    );
    expect(second.value).not.toBe(first.value);
    expect((await app.request('/api/v1/me', { headers: { Cookie } })).status).toBe(401);
    const fresh = `${second.name}=${second.value}`;
    expect((await app.request('/api/v1/me', { headers: { Cookie: fresh } })).status).toBe(200);
  });

  it('stores codes hashed', async () => {
    const code = await codeFor(lead.user.id);
    const rows = await testDatabase(store).selectFrom('sign_in_codes').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(rows.map((r) => r.code_hash)).toEqual([hashSecret(code)]);
  });

  it("accepts a lead's token pasted in; refuses a staff token (403) and a revoked one (401)", async () => {
    const app = appFor();
    const withLead = await signIn(app, { token: lead.token });
    expect(signInResponseSchema.parse(await withLead.json()).role).toBe('lead');
    await expectEnvelope(await signIn(app, { token: staff.token }), 403, 'forbidden');
    await store.accounts.revokeToken(lead.tokenId, now);
    await expectEnvelope(await signIn(app, { token: lead.token }), 401, 'unauthorized');
  });

  it('refuses a sign-in without the X-Requested-With header (login CSRF)', async () => {
    const response = await appFor().request('/api/v1/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: await codeFor(lead.user.id) }),
    });
    await expectEnvelope(response, 403, 'forbidden');
  });

  it('refuses a cookie-authenticated change without the header (CSRF), and allows it with', async () => {
    const app = appFor();
    const cookie = parseSetCookie((await signIn(app, { token: lead.token })).headers.get('Set-Cookie'));
    const request = (headers: Record<string, string>) =>
      app.request('/api/v1/tokens', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: `${cookie.name}=${cookie.value}`, ...headers },
        body: JSON.stringify({ label: 'from the dashboard' }),
      });
    await expectEnvelope(await request({}), 403, 'forbidden');
    expect((await request(CSRF)).status).toBe(201);
  });

  it('rate-limits sign-in attempts per client address with 429 and Retry-After', async () => {
    const app = appFor({ capacity: 2 });
    for (let i = 0; i < 2; i += 1) expect((await signIn(app, { code: 'A'.repeat(43) })).status).toBe(401);
    const limited = await signIn(app, { code: await codeFor(lead.user.id) });
    expect(limited.headers.get('Retry-After')).toBe('1');
    await expectEnvelope(limited, 429, 'rate_limited');
  });

  it('signs out: the session ends and the cookie is cleared', async () => {
    const app = appFor();
    const cookie = parseSetCookie((await signIn(app, { code: await codeFor(lead.user.id) })).headers.get('Set-Cookie'));
    const Cookie = `${cookie.name}=${cookie.value}`;
    await expectEnvelope(
      await app.request('/api/v1/sign-out', { method: 'POST', headers: { Cookie } }),
      403,
      'forbidden',
    );
    const out = await app.request('/api/v1/sign-out', { method: 'POST', headers: { Cookie, ...CSRF } });
    expect(out.status).toBe(204);
    const cleared = parseSetCookie(out.headers.get('Set-Cookie'));
    expect(cleared).toMatchObject({ name: 'jsp_session', value: '' });
    expect(cleared.attributes).toContain('max-age=0');
    await expectEnvelope(await app.request('/api/v1/me', { headers: { Cookie } }), 401, 'unauthorized');
    // Signing out again, or without any session, is fine.
    expect((await app.request('/api/v1/sign-out', { method: 'POST', headers: { Cookie, ...CSRF } })).status).toBe(204);
  });

  it('serves the sign-in page with a CSP that allows only its own script and requests', async () => {
    const app = appFor();
    const page = await app.request('/sign-in');
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toMatch(/^text\/html/);
    const csp = page.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    // Exactly one script element, and it is a same-origin file: nothing inline.
    expect(html.match(/<script/g)).toHaveLength(1);
    const src = /<script type="module" src="(\/assets\/sign-in-[\w-]+\.js)"><\/script>/.exec(html)?.[1];
    expect(src).toBeDefined();
    const script = await app.request(src ?? '');
    expect(script.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    // The bundled server/web/browser/sign-in.ts: it sends the CSRF header sign-in needs.
    expect(await script.text()).toContain('X-Requested-With');
  });
});
