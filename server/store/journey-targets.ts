import type { Kysely, Selectable } from 'kysely';
import { type JourneyTargets, journeyTargetsSchema } from '../../shared/schemas/journey-targets.ts';
import type { Database, JourneyTargetsTable } from './database.ts';
import { journeyExists } from './journeys.ts';
import { optionalField, parseStored, toNullableSafeInteger, toSafeInteger } from './normalise.ts';
import type { WriteResult } from './write-result.ts';
import { writeRevisioned } from './write-revisioned.ts';

export function toJourneyTargets(row: Selectable<JourneyTargetsTable>): JourneyTargets {
  return parseStored(
    journeyTargetsSchema,
    {
      journeyId: row.journey_id,
      rev: toSafeInteger(row.rev, 'journey_targets.rev'),
      duration: {
        thresholdMs: toSafeInteger(row.duration_threshold_ms, 'journey_targets.duration_threshold_ms'),
        share: row.duration_share,
      },
      ...optionalField('completionRate', row.completion_rate),
      ...optionalField('csat', row.csat),
      ...optionalField('seqMean', row.seq_mean),
      ...optionalField('cesMean', row.ces_mean),
      ...optionalField('apdexTMs', toNullableSafeInteger(row.apdex_t_ms, 'journey_targets.apdex_t_ms')),
      minSamples: row.min_samples,
      updatedAt: row.updated_at,
    },
    `targets of journey ${row.journey_id}`,
  );
}

/**
 * Stores a journey's targets (one set per journey, keyed by journeyId) when the rev is newer. The journey must
 * belong to the caller's team: targets carry no teamId of their own, the team comes from the journey.
 */
export async function putJourneyTargets(
  db: Kysely<Database>,
  teamId: string,
  input: JourneyTargets,
): Promise<WriteResult> {
  const targets = journeyTargetsSchema.parse(input);
  return writeRevisioned(db, {
    table: 'journey_targets',
    teamId,
    id: targets.journeyId,
    rev: targets.rev,
    row: {
      duration_threshold_ms: targets.duration.thresholdMs,
      duration_share: targets.duration.share,
      completion_rate: targets.completionRate ?? null,
      csat: targets.csat ?? null,
      seq_mean: targets.seqMean ?? null,
      ces_mean: targets.cesMean ?? null,
      apdex_t_ms: targets.apdexTMs ?? null,
      min_samples: targets.minSamples,
      updated_at: targets.updatedAt,
    },
    references: async (trx) => ((await journeyExists(trx, teamId, targets.journeyId)) ? undefined : 'unknown_journey'),
  });
}

export async function getJourneyTargets(
  db: Kysely<Database>,
  teamId: string,
  journeyId: string,
): Promise<JourneyTargets | undefined> {
  const row = await db
    .selectFrom('journey_targets')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('journey_id', '=', journeyId)
    .executeTakeFirst();
  return row && toJourneyTargets(row);
}

export async function listJourneyTargets(db: Kysely<Database>, teamId: string): Promise<JourneyTargets[]> {
  const rows = await db
    .selectFrom('journey_targets')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('journey_id')
    .execute();
  return rows.map(toJourneyTargets);
}
