// What a removal request (POST /walkthroughs/remove) checks before it calls removeWalkthroughs (walkthroughs.ts):
// which of the ids are the team's walkthroughs now, and which the team removed before.
import type { StoreContext } from '../core/store-context.ts';

/** Which of `walkthroughIds` are walkthroughs of the team (another team's are absent, like missing ones). */
export async function teamWalkthroughIds(
  { db }: StoreContext,
  teamId: string,
  walkthroughIds: readonly string[],
): Promise<Set<string>> {
  if (walkthroughIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('walkthroughs')
    .select('id')
    .where('team_id', '=', teamId)
    .where('id', 'in', walkthroughIds)
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Which of `walkthroughIds` the team has removed (walkthrough_removals keeps the id of every removal). */
export async function removedWalkthroughIds(
  { db }: StoreContext,
  teamId: string,
  walkthroughIds: readonly string[],
): Promise<Set<string>> {
  if (walkthroughIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('walkthrough_removals')
    .select('walkthrough_id')
    .where('team_id', '=', teamId)
    .where('walkthrough_id', 'in', walkthroughIds)
    .execute();
  return new Set(rows.map((row) => row.walkthrough_id));
}
