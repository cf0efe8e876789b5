import type { StoreContext } from '../core/store-context.ts';
import { createSignInCode } from './sign-in-codes.ts';
import { createTeam, findTeamByName } from './team-directory.ts';
import { createUser, hasAdmin } from './users.ts';

export type CreateFirstAdminInput = {
  /** The team the admin joins, made now unless it exists (or another instance just made it). */
  readonly teamName: string;
  /** The admin's name; `<name>-2`, `<name>-3`… when a user of that name exists in the team already. */
  readonly userName: string;
  readonly now: Date;
};

export type CreateFirstAdminResult =
  | { readonly created: false }
  | {
      readonly created: true;
      readonly teamName: string;
      readonly userName: string;
      /** The one-time sign-in code; only its hash is stored. */
      readonly code: string;
      readonly expiresAt: string;
    };

/**
 * When no admin exists: creates the team (if missing) and an admin in it, and issues a one-time sign-in code
 * (SIGN_IN_CODE_TTL_MS), all in one transaction; when one exists, does nothing. Several instances starting
 * together over one PostgreSQL create one admin between them: the unique team name and (team, user name) make a
 * second creator wait for the first to commit, and it then finds the admin.
 */
export async function createFirstAdmin(
  context: StoreContext,
  { teamName, userName, now }: CreateFirstAdminInput,
): Promise<CreateFirstAdminResult> {
  return context.db.transaction().execute(async (trx): Promise<CreateFirstAdminResult> => {
    const inside = { ...context, db: trx };
    if (await hasAdmin(inside)) return { created: false };
    const teamId = await teamIdOf(inside, teamName, now);
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      if (await hasAdmin(inside)) return { created: false };
      const name = attempt === 1 ? userName : `${userName}-${attempt}`;
      const user = await createUser(inside, { teamId, name, role: 'admin', now });
      if (!user.ok) continue;
      const { code, expiresAt } = await createSignInCode(inside, { userId: user.user.id, now });
      return { created: true, teamName, userName: name, code, expiresAt };
    }
    throw new Error(`could not find a free name for the first admin in team "${teamName}"`);
  });
}

async function teamIdOf(context: StoreContext, teamName: string, now: Date): Promise<string> {
  const created = await createTeam(context, teamName, now);
  if (created.ok) return created.team.id;
  const existing = await findTeamByName(context, teamName);
  if (existing === undefined) throw new Error(`team "${teamName}" is taken yet cannot be found`);
  return existing.id;
}
