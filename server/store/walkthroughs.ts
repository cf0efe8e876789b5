import type { Kysely, Selectable } from 'kysely';
import { type Walkthrough, walkthroughSchema } from '../../shared/schemas/walkthrough.ts';
import type { Database, WalkthroughsTable } from './database.ts';
import { journeyExists } from './journeys.ts';
import { parseStoredJson } from './normalise.ts';
import { type Page, type PageOptions, selectPage } from './page.ts';
import type { WriteResult } from './write-result.ts';
import { writeRevisioned } from './write-revisioned.ts';

export const toWalkthrough = (row: Pick<Selectable<WalkthroughsTable>, 'id' | 'record_json'>): Walkthrough =>
  parseStoredJson(walkthroughSchema, row.record_json, `walkthrough ${row.id}`);

/**
 * Upserts a walkthrough pushed by a client. Idempotent: a replayed push (same rev) or a stale one (older rev) is
 * a duplicate and changes nothing, not even the change sequence, so a replay can never make a pull re-send data.
 * Only a newer rev replaces the stored record, whole. A journey it names must exist in the team; ad-hoc
 * walkthroughs (journeyId null) need none.
 */
export async function putWalkthrough(db: Kysely<Database>, teamId: string, input: Walkthrough): Promise<WriteResult> {
  const walkthrough = walkthroughSchema.parse(input);
  const { journeyId } = walkthrough;
  return writeRevisioned(db, {
    table: 'walkthroughs',
    teamId,
    id: walkthrough.id,
    rev: walkthrough.rev,
    row: {
      journey_id: journeyId,
      sampler_id: walkthrough.samplerId,
      started_at: walkthrough.startedAt,
      outcome: walkthrough.outcome,
      elapsed_ms: walkthrough.elapsedMs,
      record_json: JSON.stringify(walkthrough),
    },
    references: async (trx) =>
      journeyId === null || (await journeyExists(trx, teamId, journeyId)) ? undefined : 'unknown_journey',
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
  let query = db.selectFrom('walkthroughs').select(['id', 'started_at', 'record_json']).where('team_id', '=', teamId);
  if (options.journeyId !== undefined) query = query.where('journey_id', '=', options.journeyId);
  return selectPage(query, 'started_at', options, toWalkthrough);
}
