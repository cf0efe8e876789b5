import { type Journey, journeySchema } from '../../../shared/schemas/journey.ts';
import { toFlag } from '../core/normalise.ts';
import { serviceExists, toJourney } from '../core/record-rows.ts';
import type { StoreContext } from '../core/store-context.ts';
import { rejected, type WriteResult } from '../core/write-result.ts';
import { writeRevisioned } from '../core/write-revisioned.ts';

/**
 * Stores the journey when its rev is newer (see decideRevisionedWrite). Its service must belong to the same team;
 * the composite foreign key enforces that too, this check turns it into a value instead of a constraint error.
 */
export async function putJourney({ db }: StoreContext, teamId: string, input: Journey): Promise<WriteResult> {
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

/** Scoped by team: another team's journey is indistinguishable from a missing one. */
export async function getJourney(
  { db }: StoreContext,
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
  { db }: StoreContext,
  teamId: string,
  options: ListJourneysOptions = {},
): Promise<Journey[]> {
  let query = db.selectFrom('journeys').selectAll().where('team_id', '=', teamId);
  if (options.serviceId !== undefined) query = query.where('service_id', '=', options.serviceId);
  const rows = await query.orderBy('name').orderBy('id').execute();
  return rows.map(toJourney);
}
