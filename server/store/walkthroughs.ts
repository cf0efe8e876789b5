import type { Kysely, Selectable } from 'kysely';
import { type Walkthrough, walkthroughSchema } from '../../shared/schemas/walkthrough.ts';
import { nextChangeSeq } from './change-seq.ts';
import type { Database, WalkthroughsTable } from './database.ts';
import { journeyExists } from './journeys.ts';
import { parseStoredJson, toSafeInteger } from './normalise.ts';
import { type Page, type PageOptions, pageSize, toPage } from './page.ts';
import {
  ACCEPTED,
  decideRevisionedWrite,
  rejected,
  type StoredRevision,
  settleLostRace,
  type WriteResult,
} from './write-result.ts';

const toWalkthrough = (row: Pick<Selectable<WalkthroughsTable>, 'id' | 'record_json'>): Walkthrough =>
  parseStoredJson(walkthroughSchema, row.record_json, `walkthrough ${row.id}`);

async function storedRevision(db: Kysely<Database>, id: string): Promise<StoredRevision | undefined> {
  const row = await db.selectFrom('walkthroughs').select(['team_id', 'rev']).where('id', '=', id).executeTakeFirst();
  return row && { teamId: row.team_id, rev: toSafeInteger(row.rev, 'walkthroughs.rev') };
}

/**
 * Upserts a walkthrough pushed by a client. Idempotent: a replayed push (same rev) or a stale one (older rev) is
 * a duplicate and changes nothing, not even the change sequence, so a replay can never make a pull re-send data.
 * Only a newer rev replaces the stored record, whole. A journey it names must exist in the team; ad-hoc
 * walkthroughs (journeyId null) need none.
 */
export async function putWalkthrough(db: Kysely<Database>, teamId: string, input: Walkthrough): Promise<WriteResult> {
  const walkthrough = walkthroughSchema.parse(input);
  return db.transaction().execute(async (trx) => {
    const decision = decideRevisionedWrite(await storedRevision(trx, walkthrough.id), teamId, walkthrough.rev);
    if (decision !== 'write') return decision;
    if (walkthrough.journeyId !== null && !(await journeyExists(trx, teamId, walkthrough.journeyId))) {
      return rejected('unknown_journey');
    }
    const changeSeq = await nextChangeSeq(trx, teamId);
    const written = await trx
      .insertInto('walkthroughs')
      .values({
        id: walkthrough.id,
        team_id: teamId,
        rev: walkthrough.rev,
        change_seq: changeSeq,
        journey_id: walkthrough.journeyId,
        sampler_id: walkthrough.samplerId,
        started_at: walkthrough.startedAt,
        outcome: walkthrough.outcome,
        elapsed_ms: walkthrough.elapsedMs,
        record_json: JSON.stringify(walkthrough),
      })
      // Same guard as putService: re-checked inside the statement against whatever committed meanwhile, so two
      // instances pushing the same record at once store it once.
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({
            rev: eb.ref('excluded.rev'),
            change_seq: eb.ref('excluded.change_seq'),
            journey_id: eb.ref('excluded.journey_id'),
            sampler_id: eb.ref('excluded.sampler_id'),
            started_at: eb.ref('excluded.started_at'),
            outcome: eb.ref('excluded.outcome'),
            elapsed_ms: eb.ref('excluded.elapsed_ms'),
            record_json: eb.ref('excluded.record_json'),
          }))
          .where((eb) =>
            eb.and([
              eb('walkthroughs.team_id', '=', eb.ref('excluded.team_id')),
              eb('walkthroughs.rev', '<', eb.ref('excluded.rev')),
            ]),
          ),
      )
      .returning('id')
      .executeTakeFirst();
    if (written !== undefined) return ACCEPTED;
    return settleLostRace(await storedRevision(trx, walkthrough.id), teamId, walkthrough.rev);
  });
}

/** Scoped by team: another team's walkthrough is indistinguishable from a missing one. */
export async function getWalkthrough(
  db: Kysely<Database>,
  teamId: string,
  walkthroughId: string,
): Promise<Walkthrough | undefined> {
  const row = await db
    .selectFrom('walkthroughs')
    .select(['id', 'record_json'])
    .where('team_id', '=', teamId)
    .where('id', '=', walkthroughId)
    .executeTakeFirst();
  return row && toWalkthrough(row);
}

export type ListWalkthroughsOptions = PageOptions & { readonly journeyId?: string };

/** A team's walkthroughs, newest start first, one bounded page at a time. */
export async function listWalkthroughs(
  db: Kysely<Database>,
  teamId: string,
  options: ListWalkthroughsOptions = {},
): Promise<Page<Walkthrough>> {
  const size = pageSize(options.limit);
  const { before, journeyId } = options;
  let query = db.selectFrom('walkthroughs').select(['id', 'started_at', 'record_json']).where('team_id', '=', teamId);
  if (journeyId !== undefined) query = query.where('journey_id', '=', journeyId);
  if (before !== undefined) {
    query = query.where((eb) =>
      eb.or([eb('started_at', '<', before.at), eb.and([eb('started_at', '=', before.at), eb('id', '<', before.id)])]),
    );
  }
  const rows = await query
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(size + 1)
    .execute();
  return toPage(rows, size, toWalkthrough, (row) => ({ at: row.started_at, id: row.id }));
}
