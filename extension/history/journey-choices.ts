import { journeySchema } from '../../shared/schemas/journey.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { parseRows } from '../db/parse-rows.ts';

/** A journey the History page can filter by: one that has walkthroughs on this device. */
export type JourneyChoice = { journeyId: string; name: string; count: number };

export type JourneyChoices = {
  /** By name. */
  journeys: JourneyChoice[];
  /** Walkthroughs recorded ad hoc (no journey). */
  adHocCount: number;
};

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * The journeys that have local walkthroughs, with how many each. Counting reads only the journeyId index; a
 * journey missing from the local catalog (pulled from another device, or since deleted) is named after one of
 * its walkthroughs.
 */
export const readJourneyChoices = (db: JourneySamplerDb): Promise<JourneyChoices> =>
  db.transaction('r', [db.walkthroughs, db.journeys], async () => {
    // Distinct ids (a cursor that skips duplicates), then one index count each: never a step per walkthrough.
    const counts = new Map<string, number>();
    const journeyIds: unknown[] = await db.walkthroughs.orderBy('journeyId').uniqueKeys();
    for (const id of journeyIds) {
      if (typeof id === 'string') counts.set(id, await db.walkthroughs.where('journeyId').equals(id).count());
    }
    const catalogRows: unknown[] = (await db.journeys.bulkGet([...counts.keys()])).filter((row) => row !== undefined);
    const names = new Map(parseRows(journeySchema, catalogRows).values.map((j) => [j.id, j.name]));

    const journeys: JourneyChoice[] = [];
    for (const [journeyId, count] of counts) {
      let name = names.get(journeyId);
      if (name === undefined) {
        const row: unknown = await db.walkthroughs.where('journeyId').equals(journeyId).first();
        const stored = typeof row === 'object' && row !== null && 'journeyName' in row ? row.journeyName : undefined;
        name = typeof stored === 'string' && stored !== '' ? stored : 'Unnamed journey';
      }
      journeys.push({ journeyId, name, count });
    }
    journeys.sort((a, b) => byName.compare(a.name, b.name));
    const withJourney = [...counts.values()].reduce((sum, count) => sum + count, 0);
    return { journeys, adHocCount: (await db.walkthroughs.count()) - withJourney };
  });
