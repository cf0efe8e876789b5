import { type Service, serviceSchema } from '../../../shared/schemas/service.ts';
import { toFlag } from '../core/normalise.ts';
import { toService } from '../core/record-rows.ts';
import type { StoreContext } from '../core/store-context.ts';
import { rejected, type WriteResult } from '../core/write-result.ts';
import { writeRevisioned } from '../core/write-revisioned.ts';

/** Stores the service when its rev is newer than the stored one (see writeRevisioned). */
export async function putService({ db }: StoreContext, teamId: string, input: Service): Promise<WriteResult> {
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

/** Scoped by team: another team's service is indistinguishable from a missing one. */
export async function getService(
  { db }: StoreContext,
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
export async function listServices({ db }: StoreContext, teamId: string): Promise<Service[]> {
  const rows = await db
    .selectFrom('services')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(toService);
}
