import type { Kysely } from 'kysely';
import { lowerRole, ROLE_RANK, type Role, roleSchema } from '../../../shared/protocol/accounts.ts';
import { PAIRING_CODE_TTL_MS } from '../../../shared/protocol/pairing.ts';
import type { Database } from '../core/database.ts';
import type { StoreContext } from '../core/store-context.ts';
import { hashSecret, newSecret } from './secret.ts';
import { type CreatedToken, createToken } from './tokens.ts';

export type CreatePairingCodeInput = {
  readonly userId: string;
  /** The role of the token the code will make; defaults to the user's, never above it. */
  readonly role?: Role;
  /** Who minted the link (the user themself, their lead, an admin); omitted for the admin command. */
  readonly createdBy?: string;
  readonly now: Date;
  readonly ttlMs?: number;
};

export type CreatedPairingCode = {
  readonly code: string;
  readonly expiresAt: string;
  readonly userId: string;
  readonly role: Role;
};

export type RedeemPairingCodeInput = { readonly code: string; readonly label: string; readonly now: Date };

/**
 * Why a code did not redeem. Telling them apart is safe (a code is 256 random bits: nobody learns anything by
 * probing) and useful: "already used" when the person did not use it means someone else did.
 */
export type PairingCodeRefusal = 'unknown' | 'used' | 'expired';

export type RedeemPairingCodeResult =
  | { readonly ok: true; readonly created: CreatedToken }
  | { readonly ok: false; readonly reason: PairingCodeRefusal };

/**
 * Issues a one-time pairing code for a user: 256 random bits, stored as its SHA-256 only, good for ten minutes.
 * An unknown user or a role above the user's is a bug in the caller (the route and the admin command check
 * both first), so it throws, as createToken does.
 */
export async function createPairingCode(
  { db }: StoreContext,
  input: CreatePairingCodeInput,
): Promise<CreatedPairingCode> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'team_id', 'role'])
    .where('id', '=', input.userId)
    .executeTakeFirst();
  if (user === undefined) throw new Error(`createPairingCode: no user ${input.userId}`);
  const userRole = roleSchema.parse(user.role);
  const role = input.role ?? userRole;
  if (ROLE_RANK[role] > ROLE_RANK[userRole]) {
    throw new Error(`createPairingCode: a ${userRole} cannot hold a ${role} token`);
  }
  const code = newSecret();
  const expiresAt = new Date(input.now.getTime() + (input.ttlMs ?? PAIRING_CODE_TTL_MS)).toISOString();
  await db
    .insertInto('pairing_codes')
    .values({
      code_hash: hashSecret(code),
      team_id: user.team_id,
      user_id: user.id,
      role,
      created_by: input.createdBy ?? null,
      created_at: input.now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
      token_id: null,
    })
    .execute();
  return { code, expiresAt, userId: user.id, role };
}

/**
 * Uses up a pairing code and makes a new access token for its user, in one transaction: either the code is
 * spent and the token exists, or neither. The conditional UPDATE checks and spends the code at once, so two
 * simultaneous redemptions (a double click, two instances over one PostgreSQL) cannot both succeed: the second
 * waits for the first's row lock and then finds the code used. The token's role is the lower of the code's and
 * the user's current role, so a user demoted after the link was made gets no more than they now hold.
 */
export async function redeemPairingCode(
  context: StoreContext,
  input: RedeemPairingCodeInput,
): Promise<RedeemPairingCodeResult> {
  const codeHash = hashSecret(input.code);
  const nowIso = input.now.toISOString();
  const body = async (trx: Kysely<Database>): Promise<RedeemPairingCodeResult> => {
    const spent = await trx
      .updateTable('pairing_codes')
      .set({ used_at: nowIso })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .returning(['user_id', 'role', 'created_by'])
      .executeTakeFirst();
    if (spent === undefined) {
      const row = await trx
        .selectFrom('pairing_codes')
        .select(['used_at'])
        .where('code_hash', '=', codeHash)
        .executeTakeFirst();
      return { ok: false, reason: row === undefined ? 'unknown' : row.used_at !== null ? 'used' : 'expired' };
    }
    const user = await trx.selectFrom('users').select('role').where('id', '=', spent.user_id).executeTakeFirst();
    // The users row is referenced by the code's foreign key, so it exists; answer as unknown rather than throw.
    if (user === undefined) return { ok: false, reason: 'unknown' };
    const created = await createToken(
      { ...context, db: trx },
      {
        userId: spent.user_id,
        label: input.label,
        role: lowerRole(roleSchema.parse(spent.role), roleSchema.parse(user.role)),
        ...(spent.created_by === null ? {} : { createdBy: spent.created_by }),
        now: input.now,
      },
    );
    await trx
      .updateTable('pairing_codes')
      .set({ token_id: created.tokenId })
      .where('code_hash', '=', codeHash)
      .execute();
    return { ok: true, created };
  };
  const { db } = context;
  return db.isTransaction ? body(db) : db.transaction().execute(body);
}
