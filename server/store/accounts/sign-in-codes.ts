import type { StoreContext } from '../core/store-context.ts';
import { hashSecret, newSecret } from './secret.ts';

/** A sign-in link is good for a day, and for one use. */
export const SIGN_IN_CODE_TTL_MS = 24 * 60 * 60 * 1000;

export type CreatedSignInCode = { readonly code: string; readonly expiresAt: string };

/**
 * Issues a one-time sign-in code for a user (the first start's admin link, `npm run admin -- sign-in-link`).
 * 256 random bits; stored as its SHA-256 only. Usable inside a caller's transaction.
 */
export async function createSignInCode(
  { db }: StoreContext,
  input: { readonly userId: string; readonly now: Date; readonly ttlMs?: number },
): Promise<CreatedSignInCode> {
  const user = await db.selectFrom('users').select(['id', 'team_id']).where('id', '=', input.userId).executeTakeFirst();
  if (user === undefined) throw new Error(`createSignInCode: no user ${input.userId}`);
  const code = newSecret();
  const expiresAt = new Date(input.now.getTime() + (input.ttlMs ?? SIGN_IN_CODE_TTL_MS)).toISOString();
  await db
    .insertInto('sign_in_codes')
    .values({
      code_hash: hashSecret(code),
      team_id: user.team_id,
      user_id: user.id,
      created_at: input.now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  return { code, expiresAt };
}

/**
 * Uses up a sign-in code and says whose it was; undefined when it is unknown, used or expired (the caller must
 * not say which). One conditional UPDATE does check and use at once, so two simultaneous redemptions (two
 * instances, a double click) cannot both succeed.
 */
export async function redeemSignInCode(
  { db }: StoreContext,
  code: string,
  now: Date,
): Promise<{ readonly userId: string; readonly teamId: string } | undefined> {
  const row = await db
    .updateTable('sign_in_codes')
    .set({ used_at: now.toISOString() })
    .where('code_hash', '=', hashSecret(code))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .returning(['user_id', 'team_id'])
    .executeTakeFirst();
  return row && { userId: row.user_id, teamId: row.team_id };
}
