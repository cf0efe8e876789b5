import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import { createTokenBucket } from '../../server/middleware/rate-limit.ts';
import { hashSecret } from '../../server/store/accounts/secret.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { meResponseSchema, tokensResponseSchema } from '../../shared/protocol/accounts.ts';
import {
  createPairingResponseSchema,
  PAIRING_CODE_TTL_MS,
  parsePairingLink,
  redeemPairingResponseSchema,
} from '../../shared/protocol/pairing.ts';
import { type Answer, client, envelope, type SeededTeam, seedTeamMembers } from '../helpers/api-harness.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

const T0 = new Date('2026-01-05T09:00:00.000Z');

/** The code inside a minted link (the link must be one the extension can read). */
const codeOf = (answer: Answer): string => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  const parsed = parsePairingLink(createPairingResponseSchema.parse(answer.body).link);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.code;
};

describe.each(storeFactories())('pairing links on $kind', ({ open }) => {
  let opened: OpenedStore;
  let store: Store;
  let teamA: SeededTeam;
  let teamB: SeededTeam;
  let now: Date;
  let app: ReturnType<typeof createApp>;

  const appWith = (capacity: number) =>
    createApp({
      store,
      logger: createMemoryLogger(),
      now: () => now,
      signInBucket: createTokenBucket({ capacity, refillPerSecond: 1, now: () => 0 }),
    });

  beforeEach(async () => {
    opened = await open();
    store = opened.store;
    await store.migrate();
    teamA = await seedTeamMembers(store, 'Team A');
    teamB = await seedTeamMembers(store, 'Team B');
    now = T0;
    app = appWith(1000);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  const redeem = (code: string, label?: string) =>
    client(app).post('/pairing/redeem', { code, ...(label === undefined ? {} : { label }) });

  it('mints a link for oneself (staff too), redeems it once for a new token of that user, stored hashed', async () => {
    const staff = client(app, teamA.staff.token);
    const minted = await staff.post('/pairing', {});
    expect(minted.response.headers.get('Cache-Control')).toBe('no-store');
    const body = createPairingResponseSchema.parse(minted.body);
    // app.request() addresses http://localhost: the link names the server the caller reached.
    expect(body.link).toMatch(/^http:\/\/localhost\/pair#code=[A-Za-z0-9_-]{43}$/);
    expect(body).toMatchObject({
      userId: teamA.staff.userId,
      role: 'staff',
      expiresAt: new Date(T0.getTime() + PAIRING_CODE_TTL_MS).toISOString(),
    });
    const code = codeOf(minted);

    const redeemed = await redeem(code, 'Journey Sampler on Chrome 140 (Linux)');
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
    expect(redeemed.response.headers.get('Cache-Control')).toBe('no-store');
    const { token, tokenInfo } = redeemPairingResponseSchema.parse(redeemed.body);
    expect(tokenInfo).toMatchObject({
      userId: teamA.staff.userId,
      teamId: teamA.teamId,
      role: 'staff',
      label: 'Journey Sampler on Chrome 140 (Linux)',
      createdBy: teamA.staff.userId,
    });
    const me = meResponseSchema.parse((await client(app, token).get('/me')).body);
    expect(me).toMatchObject({ user: { id: teamA.staff.userId }, role: 'staff', tokenId: tokenInfo.id });

    // Hashed at rest: neither the code nor the token is in any row; the code row says which token it made.
    const codes = await testDatabase(store).selectFrom('pairing_codes').selectAll().execute();
    const tokens = await testDatabase(store).selectFrom('access_tokens').selectAll().execute();
    expect(JSON.stringify([codes, tokens])).not.toContain(code);
    expect(JSON.stringify([codes, tokens])).not.toContain(token);
    expect(codes).toEqual([
      expect.objectContaining({ code_hash: hashSecret(code), used_at: T0.toISOString(), token_id: tokenInfo.id }),
    ]);

    // Revocable like any token: it shows in the owner's list, and revoking it ends it on the next request.
    const listed = tokensResponseSchema.parse((await staff.get('/tokens')).body).tokens.map((t) => t.id);
    expect(listed).toContain(tokenInfo.id);
    expect((await staff.request('DELETE', `/tokens/${tokenInfo.id}`)).status).toBe(200);
    expect((await client(app, token).get('/me')).status).toBe(401);
  });

  it('refuses a replay (409), an expired code and an unknown one (401), with messages that say which', async () => {
    const lead = client(app, teamA.lead.token);
    const code = codeOf(await lead.post('/pairing', {}));
    expect((await redeem(code)).status).toBe(201);
    const replay = await redeem(code);
    expect(replay.status).toBe(409);
    expect(envelope(replay)).toMatchObject({ code: 'conflict', message: expect.stringContaining('already been used') });

    const expiring = codeOf(await lead.post('/pairing', {}));
    now = new Date(T0.getTime() + PAIRING_CODE_TTL_MS);
    const expired = await redeem(expiring);
    expect(expired.status).toBe(401);
    expect(envelope(expired).message).toContain('expired');
    const unknown = await redeem('A'.repeat(43));
    expect(unknown.status).toBe(401);
    expect(envelope(unknown).message).toContain('not valid');
    // Only the first redemption made a token (the lead's own seeded one aside).
    const leadTokens = await store.accounts.listTokens({ userId: teamA.lead.userId });
    expect(leadTokens).toHaveLength(2);
  });

  it('lets only one of two simultaneous redemptions of a code succeed', async () => {
    const code = codeOf(await client(app, teamA.staff.token).post('/pairing', {}));
    const answers = await Promise.all([redeem(code), redeem(code), redeem(code)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    expect(await store.accounts.listTokens({ userId: teamA.staff.userId })).toHaveLength(2);
  });

  it('lets a lead mint for their staff and an admin for anyone; nobody for users they may not see (404)', async () => {
    const staffCode = codeOf(await client(app, teamA.lead.token).post('/pairing', { userId: teamA.staff.userId }));
    const staffToken = redeemPairingResponseSchema.parse((await redeem(staffCode)).body);
    expect(staffToken.tokenInfo).toMatchObject({
      userId: teamA.staff.userId,
      role: 'staff',
      createdBy: teamA.lead.userId,
    });

    const byAdmin = await client(app, teamB.admin.token).post('/pairing', { userId: teamA.lead.userId });
    expect(createPairingResponseSchema.parse(byAdmin.body)).toMatchObject({ userId: teamA.lead.userId, role: 'lead' });

    const refusals: Array<[string, Answer]> = [
      [
        'staff for another staff member',
        await client(app, teamA.staff.token).post('/pairing', { userId: teamA.otherStaff.userId }),
      ],
      ['staff for their lead', await client(app, teamA.staff.token).post('/pairing', { userId: teamA.lead.userId })],
      ["another team's lead", await client(app, teamB.lead.token).post('/pairing', { userId: teamA.staff.userId })],
      [
        'a lead for an admin of their team',
        await client(app, teamA.lead.token).post('/pairing', { userId: teamA.admin.userId }),
      ],
      [
        'an unknown user',
        await client(app, teamA.admin.token).post('/pairing', { userId: '019b8d62-7a81-7fff-8fff-000000000001' }),
      ],
    ];
    for (const [who, answer] of refusals) {
      expect(answer.status, who).toBe(404);
      expect(envelope(answer).code, who).toBe('not_found');
    }
    expect(await testDatabase(store).selectFrom('pairing_codes').select('user_id').execute()).toHaveLength(2);
  });

  it('hands out no more than the user and the caller hold; a lower role is kept on redemption', async () => {
    const staff = client(app, teamA.staff.token);
    expect((await staff.post('/pairing', { role: 'lead' })).status).toBe(400);
    const lead = client(app, teamA.lead.token);
    expect((await lead.post('/pairing', { userId: teamA.staff.userId, role: 'lead' })).status).toBe(400);
    const downgraded = codeOf(await lead.post('/pairing', { role: 'staff' }));
    expect(redeemPairingResponseSchema.parse((await redeem(downgraded)).body).tokenInfo.role).toBe('staff');
    // A lead's staff-role token acts as staff: its links make staff tokens, and it cannot ask for more.
    const asStaff = await store.accounts.createToken({ userId: teamA.lead.userId, label: 'narrow', role: 'staff' });
    const narrow = client(app, asStaff.token);
    expect(createPairingResponseSchema.parse((await narrow.post('/pairing', {})).body).role).toBe('staff');
    expect((await narrow.post('/pairing', { role: 'lead' })).status).toBe(403);
  });

  it('needs a caller to mint, refuses stray fields, and rate-limits redemption per address', async () => {
    expect((await client(app).post('/pairing', {})).status).toBe(401);
    expect((await client(app, teamA.staff.token).post('/pairing', { admin: true })).status).toBe(400);
    expect((await client(app).post('/pairing/redeem', { code: 'A'.repeat(43), role: 'admin' })).status).toBe(400);

    app = appWith(2);
    for (let i = 0; i < 2; i += 1) expect((await redeem('A'.repeat(43))).status).toBe(401);
    const limited = await redeem(codeOf(await client(app, teamA.staff.token).post('/pairing', {})));
    expect(limited.status).toBe(429);
    expect(limited.response.headers.get('Retry-After')).toBe('1');
  });

  it('names the https address behind a trusted proxy in the link', async () => {
    const proxied = createApp({ store, logger: createMemoryLogger(), now: () => now, trustProxy: true });
    const response = await proxied.request('http://journeys.example.com/api/v1/pairing', {
      method: 'POST',
      headers: {
        ...{ Authorization: `Bearer ${teamA.staff.token}` },
        'Content-Type': 'application/json',
        'X-Forwarded-Proto': 'https',
      },
      body: '{}',
    });
    const { link } = createPairingResponseSchema.parse(await response.json());
    expect(link).toMatch(/^https:\/\/journeys\.example\.com\/pair#code=/);
  });

  it('serves the pairing page with a CSP that allows only its own script and no connections', async () => {
    const page = await app.request('/pair');
    expect(page.status).toBe(200);
    expect(page.headers.get('Cache-Control')).toBe('no-store');
    const csp = page.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('connect-src');
    const html = await page.text();
    expect(html).toContain('Copy pairing link');
    // Exactly one script element, and it is a same-origin file: nothing inline.
    expect(html.match(/<script/g)).toHaveLength(1);
    const src = /<script type="module" src="(\/assets\/pair-[\w-]+\.js)"><\/script>/.exec(html)?.[1];
    expect(src).toBeDefined();
    const script = await app.request(src ?? '');
    expect(script.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    // The page's code: its entry and the chunks it imports (preloaded by the page).
    const chunks = [...html.matchAll(/<link rel="modulepreload" href="(\/assets\/[\w-]+\.js)">/g)].map((m) => m[1]);
    const sources = [await script.text()];
    for (const chunk of chunks) sources.push(await (await app.request(chunk ?? '')).text());
    const source = sources.join('\n');
    expect(source).toContain('history.replaceState');
    expect(source).not.toContain('fetch(');
  });
});
