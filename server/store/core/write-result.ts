/**
 * Why a store write was refused. Each is a property of the input, not a server fault, so it is a value the caller
 * reports (a push answers `rejected` with the reason) rather than an exception.
 * - id_in_use: the id already belongs to another team's record; ids are global, so it cannot be taken over.
 * - team_mismatch: the record names a team other than the one the caller writes for.
 * - unknown_service / unknown_journey: the referenced record does not exist in the caller's team.
 */
export const REJECT_REASONS = ['id_in_use', 'team_mismatch', 'unknown_service', 'unknown_journey'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/**
 * - accepted: the record was stored (new, or a newer rev replaced the old one).
 * - duplicate: the store already holds this rev or a newer one; nothing changed. Replays land here.
 */
export type WriteResult =
  | { readonly status: 'accepted' }
  | { readonly status: 'duplicate' }
  | { readonly status: 'rejected'; readonly reason: RejectReason };

export const ACCEPTED: WriteResult = { status: 'accepted' };
export const DUPLICATE: WriteResult = { status: 'duplicate' };
export const rejected = (reason: RejectReason): WriteResult => ({ status: 'rejected', reason });

/** What the store holds under an id before a revisioned write: whose it is and at which rev. */
export type StoredRevision = { readonly teamId: string; readonly rev: number };

/**
 * The rule every revisioned write follows, given what is stored under the id now: a newer rev from the same team
 * is written; the same or an older rev is a duplicate; another team's id is refused.
 */
export function decideRevisionedWrite(
  existing: StoredRevision | undefined,
  teamId: string,
  rev: number,
): WriteResult | 'write' {
  if (existing === undefined) return 'write';
  if (existing.teamId !== teamId) return rejected('id_in_use');
  return rev > existing.rev ? 'write' : DUPLICATE;
}

/** After a guarded upsert wrote nothing, what is stored now explains why; "write" again would be a bug. */
export function settleLostRace(existing: StoredRevision | undefined, teamId: string, rev: number): WriteResult {
  const decision = decideRevisionedWrite(existing, teamId, rev);
  if (decision === 'write') throw new Error('a guarded upsert wrote nothing although the stored row is older');
  return decision;
}
