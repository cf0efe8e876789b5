import { type Team, teamSchema } from '../../../shared/schemas/team.ts';
import { createChangeCounter } from '../core/change-seq.ts';
import { parseStored } from '../core/normalise.ts';
import type { StoreContext } from '../core/store-context.ts';
import { ACCEPTED, DUPLICATE, type WriteResult } from '../core/write-result.ts';

/**
 * Creates a team and its change counter together: every later write in the team bumps that counter, so a team
 * without one must never exist. Creating an existing id again is a duplicate and changes nothing.
 */
export async function createTeam({ db }: StoreContext, input: Team): Promise<WriteResult> {
  const team = teamSchema.parse(input);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('teams')
      .values({ id: team.id, name: team.name, created_at: team.createdAt })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) return DUPLICATE;
    await createChangeCounter(trx, team.id);
    return ACCEPTED;
  });
}

/** A team by id (the record form; store.accounts finds teams by name). */
export async function getTeam({ db }: StoreContext, teamId: string): Promise<Team | undefined> {
  const row = await db.selectFrom('teams').selectAll().where('id', '=', teamId).executeTakeFirst();
  if (row === undefined) return undefined;
  return parseStored(teamSchema, { id: row.id, name: row.name, createdAt: row.created_at }, `team ${row.id}`);
}
