import { lowerRole, type Role, roleSchema } from '../../../shared/protocol/accounts.ts';
import type { StoreContext } from '../core/store-context.ts';
import { hashSecret, newSecret, sameDigest } from './secret.ts';
import type { StoredIdentity } from './tokens.ts';

/** How long a dashboard session lasts from sign-in. Absolute, not sliding: a stolen cookie dies on schedule. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

export type CreateSessionInput = {
  readonly userId: string;
  readonly teamId: string;
  readonly role: Role;
  /** The token pasted to sign in, if one was: revoking it ends the session too. */
  readonly tokenId: string | null;
  readonly now: Date;
  readonly ttlMs?: number;
};

export type CreatedSession = {
  /** The cookie value. Only its hash is stored. */
  readonly sessionId: string;
  readonly expiresAt: string;
};

/**
 * Opens a dashboard session: a random 256-bit id for the cookie, stored as its SHA-256 like tokens are, so a
 * leaked database cannot be replayed as cookies. Expired sessions are swept on the way.
 */
export async function createSession({ db }: StoreContext, input: CreateSessionInput): Promise<CreatedSession> {
  const sessionId = newSecret();
  const expiresAt = new Date(input.now.getTime() + (input.ttlMs ?? SESSION_TTL_MS)).toISOString();
  await db.deleteFrom('sessions').where('expires_at', '<=', input.now.toISOString()).execute();
  await db
    .insertInto('sessions')
    .values({
      id_hash: hashSecret(sessionId),
      team_id: input.teamId,
      user_id: input.userId,
      role: input.role,
      token_id: input.tokenId,
      created_at: input.now.toISOString(),
      expires_at: expiresAt,
    })
    .execute();
  return { sessionId, expiresAt };
}

/**
 * The identity of a live session: not expired, its token (if any) not revoked. The role is clamped to the
 * user's current role. `tokenId` is null: a session is not a token (see Caller).
 */
export async function findSession(
  { db }: StoreContext,
  sessionId: string,
  now: Date,
): Promise<StoredIdentity | undefined> {
  const idHash = hashSecret(sessionId);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', (join) =>
      join.onRef('users.id', '=', 'sessions.user_id').onRef('users.team_id', '=', 'sessions.team_id'),
    )
    .leftJoin('access_tokens', 'access_tokens.id', 'sessions.token_id')
    .select([
      'sessions.id_hash as id_hash',
      'sessions.team_id as team_id',
      'sessions.user_id as user_id',
      'sessions.role as role',
      'sessions.token_id as token_id',
      'sessions.expires_at as expires_at',
      'users.role as user_role',
      'access_tokens.revoked_at as token_revoked_at',
    ])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  if (row === undefined || !sameDigest(row.id_hash, idHash)) return undefined;
  if (row.expires_at <= now.toISOString()) return undefined;
  if (row.token_id !== null && row.token_revoked_at !== null) return undefined;
  return {
    userId: row.user_id,
    teamId: row.team_id,
    role: lowerRole(roleSchema.parse(row.role), roleSchema.parse(row.user_role)),
    tokenId: null,
  };
}

/** Ends a session (sign-out). Unknown ids are ignored: signing out twice is fine. */
export async function deleteSession({ db }: StoreContext, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', hashSecret(sessionId)).execute();
}
