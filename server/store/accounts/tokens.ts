import { type CompiledQuery, createQueryId, type Kysely, type Selectable } from 'kysely';
import {
  ACCESS_TOKEN_PREFIX,
  lowerRole,
  ROLE_RANK,
  type Role,
  roleSchema,
  type TokenInfo,
  tokenInfoSchema,
} from '../../../shared/protocol/accounts.ts';
import { newId } from '../../new-id.ts';
import type { AccessTokensTable, Database } from '../core/database.ts';
import { parseStored } from '../core/normalise.ts';
import type { StoreContext } from '../core/store-context.ts';
import { LAST_USED_RESOLUTION_MS } from './last-used.ts';
import { hashSecret, newSecret, sameDigest } from './secret.ts';

export type CreateTokenInput = {
  readonly userId: string;
  readonly label: string;
  /** Defaults to the user's role; may be lower (least privilege), never higher. */
  readonly role?: Role;
  readonly createdBy?: string;
  readonly now?: Date;
};

export type CreatedToken = {
  /** The plaintext token. Shown to its owner once; only its hash is stored. */
  readonly token: string;
  readonly tokenId: string;
  readonly tokenInfo: TokenInfo;
};

/** Who a token or session speaks for, as found in the store. The same shape as the middleware's Caller. */
export type StoredIdentity = {
  readonly userId: string;
  readonly teamId: string;
  readonly role: Role;
  readonly tokenId: string | null;
};

const toTokenInfo = (row: Selectable<AccessTokensTable>): TokenInfo =>
  parseStored(
    tokenInfoSchema,
    {
      id: row.id,
      userId: row.user_id,
      teamId: row.team_id,
      role: row.role,
      label: row.label,
      hint: row.hint,
      createdAt: row.created_at,
      createdBy: row.created_by,
      lastUsedAt: row.last_used_at,
      revokedAt: row.revoked_at,
    },
    `access token ${row.id}`,
  );

/**
 * Mints a personal access token for a user: `jsp_` + 32 random bytes (base64url). Returns the plaintext once;
 * the row keeps its SHA-256 (see secret.ts) and a short hint. The token's team is its user's team.
 * An unknown user or a role above the user's is a bug in the caller (routes and the admin command check both
 * first), so it throws.
 *
 * @example
 * ```ts
 * const { token, tokenId } = await store.accounts.createToken({ userId, label: 'extension on my laptop' });
 * ```
 */
export async function createToken({ db }: StoreContext, input: CreateTokenInput): Promise<CreatedToken> {
  const now = input.now ?? new Date();
  const user = await db
    .selectFrom('users')
    .select(['id', 'team_id', 'role'])
    .where('id', '=', input.userId)
    .executeTakeFirst();
  if (user === undefined) throw new Error(`createToken: no user ${input.userId}`);
  const userRole = roleSchema.parse(user.role);
  const role = input.role ?? userRole;
  if (ROLE_RANK[role] > ROLE_RANK[userRole]) {
    throw new Error(`createToken: a ${userRole} cannot hold a ${role} token`);
  }
  const token = `${ACCESS_TOKEN_PREFIX}${newSecret()}`;
  const row: Selectable<AccessTokensTable> = {
    id: newId(now.getTime()),
    team_id: user.team_id,
    user_id: user.id,
    role,
    label: input.label,
    token_hash: hashSecret(token),
    hint: token.slice(0, ACCESS_TOKEN_PREFIX.length + 4),
    created_at: now.toISOString(),
    created_by: input.createdBy ?? null,
    last_used_at: null,
    revoked_at: null,
  };
  const tokenInfo = toTokenInfo(row);
  await db.insertInto('access_tokens').values(row).execute();
  return { token, tokenId: row.id, tokenInfo };
}

export type FoundToken = {
  readonly identity: StoredIdentity;
  readonly lastUsedAt: string | null;
};

/**
 * Queries run on every authenticated request, compiled once per database handle: building and compiling a
 * Kysely query cost more per request than running it (about 80 µs of a small sync push; bench/push-requests.ts).
 * Each is compiled with placeholder values, which `bind` swaps for the real ones by identity, so the meaning
 * stays the builder's own (and PostgreSQL gets `$n`, SQLite `?`).
 */
type Precompiled<R> = { readonly compiled: CompiledQuery<R>; readonly slots: readonly number[] };

function precompile<R>(build: () => { compile(): CompiledQuery<R> }, placeholders: readonly string[]): Precompiled<R> {
  const compiled = build().compile();
  const slots = placeholders.map((placeholder) => compiled.parameters.indexOf(placeholder));
  // A placeholder the compiler dropped or duplicated would bind the wrong value: a bug, found at first use.
  if (slots.some((slot) => slot === -1) || compiled.parameters.length !== placeholders.length) {
    throw new Error(`precompile: parameters ${JSON.stringify(compiled.parameters)} do not match the placeholders`);
  }
  return { compiled, slots };
}

const bind = <R>({ compiled, slots }: Precompiled<R>, values: readonly unknown[]): CompiledQuery<R> => {
  const parameters: unknown[] = [...compiled.parameters];
  slots.forEach((slot, i) => {
    parameters[slot] = values[i];
  });
  // A fresh query id per run: plugins may key per-run state by it.
  return { ...compiled, parameters, queryId: createQueryId() };
};

