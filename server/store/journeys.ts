import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { type Journey, journeySchema, journeyStepSchema } from '../../shared/schemas/journey.ts';
import type { Database, JourneysTable } from './database.ts';
import { fromFlag, parseStored, parseStoredJson, toFlag, toSafeInteger } from './normalise.ts';
import { serviceExists } from './services.ts';
import { rejected, type WriteResult } from './write-result.ts';
import { writeRevisioned } from './write-revisioned.ts';

const stepsSchema = z.array(journeyStepSchema);

export function toJourney(row: Selectable<JourneysTable>): Journey {
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
  return writeRevisioned(db, {
    table: 'journeys',
    teamId,
    id: journey.id,
    rev: journey.rev,
    row: {
      service_id: journey.serviceId,
      name: journey.name,
      description: journey.description,
      steps_json: JSON.stringify(journey.steps),
      archived: toFlag(journey.archived),
      updated_at: journey.updatedAt,
    },
    references: async (trx) => ((await serviceExists(trx, teamId, journey.serviceId)) ? undefined : 'unknown_service'),
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
