import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { bootstrapAdmin } from '../../server/bootstrap-admin.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import { hashSecret } from '../../server/store/accounts/secret.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { accessTokenSchema, createTokenResponseSchema } from '../../shared/protocol/accounts.ts';
import { type SeededCaller, seedCaller, seedTeam } from '../helpers/accounts.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

const T0 = new Date('2026-01-05T09:00:00.000Z');

describe.each(storeFactories())('accounts on $kind', ({ open }) => {
  let opened: OpenedStore;
  let store: Store;
  let teamId: string;
  let lead: SeededCaller;
  let now: Date;
  beforeEach(async () => {
    opened = await open();
    store = opened.store;
    await store.migrate();
    teamId = (await seedTeam(store, 'Service desk')).id;
    lead = await seedCaller(store, { teamId, role: 'lead' });
    now = T0;
  });
  afterEach(async () => {
    await opened.dispose();
  });

  const appNow = () => createApp({ store, logger: createMemoryLogger(), now: () => now });

  it('keeps only a SHA-256 of each token: no column of the row holds the token or its secret part', async () => {
    const response = await appNow().request('/api/v1/tokens', {
      method: 'POST',
      headers: { ...lead.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ label: 'laptop' }),
    });
    expect(response.status).toBe(201);
    const { token, tokenInfo } = createTokenResponseSchema.parse(await response.json());
    expect(accessTokenSchema.parse(token)).toMatch(/^jsp_[A-Za-z0-9_-]{43}$/);

    const row = await testDatabase(store)
      .selectFrom('access_tokens')
      .selectAll()
      .where('id', '=', tokenInfo.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashSecret(token));
    const secretPart = token.slice('jsp_'.length);
    for (const [column, value] of Object.entries(row)) {
      expect(String(value), column).not.toContain(secretPart);
      expect(String(value), column).not.toContain(secretPart.slice(8, 24));
    }
    // The hint shows four characters of 43: enough to tell tokens apart, nothing to guess with.
    expect(row.hint).toBe(token.slice(0, 8));
    // And the listing never carries the token.
    const listed = await appNow().request('/api/v1/tokens', { headers: lead.headers });
    expect(await listed.text()).not.toContain(secretPart);
  });

  it('a revoked token stops working on the next request, across app instances', async () => {
    const one = appNow();
    const two = appNow();
    const staff = await seedCaller(store, { teamId, role: 'staff' });
    expect((await two.request('/api/v1/me', { headers: staff.headers })).status).toBe(200);
    const revoke = await one.request(`/api/v1/tokens/${staff.tokenId}`, { method: 'DELETE', headers: lead.headers });
    expect(revoke.status).toBe(200);
    expect((await two.request('/api/v1/me', { headers: staff.headers })).status).toBe(401);
    expect((await one.request('/api/v1/me', { headers: staff.headers })).status).toBe(401);
  });

  it('writes last_used_at at most once a minute per token', async () => {
    const app = appNow();
    const lastUsed = async () =>
      (
        await testDatabase(store)
          .selectFrom('access_tokens')
          .select('last_used_at')
          .where('id', '=', lead.tokenId)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    await app.request('/api/v1/me', { headers: lead.headers });
    expect(await lastUsed()).toBe(T0.toISOString());
    now = new Date(T0.getTime() + 59_999);
    await Promise.all([1, 2, 3].map(() => app.request('/api/v1/me', { headers: lead.headers })));
    expect(await lastUsed()).toBe(T0.toISOString());
    now = new Date(T0.getTime() + 60_000);
    await app.request('/api/v1/me', { headers: lead.headers });
    expect(await lastUsed()).toBe(now.toISOString());
  });

  it('redeems a sign-in code once, even when several redemptions race', async () => {
    const { code } = await store.accounts.createSignInCode({ userId: lead.user.id, now: T0 });
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => store.accounts.redeemSignInCode(code, T0)));
    expect(results.filter((r) => r !== undefined)).toEqual([{ userId: lead.user.id, teamId }]);
  });

  it('creates one first admin however many instances start at once, and none on later starts', async () => {
    const results = await Promise.all([1, 2, 3].map(() => bootstrapAdmin(store, T0)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const admins = await testDatabase(store).selectFrom('users').select('name').where('role', '=', 'admin').execute();
    expect(admins).toEqual([{ name: 'admin' }]);
    expect(await bootstrapAdmin(store, T0)).toEqual({ created: false });
    const team = await store.accounts.findTeamByName('Default');
    expect(team).toBeDefined();
  });

  it('keeps team names unique and user names unique within a team', async () => {
    expect(await store.accounts.createTeam('Service desk')).toEqual({ ok: false, reason: 'name_taken' });
    const other = await seedTeam(store, 'Field support');
    const name = lead.user.name;
    expect(await store.accounts.createUser({ teamId, name, role: 'staff' })).toEqual({
      ok: false,
      reason: 'name_taken',
    });
    expect((await store.accounts.createUser({ teamId: other.id, name, role: 'staff' })).ok).toBe(true);
  });

  it("refuses, in the schema itself, a token whose team is not its user's", async () => {
    const other = await seedTeam(store, 'Field support');
    const insert = testDatabase(store)
      .insertInto('access_tokens')
      .values({
        id: '019b8d62-7a81-7fff-8fff-000000000001',
        team_id: other.id,
        user_id: lead.user.id,
        role: 'lead',
        label: 'forged',
        token_hash: 'x',
        hint: 'jsp_',
        created_at: T0.toISOString(),
        created_by: null,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    await expect(insert).rejects.toThrow(/foreign key/i);
  });
});
