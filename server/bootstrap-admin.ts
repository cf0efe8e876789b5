import type { Kysely } from 'kysely';
import type { Database } from './store/database.ts';
import { createSignInCode } from './store/sign-in-codes.ts';
import type { Store } from './store/store.ts';
import { createNamedTeam, findTeamByName } from './store/team-directory.ts';
import { createUser, hasAdmin } from './store/users.ts';

export const DEFAULT_TEAM_NAME = 'Default';
export const BOOTSTRAP_ADMIN_NAME = 'admin';

export type BootstrapResult =
  | { readonly created: false }
  | {
      readonly created: true;
      readonly teamName: string;
      readonly userName: string;
      /** The one-time sign-in code; only its hash is stored. */
      readonly code: string;
      readonly expiresAt: string;
    };

/** The team "Default", made now unless it exists (or another instance just made it). */
async function defaultTeamId(trx: Kysely<Database>, now: Date): Promise<string> {
  const created = await createNamedTeam(trx, DEFAULT_TEAM_NAME, now);
  if (created.ok) return created.team.id;
  const existing = await findTeamByName(trx, DEFAULT_TEAM_NAME);
  if (existing === undefined) throw new Error(`team "${DEFAULT_TEAM_NAME}" is taken yet cannot be found`);
  return existing.id;
}

/**
 * First start: when no admin exists, creates the team "Default" (if missing) and an admin in it, and issues a
 * one-time sign-in code (24 h). Later starts find an admin and do nothing, so the link is printed once.
 * Several instances starting together over one PostgreSQL create one admin between them: the unique team name
 * and (team, user name) make a second creator wait for the first to commit, and it then finds the admin.
 */
export async function bootstrapAdmin(store: Pick<Store, 'db'>, now: Date = new Date()): Promise<BootstrapResult> {
  return store.db.transaction().execute(async (trx): Promise<BootstrapResult> => {
    if (await hasAdmin(trx)) return { created: false };
    const teamId = await defaultTeamId(trx, now);
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      if (await hasAdmin(trx)) return { created: false };
      const userName = attempt === 1 ? BOOTSTRAP_ADMIN_NAME : `${BOOTSTRAP_ADMIN_NAME}-${attempt}`;
      const user = await createUser(trx, { teamId, name: userName, role: 'admin', now });
      if (!user.ok) continue;
      const { code, expiresAt } = await createSignInCode(trx, { userId: user.user.id, now });
      return { created: true, teamName: DEFAULT_TEAM_NAME, userName, code, expiresAt };
    }
    throw new Error(`could not find a free name for the first admin in team "${DEFAULT_TEAM_NAME}"`);
  });
}

/** `http://HOST:PORT/sign-in#code=…`. The code rides in the fragment, which browsers never send to a server. */
export function signInLink(host: string, port: number, code: string): string {
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return `http://${hostInUrl}:${port}/sign-in#code=${code}`;
}

/** The one line the first start prints on stdout after the listening line. */
export const bootstrapLine = (link: string, expiresAt: string): string =>
  `First start: no admin existed, so one was created. Sign in once with ${link} (single use, expires ${expiresAt})`;
