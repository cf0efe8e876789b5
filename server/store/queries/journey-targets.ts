import { type JourneyTargets, journeyTargetsSchema } from '../../../shared/schemas/journey-targets.ts';
import { journeyExists, toJourneyTargets } from '../core/record-rows.ts';
import type { StoreContext } from '../core/store-context.ts';
import type { WriteResult } from '../core/write-result.ts';
import { writeRevisioned } from '../core/write-revisioned.ts';

/**
 * Stores a journey's targets (one set per journey, keyed by journeyId) when the rev is newer. The journey must
 * belong to the caller's team: targets carry no teamId of their own, the team comes from the journey.
 */
export async function putJourneyTargets(
  { db }: StoreContext,
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
      duration_clock: targets.duration.clock,
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

/** Scoped by team: the targets of another team's journey are indistinguishable from none. */
export async function getJourneyTargets(
  { db }: StoreContext,
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

/** Every targets set of a team's journeys, by journey id. */
export async function listJourneyTargets({ db }: StoreContext, teamId: string): Promise<JourneyTargets[]> {
  const rows = await db
    .selectFrom('journey_targets')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('journey_id')
    .execute();
  return rows.map(toJourneyTargets);
}
