import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { type Journey, journeySchema, journeyStepSchema } from '../../shared/schemas/journey.ts';
import { nextChangeSeq } from './change-seq.ts';
import type { Database, JourneysTable } from './database.ts';
import { fromFlag, parseStored, parseStoredJson, toFlag, toSafeInteger } from './normalise.ts';
import { serviceExists } from './services.ts';
import {
  ACCEPTED,
  decideRevisionedWrite,
  rejected,
  type StoredRevision,
  settleLostRace,
  type WriteResult,
} from './write-result.ts';

const stepsSchema = z.array(journeyStepSchema);

function toJourney(row: Selectable<JourneysTable>): Journey {
  const what = `journey ${row.id}`;
  return parseStored(
    journeySchema,
    {
      id: row.id,
      teamId: row.team_id,
      serviceId: row.service_id,
      rev: toSafeInteger(row.rev, 'journeys.rev'),
      name: row.name,
      description: row.description,
      steps: parseStoredJson(stepsSchema, row.steps_json, `${what} steps`),
      archived: fromFlag(row.archived, 'journeys.archived'),
      updatedAt: row.updated_at,
    },
    what,
  );
}

async function storedRevision(db: Kysely<Database>, id: string): Promise<StoredRevision | undefined> {
  const row = await db.selectFrom('journeys').select(['team_id', 'rev']).where('id', '=', id).executeTakeFirst();
  return row && { teamId: row.team_id, rev: toSafeInteger(row.rev, 'journeys.rev') };
}

export async function journeyExists(db: Kysely<Database>, teamId: string, journeyId: string): Promise<boolean> {
  const row = await db
    .selectFrom('journeys')
    .select('id')
    .where('team_id', '=', teamId)
    .where('id', '=', journeyId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Stores the journey when its rev is newer (see decideRevisionedWrite). Its service must belong to the same team;
 * the composite foreign key enforces that too, this check turns it into a value instead of a constraint error.
 */
export async function putJourney(db: Kysely<Database>, teamId: string, input: Journey): Promise<WriteResult> {
  const journey = journeySchema.parse(input);
  if (journey.teamId !== teamId) return rejected('team_mismatch');
  return db.transaction().execute(async (trx) => {
    const decision = decideRevisionedWrite(await storedRevision(trx, journey.id), teamId, journey.rev);
    if (decision !== 'write') return decision;
    if (!(await serviceExists(trx, teamId, journey.serviceId))) return rejected('unknown_service');
    const changeSeq = await nextChangeSeq(trx, teamId);
    const written = await trx
      .insertInto('journeys')
      .values({
        id: journey.id,
        team_id: teamId,
        service_id: journey.serviceId,
        rev: journey.rev,
        change_seq: changeSeq,
        name: journey.name,
        description: journey.description,
        steps_json: JSON.stringify(journey.steps),
        archived: toFlag(journey.archived),
        updated_at: journey.updatedAt,
      })
      // Same guard as putService: re-checked inside the statement against whatever committed meanwhile.
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({
            service_id: eb.ref('excluded.service_id'),
            rev: eb.ref('excluded.rev'),
            change_seq: eb.ref('excluded.change_seq'),
            name: eb.ref('excluded.name'),
            description: eb.ref('excluded.description'),
            steps_json: eb.ref('excluded.steps_json'),
            archived: eb.ref('excluded.archived'),
            updated_at: eb.ref('excluded.updated_at'),
          }))
          .where((eb) =>
            eb.and([
              eb('journeys.team_id', '=', eb.ref('excluded.team_id')),
              eb('journeys.rev', '<', eb.ref('excluded.rev')),
            ]),
          ),
      )
      .returning('id')
      .executeTakeFirst();
    if (written !== undefined) return ACCEPTED;
    return settleLostRace(await storedRevision(trx, journey.id), teamId, journey.rev);
  });
}

export async function getJourney(
  db: Kysely<Database>,
  teamId: string,
  journeyId: string,
): Promise<Journey | undefined> {
  const row = await db
    .selectFrom('journeys')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('id', '=', journeyId)
    .executeTakeFirst();
  return row && toJourney(row);
}

export type ListJourneysOptions = { readonly serviceId?: string };

/** A team's journeys, archived included, optionally of one service. */
export async function listJourneys(
  db: Kysely<Database>,
  teamId: string,
  options: ListJourneysOptions = {},
): Promise<Journey[]> {
  let query = db.selectFrom('journeys').selectAll().where('team_id', '=', teamId);
  if (options.serviceId !== undefined) query = query.where('service_id', '=', options.serviceId);
  const rows = await query.orderBy('name').orderBy('id').execute();
  return rows.map(toJourney);
}