/** One cache entry per Kysely instance (and so per dialect and plugin set). */
function cachedPer<R>(build: (db: Kysely<Database>) => Precompiled<R>) {
  const cache = new WeakMap<Kysely<Database>, Precompiled<R>>();
  return (db: Kysely<Database>): Precompiled<R> => {
    let entry = cache.get(db);
    if (entry === undefined) {
      entry = build(db);
      cache.set(db, entry);
    }
    return entry;
  };
}

const HASH_PLACEHOLDER = '\u0000token_hash';

const activeTokenQuery = cachedPer((db) =>
  precompile(
    () =>
      db
        .selectFrom('access_tokens')
        .innerJoin('users', (join) =>
          join.onRef('users.id', '=', 'access_tokens.user_id').onRef('users.team_id', '=', 'access_tokens.team_id'),
        )
        .select([
          'access_tokens.id as id',
          'access_tokens.token_hash as token_hash',
          'access_tokens.team_id as team_id',
          'access_tokens.user_id as user_id',
          'access_tokens.role as role',
          'access_tokens.last_used_at as last_used_at',
          'access_tokens.revoked_at as revoked_at',
          'users.role as user_role',
        ])
        .where('access_tokens.token_hash', '=', HASH_PLACEHOLDER),
    [HASH_PLACEHOLDER],
  ),
);

/**
 * The identity an unrevoked token speaks for, or undefined. The role is the lower of the token's and its
 * user's, so demoting a user demotes their tokens. A revoked token is refused on the very next request: the
 * lookup reads revoked_at every time, nothing is cached (only the query's compiled text is).
 */
export async function findActiveToken({ db }: StoreContext, token: string): Promise<FoundToken | undefined> {
  const tokenHash = hashSecret(token);
  const { rows } = await db.executeQuery(bind(activeTokenQuery(db), [tokenHash]));
  const row = rows[0];
  if (row === undefined || row.revoked_at !== null || !sameDigest(row.token_hash, tokenHash)) return undefined;
  return {
    identity: {
      userId: row.user_id,
      teamId: row.team_id,
      role: lowerRole(roleSchema.parse(row.role), roleSchema.parse(row.user_role)),
      tokenId: row.id,
    },
    lastUsedAt: row.last_used_at,
  };
}

const TOUCH_PLACEHOLDERS = ['\u0000now', '\u0000token_id', '\u0000stale_before'] as const;

const touchTokenQuery = cachedPer((db) => {
  const [now, tokenId, staleBefore] = TOUCH_PLACEHOLDERS;
  return precompile(
    () =>
      db
        .updateTable('access_tokens')
        .set({ last_used_at: now })
        .where('id', '=', tokenId)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', staleBefore)])),
    TOUCH_PLACEHOLDERS,
  );
});

/**
 * Records a use of the token, unless one was recorded within the last minute. The condition sits in the UPDATE
 * too, so several instances (or concurrent requests) write at most once a minute between them.
 */
export async function touchToken({ db }: StoreContext, tokenId: string, now: Date): Promise<void> {
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
  await db.executeQuery(bind(touchTokenQuery(db), [now.toISOString(), tokenId, staleBefore]));
}

/** A token by id, whatever its team: the caller decides visibility and must answer an invisible one as 404. */
export async function getToken(
  { db }: StoreContext,
  tokenId: string,
): Promise<{ readonly tokenInfo: TokenInfo; readonly ownerRole: Role } | undefined> {
  const row = await db
    .selectFrom('access_tokens')
    .innerJoin('users', 'users.id', 'access_tokens.user_id')
    .selectAll('access_tokens')
    .select('users.role as owner_role')
    .where('access_tokens.id', '=', tokenId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const { owner_role, ...token } = row;
  return { tokenInfo: toTokenInfo(token), ownerRole: roleSchema.parse(owner_role) };
}

export type ListTokensOptions = { readonly teamId?: string | undefined; readonly userId?: string | undefined };

export type ListedToken = { readonly tokenInfo: TokenInfo; readonly ownerRole: Role };

/** Tokens (revoked ones included, for the record), newest first, with their owner's role for visibility rules. */
export async function listTokens({ db }: StoreContext, options: ListTokensOptions = {}): Promise<ListedToken[]> {
  let query = db
    .selectFrom('access_tokens')
    .innerJoin('users', 'users.id', 'access_tokens.user_id')
    .selectAll('access_tokens')
    .select('users.role as owner_role');
  if (options.teamId !== undefined) query = query.where('access_tokens.team_id', '=', options.teamId);
  if (options.userId !== undefined) query = query.where('access_tokens.user_id', '=', options.userId);
  const rows = await query.orderBy('access_tokens.created_at', 'desc').orderBy('access_tokens.id', 'desc').execute();
  return rows.map(({ owner_role, ...token }) => ({
    tokenInfo: toTokenInfo(token),
    ownerRole: roleSchema.parse(owner_role),
  }));
}

/**
 * Revokes a token now. Revoking twice keeps the first time. Sessions opened by pasting this token end with it
 * (findSession checks). Returns the token as it now stands, or undefined if there is no such token.
 */
export async function revokeToken(context: StoreContext, tokenId: string, now: Date): Promise<TokenInfo | undefined> {
  await context.db
    .updateTable('access_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .execute();
  return (await getToken(context, tokenId))?.tokenInfo;
}
