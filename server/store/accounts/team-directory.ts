import type { Kysely } from 'kysely';
import { type Team, teamSchema } from '../../../shared/schemas/team.ts';
import { newId } from '../../new-id.ts';
import { createChangeCounter } from '../core/change-seq.ts';
import type { Database } from '../core/database.ts';
import { parseStored } from '../core/normalise.ts';
import type { StoreContext } from '../core/store-context.ts';

export type CreateNamedTeamResult =
  | { readonly ok: true; readonly team: Team }
  | { readonly ok: false; readonly reason: 'name_taken' };

const toTeam = (row: { id: string; name: string; created_at: string }): Team =>
  parseStored(teamSchema, { id: row.id, name: row.name, createdAt: row.created_at }, `team ${row.id}`);

/**
 * Creates a team with a fresh id under a name no other team has (names are unique: the admin command and the
 * first start find teams by name). Inserts the team's change counter in the same transaction, as the record
 * form's createTeam (queries/teams.ts) does. Usable inside a caller's transaction: Kysely cannot nest them, so an
 * open one is reused.
 */
export async function createTeam(
  { db }: StoreContext,
  name: string,
  now: Date = new Date(),
): Promise<CreateNamedTeamResult> {
  const team = teamSchema.parse({ id: newId(now.getTime()), name, createdAt: now.toISOString() });
  const body = async (trx: Kysely<Database>): Promise<CreateNamedTeamResult> => {
    const inserted = await trx
      .insertInto('teams')
      .values({ id: team.id, name: team.name, created_at: team.createdAt })
      // A concurrent creator of the same name wins; this one reports the name as taken.
      .onConflict((oc) => oc.column('name').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) return { ok: false, reason: 'name_taken' };
    await createChangeCounter(trx, team.id);
    return { ok: true, team };
  };
  return db.isTransaction ? body(db) : db.transaction().execute(body);
}

/** The team of that name, if any (names are unique). */
export async function findTeamByName({ db }: StoreContext, name: string): Promise<Team | undefined> {
  const row = await db.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst();
  return row && toTeam(row);
}

/** Every team, by name. Only admins see this list; teams are few. */
export async function listTeams({ db }: StoreContext): Promise<Team[]> {
  const rows = await db.selectFrom('teams').selectAll().orderBy('name').orderBy('id').execute();
  return rows.map(toTeam);
}
