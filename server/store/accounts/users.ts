import type { Kysely, Selectable } from 'kysely';
import { type Role, type User, userSchema } from '../../../shared/protocol/accounts.ts';
import { newId } from '../../new-id.ts';
import type { Database, UsersTable } from '../core/database.ts';
import { parseStored } from '../core/normalise.ts';
import type { StoreContext } from '../core/store-context.ts';

export type CreateUserInput = {
  readonly teamId: string;
  readonly name: string;
  readonly role: Role;
  /** The user who creates this one; omitted for the first start and the admin command. */
  readonly createdBy?: string;
  readonly now?: Date;
};

export type CreateUserResult =
  | { readonly ok: true; readonly user: User }
  | { readonly ok: false; readonly reason: 'name_taken' | 'unknown_team' };

const toUser = (row: Selectable<UsersTable>): User =>
  parseStored(
    userSchema,
    {
      id: row.id,
      teamId: row.team_id,
      name: row.name,
      role: row.role,
      createdAt: row.created_at,
      createdBy: row.created_by,
    },
    `user ${row.id}`,
  );

/**
 * Creates a user in a team. Names are unique within a team (the admin command finds users by team and name);
 * a taken name or a missing team is a value, not an exception. Usable inside a caller's transaction.
 *
 * @example
 * ```ts
 * const created = await store.accounts.createUser({ teamId, name: 'Sam', role: 'staff' });
 * if (created.ok) await store.accounts.createToken({ userId: created.user.id, label: 'laptop' });
 * ```
 */
export async function createUser({ db }: StoreContext, input: CreateUserInput): Promise<CreateUserResult> {
  const now = input.now ?? new Date();
  const user = userSchema.parse({
    id: newId(now.getTime()),
    teamId: input.teamId,
    name: input.name,
    role: input.role,
    createdAt: now.toISOString(),
    createdBy: input.createdBy ?? null,
  });
  const body = async (trx: Kysely<Database>): Promise<CreateUserResult> => {
    const team = await trx.selectFrom('teams').select('id').where('id', '=', user.teamId).executeTakeFirst();
    if (team === undefined) return { ok: false, reason: 'unknown_team' };
    const inserted = await trx
      .insertInto('users')
      .values({
        id: user.id,
        team_id: user.teamId,
        name: user.name,
        role: user.role,
        created_at: user.createdAt,
        created_by: user.createdBy,
      })
      // Unique (team_id, name): a concurrent creator of the same name wins.
      .onConflict((oc) => oc.columns(['team_id', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted === undefined ? { ok: false, reason: 'name_taken' } : { ok: true, user };
  };
  return db.isTransaction ? body(db) : db.transaction().execute(body);
}

/**
 * A user by id, whatever their team. Unscoped on purpose: authorisation (admins see every team, others their
 * own) is decided by the caller of this function, which must answer another team's user as not found.
 */
export async function getUser({ db }: StoreContext, userId: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  return row && toUser(row);
}

export async function findUserByName({ db }: StoreContext, teamId: string, name: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row && toUser(row);
}

export type ListUsersOptions = { readonly teamId?: string };

/** Users of one team, or of every team (admins), by name. */
export async function listUsers({ db }: StoreContext, options: ListUsersOptions = {}): Promise<User[]> {
  let query = db.selectFrom('users').selectAll();
  if (options.teamId !== undefined) query = query.where('team_id', '=', options.teamId);
  const rows = await query.orderBy('name').orderBy('id').execute();
  return rows.map(toUser);
}

/** Whether any admin exists: the first start creates one only when none does. */
export async function hasAdmin({ db }: StoreContext): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst();
  return row !== undefined;
}
