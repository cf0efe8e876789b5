import { journeySchema, serviceSchema } from '../../shared/schemas/index.ts';
import type { JourneySamplerDb } from './journey-sampler-db.ts';
import { parseRows } from './parse-rows.ts';
import { readServerUrl, type ServerUrlSetting } from './server-url-setting.ts';

/** What the side panel lists for one journey: a view of the catalog cache, not a stored shape. */
export type JourneySummary = {
  id: string;
  name: string;
  /** Null when the service is not (or not yet) in the local catalog. */
  serviceName: string | null;
  stepCount: number;
};

/** Everything the side panel's home view shows, read in one transaction so the numbers agree. */
export type LocalOverview = {
  /** Journeys that are not archived, by name. */
  journeys: JourneySummary[];
  /** Journey rows that failed to parse; kept in the database, counted here. */
  unreadableJourneys: number;
  walkthroughCount: number;
  server: ServerUrlSetting;
};

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export const readLocalOverview = (db: JourneySamplerDb): Promise<LocalOverview> =>
  db.transaction('r', [db.journeys, db.services, db.walkthroughs, db.settings], async () => {
    const journeyRows: unknown[] = await db.journeys.toArray();
    const serviceRows: unknown[] = await db.services.toArray();
    const journeys = parseRows(journeySchema, journeyRows);
    const serviceNames = new Map(parseRows(serviceSchema, serviceRows).values.map((s) => [s.id, s.name]));
    return {
      journeys: journeys.values
        .filter((journey) => !journey.archived)
        .map((journey) => ({
          id: journey.id,
          name: journey.name,
          serviceName: serviceNames.get(journey.serviceId) ?? null,
          stepCount: journey.steps.length,
        }))
        .sort((a, b) => byName.compare(a.name, b.name)),
      unreadableJourneys: journeys.unreadable,
      // Counting reads no record contents, so there is nothing to parse.
      walkthroughCount: await db.walkthroughs.count(),
      server: await readServerUrl(db),
    };
  });
