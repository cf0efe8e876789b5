import type { Kysely, Selectable } from 'kysely';
import { type JourneyTargets, journeyTargetsSchema } from '../../shared/schemas/journey-targets.ts';
import { nextChangeSeq } from './change-seq.ts';
import type { Database, JourneyTargetsTable } from './database.ts';
import { journeyExists } from './journeys.ts';
import { optionalField, parseStored, toNullableSafeInteger, toSafeInteger } from './normalise.ts';
import {
  ACCEPTED,
  decideRevisionedWrite,
  rejected,
  type StoredRevision,
  settleLostRace,
  type WriteResult,
} from './write-result.ts';

function toJourneyTargets(row: Selectable<JourneyTargetsTable>): JourneyTargets {
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

async function storedRevision(db: Kysely<Database>, journeyId: string): Promise<StoredRevision | undefined> {
  const row = await db
    .selectFrom('journey_targets')
    .select(['team_id', 'rev'])
    .where('journey_id', '=', journeyId)
    .executeTakeFirst();
  return row && { teamId: row.team_id, rev: toSafeInteger(row.rev, 'journey_targets.rev') };
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
  return db.transaction().execute(async (trx) => {
    const decision = decideRevisionedWrite(await storedRevision(trx, targets.journeyId), teamId, targets.rev);
    if (decision !== 'write') return decision;
    if (!(await journeyExists(trx, teamId, targets.journeyId))) return rejected('unknown_journey');
    const changeSeq = await nextChangeSeq(trx, teamId);
    const written = await trx
      .insertInto('journey_targets')
      .values({
        journey_id: targets.journeyId,
        team_id: teamId,
        rev: targets.rev,
        change_seq: changeSeq,
        duration_threshold_ms: targets.duration.thresholdMs,
        duration_share: targets.duration.share,
        completion_rate: targets.completionRate ?? null,
        csat: targets.csat ?? null,
        seq_mean: targets.seqMean ?? null,
        ces_mean: targets.cesMean ?? null,
        apdex_t_ms: targets.apdexTMs ?? null,
        min_samples: targets.minSamples,
        updated_at: targets.updatedAt,
      })
      // Same guard as putService: re-checked inside the statement against whatever committed meanwhile.
      .onConflict((oc) =>
        oc
          .column('journey_id')
          .doUpdateSet((eb) => ({
            rev: eb.ref('excluded.rev'),
            change_seq: eb.ref('excluded.change_seq'),
            duration_threshold_ms: eb.ref('excluded.duration_threshold_ms'),
            duration_share: eb.ref('excluded.duration_share'),
            completion_rate: eb.ref('excluded.completion_rate'),
            csat: eb.ref('excluded.csat'),
            seq_mean: eb.ref('excluded.seq_mean'),
            ces_mean: eb.ref('excluded.ces_mean'),
            apdex_t_ms: eb.ref('excluded.apdex_t_ms'),
            min_samples: eb.ref('excluded.min_samples'),
            updated_at: eb.ref('excluded.updated_at'),
          }))
          .where((eb) =>
            eb.and([
              eb('journey_targets.team_id', '=', eb.ref('excluded.team_id')),
              eb('journey_targets.rev', '<', eb.ref('excluded.rev')),
            ]),
          ),
      )
      .returning('journey_id')
      .executeTakeFirst();
    if (written !== undefined) return ACCEPTED;
    return settleLostRace(await storedRevision(trx, targets.journeyId), teamId, targets.rev);
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
