import type { Store } from '../../server/store/store.ts';
import type { Role, User } from '../../shared/protocol/accounts.ts';
import type { Team } from '../../shared/schemas/team.ts';

export type SeededCaller = {
  readonly user: User;
  /** The plaintext access token. */
  readonly token: string;
  readonly tokenId: string;
  /** `{ Authorization: 'Bearer …' }`, to spread into a request's headers. */
  readonly headers: { readonly Authorization: string };
};

/** A team with a fresh id and the given (unique) name. */
export async function seedTeam(store: Pick<Store, 'accounts'>, name: string, now?: Date): Promise<Team> {
  const created = await store.accounts.createTeam(name, now);
  if (!created.ok) throw new Error(`seedTeam: a team named ${name} exists`);
  return created.team;
}

/**
 * A user of `role` in an existing team plus one access token of theirs: what an authenticated request needs.
 * The team may come from seedTeam or from `store.createTeam(makeTeam())`.
 *
 * @example
 * ```ts
 * const lead = await seedCaller(store, { teamId: FIXTURE_IDS.teamId, role: 'lead' });
 * await app.request('/api/v1/me', { headers: lead.headers });
 * ```
 */
export async function seedCaller(
  store: Pick<Store, 'accounts'>,
  input: { readonly teamId: string; readonly role: Role; readonly name?: string; readonly now?: Date },
): Promise<SeededCaller> {
  const name = input.name ?? `${input.role}-${crypto.randomUUID().slice(0, 8)}`;
  const created = await store.accounts.createUser({
    teamId: input.teamId,
    name,
    role: input.role,
    ...(input.now === undefined ? {} : { now: input.now }),
  });
  if (!created.ok) throw new Error(`seedCaller: ${created.reason}`);
  const { token, tokenId } = await store.accounts.createToken({
    userId: created.user.id,
    label: 'test',
    ...(input.now === undefined ? {} : { now: input.now }),
  });
  return { user: created.user, token, tokenId, headers: { Authorization: `Bearer ${token}` } };
}
