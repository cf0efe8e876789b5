import type { CreateFirstAdminResult } from './store/accounts/first-admin.ts';
import type { Store } from './store/store.ts';

export const DEFAULT_TEAM_NAME = 'Default';
export const BOOTSTRAP_ADMIN_NAME = 'admin';

/** Whether an admin was created, and if so its sign-in code (only the code's hash is stored). */
export type BootstrapResult = CreateFirstAdminResult;

/**
 * First start: when no admin exists, creates the team "Default" (if missing) and an admin in it, and issues a
 * one-time sign-in code (24 h). Later starts find an admin and do nothing, so the link is printed once.
 * Several instances starting together over one PostgreSQL create one admin between them: the unique team name
 * and (team, user name) make a second creator wait for the first to commit, and it then finds the admin.
 */
export async function bootstrapAdmin(store: Pick<Store, 'accounts'>, now: Date = new Date()): Promise<BootstrapResult> {
  return store.accounts.createFirstAdmin({ teamName: DEFAULT_TEAM_NAME, userName: BOOTSTRAP_ADMIN_NAME, now });
}

/** `http://HOST:PORT/sign-in#code=…`. The code rides in the fragment, which browsers never send to a server. */
export function signInLink(host: string, port: number, code: string): string {
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return `http://${hostInUrl}:${port}/sign-in#code=${code}`;
}

/** The one line the first start prints on stdout after the listening line. */
export const bootstrapLine = (link: string, expiresAt: string): string =>
  `First start: no admin existed, so one was created. Sign in once with ${link} (single use, expires ${expiresAt})`;
