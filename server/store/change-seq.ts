import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';
import { toSafeInteger } from './normalise.ts';

export async function createChangeCounter(trx: Kysely<Database>, teamId: string): Promise<void> {
  await trx.insertInto('change_counters').values({ team_id: teamId, value: 0 }).execute();
}

/**
 * Takes the team's next change sequence number. Call it inside the write's transaction, after every check that
 * may still refuse the write: the UPDATE locks the team's counter row until commit, which serialises the team's
 * writers so their sequence numbers become visible in commit order (see ChangeCountersTable).
 */
export async function nextChangeSeq(trx: Kysely<Database>, teamId: string): Promise<number> {
  const row = await trx
    .updateTable('change_counters')
    .set({ value: sql<number>`value + 1` })
    .where('team_id', '=', teamId)
    .returning('value')
    .executeTakeFirst();
  // Teams are created with their counter (createTeam), and callers only write for a team they were given by an
  // authenticated caller, so a missing row is a programming error.
  if (row === undefined) throw new Error(`team ${teamId} has no change counter; create teams with createTeam`);
  return toSafeInteger(row.value, 'change_counters.value');
}
