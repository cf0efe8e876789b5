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

/**
 * Takes `count` consecutive change sequence numbers at once and returns the first; the same lock as
 * nextChangeSeq, one statement for a whole push batch. Numbers that end up unused (a guarded upsert that lost a
 * race) leave a gap, which a cursor reading `change_seq > n` does not mind.
 */
export async function reserveChangeSeqs(trx: Kysely<Database>, teamId: string, count: number): Promise<number> {
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`cannot reserve ${count} change sequence numbers`);
  const row = await trx
    .updateTable('change_counters')
    .set({ value: sql<number>`value + ${count}` })
    .where('team_id', '=', teamId)
    .returning('value')
    .executeTakeFirst();
  if (row === undefined) throw new Error(`team ${teamId} has no change counter; create teams with createTeam`);
  return toSafeInteger(row.value, 'change_counters.value') - count + 1;
}

/** The team's latest change sequence number: every change of the team up to it has committed. */
export async function currentChangeSeq(db: Kysely<Database>, teamId: string): Promise<number | undefined> {
  const row = await db.selectFrom('change_counters').select('value').where('team_id', '=', teamId).executeTakeFirst();
  return row && toSafeInteger(row.value, 'change_counters.value');
}
