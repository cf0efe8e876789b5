import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { errorResponse } from '../middleware/error-response.ts';
import type { WriteResult } from '../store/core/write-result.ts';

/**
 * Why a server-side edit of a catalog record did not happen:
 * - not_found: no such record in the caller's team (another team's looks the same);
 * - stale: the editor started from another rev than the stored one (`currentRev`);
 * - lost_race: a concurrent edit stored the same next rev first (the guarded write was a duplicate).
 */
export type EditOutcome<T> =
  | { readonly ok: true; readonly record: T; readonly created?: boolean }
  | { readonly ok: false; readonly why: 'not_found' }
  | { readonly ok: false; readonly why: 'stale'; readonly currentRev: number | null; readonly sentRev: number | null }
  | { readonly ok: false; readonly why: 'lost_race' };

/**
 * Stores `next` (the current record at rev + 1) through the store's guarded revisioned write. Two editors who
 * both started from rev n both try to write rev n + 1: the store writes the first and calls the second a
 * duplicate, which is reported as a lost race (409), never as success.
 */
export async function storeNext<T>(write: () => Promise<WriteResult>, next: T): Promise<EditOutcome<T>> {
  const result = await write();
  return result.status === 'accepted' ? { ok: true, record: next } : { ok: false, why: 'lost_race' };
}

/** The response for a failed edit: 404 or 409 `conflict` with what to do about it. */
export function editFailure(c: Context<AppEnv>, what: string, outcome: Exclude<EditOutcome<unknown>, { ok: true }>) {
  switch (outcome.why) {
    case 'not_found':
      return errorResponse(c, 404, 'not_found', `${what} not found`);
    case 'stale':
      return errorResponse(
        c,
        409,
        'conflict',
        outcome.currentRev === null
          ? `the ${what} does not exist yet, but the request expected rev ${outcome.sentRev}: reload it and try again`
          : `the ${what} has changed since you loaded it (it is at rev ${outcome.currentRev}, you sent ${outcome.sentRev ?? 'none'}): reload it and apply your edit again`,
      );
    case 'lost_race':
      return errorResponse(
        c,
        409,
        'conflict',
        `the ${what} was changed by someone else while saving: reload it and try again`,
      );
  }
}
