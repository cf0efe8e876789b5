import type { Kysely, Selectable } from 'kysely';
import { type Service, serviceSchema } from '../../shared/schemas/service.ts';
import { nextChangeSeq } from './change-seq.ts';
import type { Database, ServicesTable } from './database.ts';
import { fromFlag, parseStored, toFlag, toSafeInteger } from './normalise.ts';
import {
  ACCEPTED,
  decideRevisionedWrite,
  rejected,
  type StoredRevision,
  settleLostRace,
  type WriteResult,
} from './write-result.ts';

function toService(row: Selectable<ServicesTable>): Service {
  return parseStored(
    serviceSchema,
    {
      id: row.id,
      teamId: row.team_id,
      rev: toSafeInteger(row.rev, 'services.rev'),
      name: row.name,
      description: row.description,
      archived: fromFlag(row.archived, 'services.archived'),
      updatedAt: row.updated_at,
    },
    `service ${row.id}`,
  );
}

async function storedRevision(db: Kysely<Database>, id: string): Promise<StoredRevision | undefined> {
  const row = await db.selectFrom('services').select(['team_id', 'rev']).where('id', '=', id).executeTakeFirst();
  return row && { teamId: row.team_id, rev: toSafeInteger(row.rev, 'services.rev') };
}

export async function serviceExists(db: Kysely<Database>, teamId: string, serviceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('services')
    .select('id')
    .where('team_id', '=', teamId)
    .where('id', '=', serviceId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Stores the service when its rev is newer than the stored one (see decideRevisionedWrite). */
export async function putService(db: Kysely<Database>, teamId: string, input: Service): Promise<WriteResult> {
  const service = serviceSchema.parse(input);
  if (service.teamId !== teamId) return rejected('team_mismatch');
  return db.transaction().execute(async (trx) => {
    const decision = decideRevisionedWrite(await storedRevision(trx, service.id), teamId, service.rev);
    if (decision !== 'write') return decision;
    const changeSeq = await nextChangeSeq(trx, teamId);
    const written = await trx
      .insertInto('services')
      .values({
        id: service.id,
        team_id: teamId,
        rev: service.rev,
        change_seq: changeSeq,
        name: service.name,
        description: service.description,
        archived: toFlag(service.archived),
        updated_at: service.updatedAt,
      })
      // The guard repeats the decision inside the statement: a concurrent writer may have stored a newer rev, or
      // another team the same id, since we looked. Then nothing is written and we decide again from the winner.
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({
            rev: eb.ref('excluded.rev'),
            change_seq: eb.ref('excluded.change_seq'),
            name: eb.ref('excluded.name'),
            description: eb.ref('excluded.description'),
            archived: eb.ref('excluded.archived'),
            updated_at: eb.ref('excluded.updated_at'),
          }))
          .where((eb) =>
            eb.and([
              eb('services.team_id', '=', eb.ref('excluded.team_id')),
              eb('services.rev', '<', eb.ref('excluded.rev')),
            ]),
          ),
      )
      .returning('id')
      .executeTakeFirst();
    if (written !== undefined) return ACCEPTED;
    return settleLostRace(await storedRevision(trx, service.id), teamId, service.rev);
  });
}

export async function getService(
  db: Kysely<Database>,
  teamId: string,
  serviceId: string,
): Promise<Service | undefined> {
  const row = await db
    .selectFrom('services')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('id', '=', serviceId)
    .executeTakeFirst();
  return row && toService(row);
}

/** A team's whole service catalog, archived included (walkthroughs still point at archived services). */
export async function listServices(db: Kysely<Database>, teamId: string): Promise<Service[]> {
  const rows = await db
    .selectFrom('services')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(toService);
}
