import { ROLE_RANK, type Role } from '../../shared/protocol/accounts.ts';
import type { Caller } from '../middleware/auth.ts';

/**
 * Who may see what among accounts: one place, so every route answers alike. Whatever a caller may not see is
 * answered as not found (404), never forbidden (403), so nobody learns that another team's ids exist.
 *
 * - admin: everything, in every team.
 * - lead: their team; tokens of themselves and of their team's staff (not of other leads).
 * - staff: themselves and their own tokens.
 */
export const canSeeTeam = (caller: Caller, teamId: string): boolean =>
  caller.role === 'admin' || caller.teamId === teamId;

export type AccountOwner = { readonly id: string; readonly teamId: string; readonly role: Role };

export const canSeeUser = (caller: Caller, user: AccountOwner): boolean =>
  caller.role === 'admin' || (caller.teamId === user.teamId && (caller.role === 'lead' || caller.userId === user.id));

/** Seeing a user's tokens is also what allows revoking them. */
export const canSeeTokensOf = (caller: Caller, owner: AccountOwner): boolean =>
  caller.role === 'admin' ||
  (caller.teamId === owner.teamId &&
    (caller.userId === owner.id || (caller.role === 'lead' && owner.role === 'staff')));

/** Minting needs lead or admin, and a user whose tokens the caller sees. Staff cannot mint, not even for themselves. */
export const canMintFor = (caller: Caller, owner: AccountOwner): boolean =>
  caller.role !== 'staff' && canSeeTokensOf(caller, owner);

/** No one hands out more than they hold. */
export const roleAtMost = (role: Role, ceiling: Role): boolean => ROLE_RANK[role] <= ROLE_RANK[ceiling];
