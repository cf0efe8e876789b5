// The token lookup every authenticated request makes (server/store/accounts/tokens.ts), on SQLite and PostgreSQL.
// On SQLite it may skip Kysely and read the handle directly; these pin what that must not change: a revocation is
// seen by the very next lookup, and a lookup never sees another transaction's uncommitted rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { type Member, seedTeamMembers } from '../helpers/api-harness.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

class RolledBack extends Error {}

describe.each(storeFactories())('token lookup on $kind', ({ open }) => {
  let opened: OpenedStore;
  let staff: Member;
  let otherStaff: Member;

  beforeAll(async () => {
    opened = await open();
    await opened.store.migrate();
    ({ staff, otherStaff } = await seedTeamMembers(opened.store, 'Lookup'));
  });
  afterAll(() => opened.dispose());

  const tokenIdOf = async (member: Member): Promise<string> => {
    const found = await opened.store.accounts.findActiveToken(member.token);
    if (found?.identity.tokenId == null) throw new Error('seeded token not found');
    return found.identity.tokenId;
  };

  it('does not see a revocation that another transaction has not committed, and sees a committed one at once', async () => {
    const { store } = opened;
    const tokenId = await tokenIdOf(staff);
    let during: Promise<unknown> | undefined;
    await expect(
      testDatabase(store)
        .transaction()
        .execute(async (trx) => {
          await trx
            .updateTable('access_tokens')
            .set({ revoked_at: new Date().toISOString() })
            .where('id', '=', tokenId)
            .execute();
          // Started while the revocation is uncommitted; it is rolled back below, so the token stays valid.
          during = store.accounts.findActiveToken(staff.token);
          throw new RolledBack();
        }),
    ).rejects.toBeInstanceOf(RolledBack);
    expect(await during).toMatchObject({ identity: { userId: staff.userId, tokenId } });

    await store.accounts.revokeToken(tokenId, new Date());
    expect(await store.accounts.findActiveToken(staff.token)).toBeUndefined();
  });

  it('answers an unknown token with nothing and a known one with its identity', async () => {
    const { store } = opened;
    expect(await store.accounts.findActiveToken(`${otherStaff.token.slice(0, -4)}AAAA`)).toBeUndefined();
    expect(await store.accounts.findActiveToken(otherStaff.token)).toMatchObject({
      identity: { userId: otherStaff.userId, teamId: otherStaff.teamId, role: 'staff' },
    });
  });
});
