import { err, ok, type Result } from '../../shared/domain/result.ts';
import { type Journey, journeySchema, type Service, serviceSchema } from '../../shared/schemas/index.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { LOCAL_SERVICE_NAME, type LocalCatalog } from '../db/local-catalog.ts';
import { readLocalCatalog } from '../db/local-catalog-setting.ts';
import { parseRow, parseRows } from '../db/parse-rows.ts';
import { type DraftErrors, type JourneyDraft, journeyFromDraft } from './journey-draft.ts';

/** One journey the side panel can start, with what the picker shows beside it. */
export type CatalogEntry = {
  journey: Journey;
  /** Null when the service is not (or not yet) in the local catalog. */
  serviceName: string | null;
  /** Made on this device, so the sampler may edit it; pulled journeys belong to the team lead. */
  editable: boolean;
};

export type Catalog = {
  /**
   * Journeys that are not archived: the team's (pulled from the server) first, then the ones made on this
   * device ("My services"), each group by name. Once paired, the team's journeys are the ones to sample.
   */
  entries: CatalogEntry[];
  /** Journey rows that fail the shared schema: kept in the database, counted so the UI can say so. */
  unreadable: number;
};

export type CatalogDeps = {
  newId: () => string;
  /** Wall-clock time for `updatedAt` (display only). */
  now: () => Date;
};

export type SaveJourneyError =
  | { kind: 'invalid'; errors: DraftErrors }
  /** The journey is not in this device's local catalog (pulled from the server, or deleted meanwhile). */
  | { kind: 'not-editable'; message: string };

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Every journey the picker offers; run it inside liveQuery to follow changes. */
export const readCatalog = (db: JourneySamplerDb): Promise<Catalog> =>
  db.transaction('r', [db.journeys, db.services, db.settings], async () => {
    const journeyRows: unknown[] = await db.journeys.toArray();
    const serviceRows: unknown[] = await db.services.toArray();
    const local = await readLocalCatalog(db);
    const journeys = parseRows(journeySchema, journeyRows);
    const serviceNames = new Map(parseRows(serviceSchema, serviceRows).values.map((s) => [s.id, s.name]));
    return {
      entries: journeys.values
        .filter((journey) => !journey.archived)
        .map((journey) => ({
          journey,
          serviceName: serviceNames.get(journey.serviceId) ?? null,
          editable: local !== null && journey.serviceId === local.serviceId,
        }))
        .sort((a, b) => Number(a.editable) - Number(b.editable) || byName.compare(a.journey.name, b.journey.name)),
      unreadable: journeys.unreadable,
    };
  });

/** Reads this device's local team and service, creating them on first use. Call inside a rw transaction. */
const ensureLocalCatalogIn = async (db: JourneySamplerDb, deps: CatalogDeps): Promise<LocalCatalog> => {
  const existing = await readLocalCatalog(db);
  if (existing) {
    // The service row may be gone (a bug or a cleared table); recreate it rather than orphan the journeys.
    if ((await db.services.get(existing.serviceId)) === undefined) {
      await db.services.put(localService(existing, deps.now()));
    }
    return existing;
  }
  const created: LocalCatalog = { teamId: deps.newId(), serviceId: deps.newId() };
  await db.services.put(localService(created, deps.now()));
  await db.settings.put({ key: 'localCatalog', value: created });
  return created;
};

const localService = (local: LocalCatalog, now: Date): Service =>
  serviceSchema.parse({
    id: local.serviceId,
    teamId: local.teamId,
    rev: 1,
    name: LOCAL_SERVICE_NAME,
    description: 'Journeys created on this device',
    archived: false,
    updatedAt: now.toISOString(),
  });

/**
 * Creates or updates a local journey from the editor's draft, in one transaction: validation with the shared
 * journeySchema, a rev that grows on every edit, and step ids kept so recorded walkthroughs still point at
 * the right steps. Local journeys are not queued for push: the protocol has no journey upload yet.
 */
export const saveJourney = (
  db: JourneySamplerDb,
  draft: JourneyDraft,
  deps: CatalogDeps,
): Promise<Result<Journey, SaveJourneyError>> =>
  db.transaction('rw', [db.journeys, db.services, db.settings], async () => {
    const local = await ensureLocalCatalogIn(db, deps);
    const updatedAt = deps.now().toISOString();
    let frame = {
      id: draft.id ?? deps.newId(),
      teamId: local.teamId,
      serviceId: local.serviceId,
      rev: 1,
      archived: false,
      updatedAt,
    };
    if (draft.id !== null) {
      const row: unknown = await db.journeys.get(draft.id);
      const stored = row === undefined ? null : parseRow(journeySchema, row);
      if (!stored?.ok || stored.value.serviceId !== local.serviceId) {
        return err({
          kind: 'not-editable',
          message: 'This journey is not one of the journeys created on this device, so it cannot be edited here.',
        } as const);
      }
      frame = { ...frame, rev: stored.value.rev + 1, archived: stored.value.archived };
    }
    const journey = journeyFromDraft(draft, frame);
    if (!journey.ok) return err({ kind: 'invalid', errors: journey.error } as const);
    await db.journeys.put(journey.value);
    return ok(journey.value);
  });
