import type { Kysely, Selectable } from 'kysely';
import { type Service, serviceSchema } from '../../shared/schemas/service.ts';
import type { Database, ServicesTable } from './database.ts';
import { fromFlag, parseStored, toFlag, toSafeInteger } from './normalise.ts';
import { rejected, type WriteResult } from './write-result.ts';
import { writeRevisioned } from './write-revisioned.ts';

export function toService(row: Selectable<ServicesTable>): Service {
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

export async function serviceExists(db: Kysely<Database>, teamId: string, serviceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('services')
    .select('id')
    .where('team_id', '=', teamId)
    .where('id', '=', serviceId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Stores the service when its rev is newer than the stored one (see writeRevisioned). */
export async function putService(db: Kysely<Database>, teamId: string, input: Service): Promise<WriteResult> {
  const service = serviceSchema.parse(input);
  if (service.teamId !== teamId) return rejected('team_mismatch');
  return writeRevisioned(db, {
    table: 'services',
    teamId,
    id: service.id,
    rev: service.rev,
    row: {
      name: service.name,
      description: service.description,
      archived: toFlag(service.archived),
      updated_at: service.updatedAt,
    },
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
