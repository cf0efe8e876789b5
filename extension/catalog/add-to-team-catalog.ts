import { err, ok, type Result } from '../../shared/domain/result.ts';
import { journeySchema } from '../../shared/schemas/index.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { readLocalCatalog } from '../db/local-catalog-setting.ts';
import { parseRow } from '../db/parse-rows.ts';
import { requeueForJourney } from '../sync/attention-fixes.ts';
import type { TeamCatalogApi } from './team-catalog-api.ts';

export type AddToCatalogDeps = { db: JourneySamplerDb; api: TeamCatalogApi; now: () => Date };

/**
 * "Add to the team catalog" (a lead): uploads a journey made on this device to one of the team's services with
 * its own id and step ids, so walkthroughs already recorded against it stay valid as they are; stores the
 * server's copy in its place (it leaves "My services") and queues those walkthroughs again.
 *
 * Safe to repeat: if an earlier attempt reached the server but its answer was lost, the create answers 409 and
 * the journey is read back instead; an id taken by anything else is refused.
 */
export const addToTeamCatalog = async (
  { db, api, now }: AddToCatalogDeps,
  journeyId: string,
  serviceId: string,
): Promise<Result<{ requeued: number }, string>> => {
  const [row, local] = await Promise.all([db.journeys.get(journeyId), readLocalCatalog(db)]);
  const journey = parseRow(journeySchema, row);
  if (!journey.ok || journey.value.serviceId !== local?.serviceId) {
    return err('This journey is not one made on this device any more.');
  }
  const { name, description, steps } = journey.value;
  // No transaction is open across these requests: the answer is stored in a new one (requeueForJourney).
  let created = await api.createJourney({
    id: journeyId,
    serviceId,
    name,
    description,
    steps: steps.map((step) => ({ id: step.id, name: step.name, urlPatterns: step.urlPatterns })),
  });
  if (!created.ok && created.kind === 'conflict') {
    const existing = await api.getJourney(journeyId);
    // Found in the caller's team (another team's would be 404): it is this journey, uploaded before.
    created = existing.ok
      ? existing
      : { ok: false, kind: 'failed', message: 'The server already holds another record with this id.' };
  }
  if (!created.ok) return err(created.message);
  return ok({ requeued: await requeueForJourney(db, created.value, now()) });
};
