import type { Kysely, Selectable } from 'kysely';
import type { WalkthroughItem } from '../../../shared/protocol/walkthroughs.ts';
import { type Outcome, type Walkthrough, walkthroughSchema } from '../../../shared/schemas/walkthrough.ts';
import { reserveChangeSeqs } from '../core/change-seq.ts';
import type { Database, WalkthroughsTable } from '../core/database.ts';
import { type Page, type PageCursor, type PageOptions, selectPage } from '../core/page.ts';
import { journeyExists, toWalkthrough } from '../core/record-rows.ts';
import type { StoreContext } from '../core/store-context.ts';
import type { WriteResult } from '../core/write-result.ts';
import { writeRevisioned } from '../core/write-revisioned.ts';

/** The columns a WalkthroughItem is made of. */
const ITEM_COLUMNS = ['id', 'started_at', 'record_json', 'sampler_id', 'shared_at', 'shared_by'] as const;
type ItemRow = Pick<Selectable<WalkthroughsTable>, (typeof ITEM_COLUMNS)[number]>;

const toItem = (row: ItemRow): WalkthroughItem => ({
  record: toWalkthrough(row),
  samplerId: row.sampler_id,
  shared: row.shared_at !== null,
  sharedAt: row.shared_at,
  sharedBy: row.shared_by,
});

/**
 * Upserts a walkthrough pushed by a client. Idempotent: a replayed push (same rev) or a stale one (older rev) is
 * a duplicate and changes nothing, not even the change sequence, so a replay can never make a pull re-send data.
 * Only a newer rev replaces the stored record, whole. A journey it names must exist in the team; ad-hoc
 * walkthroughs (journeyId null) need none.
 */
export async function putWalkthrough({ db }: StoreContext, teamId: string, input: Walkthrough): Promise<WriteResult> {
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
      // Not a device's push: a rev written here reaches every device's pull.
      pushed_by_client: null,
    },
    references: async (trx) =>
      journeyId === null || (await journeyExists(trx, teamId, journeyId)) ? undefined : 'unknown_journey',
  });
}

/** Scoped by team: another team's walkthrough is indistinguishable from a missing one. */
export async function getWalkthrough(
  { db }: StoreContext,
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

/**
 * Which of the team's walkthroughs a reader may see: a lead or admin all of them; staff (`userId`) their own
 * and the shared ones. What a reader may not see is filtered out by the query, so it is simply absent.
 */
export type WalkthroughVisibility =
  | { readonly kind: 'team' }
  | { readonly kind: 'own-or-shared'; readonly userId: string };

/** Filters left out, or undefined, do not filter: a route can pass its parsed query as it is. */
export type ListWalkthroughsOptions = PageOptions & {
  /** Default: the whole team. Routes always say. */
  readonly visibility?: WalkthroughVisibility;
  readonly journeyId?: string | undefined;
  /** The owner (`sampler_id`), not the record's own `samplerId`. */
  readonly samplerId?: string | undefined;
  readonly outcome?: Outcome | undefined;
  /** `from` <= started_at < `to`, both in the stored ISO format. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /**
   * A soft cap on the page's size in bytes of stored JSON: the page stops before the record that would cross
   * it, but always holds at least one, so paging makes progress however large one walkthrough is.
   */
  readonly maxBytes?: number;
};

/** The rows a reader may see, of one team. */
function visibleRows(db: Kysely<Database>, teamId: string, visibility: WalkthroughVisibility) {
  const query = db.selectFrom('walkthroughs').select(ITEM_COLUMNS).where('team_id', '=', teamId);
  if (visibility.kind === 'team') return query;
  const { userId } = visibility;
  return query.where((eb) => eb.or([eb('sampler_id', '=', userId), eb('shared_at', 'is not', null)]));
}

/**
 * A team's walkthroughs that `visibility` lets the reader see, newest start first (ties by id, so a page
 * boundary between equal start times neither skips nor repeats a row: see selectPage), one bounded page at a
 * time, with the server's facts beside each record.
 */
export async function listWalkthroughs(
  { db }: StoreContext,
  teamId: string,
  options: ListWalkthroughsOptions = {},
): Promise<Page<WalkthroughItem>> {
  const { visibility = { kind: 'team' }, journeyId, samplerId, outcome, from, to, maxBytes } = options;
  let query = visibleRows(db, teamId, visibility);
  if (journeyId !== undefined) query = query.where('journey_id', '=', journeyId);
  if (samplerId !== undefined) query = query.where('sampler_id', '=', samplerId);
  if (outcome !== undefined) query = query.where('outcome', '=', outcome);
  if (from !== undefined) query = query.where('started_at', '>=', from);
  if (to !== undefined) query = query.where('started_at', '<', to);
  const page = await selectPage(query, 'started_at', options, (row) => ({
    item: toItem(row),
    cursor: { at: row.started_at, id: row.id },
    bytes: Buffer.byteLength(row.record_json),
  }));
  return withinBytes(page, maxBytes);
}

/** Cuts a page before the item that would take it past `maxBytes` (keeping at least one); next follows the cut. */
function withinBytes(
  page: Page<{ readonly item: WalkthroughItem; readonly cursor: PageCursor; readonly bytes: number }>,
  maxBytes: number | undefined,
): Page<WalkthroughItem> {
  let total = 0;
  let kept = page.items.length;
  if (maxBytes !== undefined) {
    for (const [index, { bytes }] of page.items.entries()) {
      total += bytes;
      if (index > 0 && total > maxBytes) {
        kept = index;
        break;
      }
    }
  }
  const items = page.items.slice(0, kept);
  const next = kept < page.items.length ? (items.at(-1)?.cursor ?? null) : page.next;
  return { items: items.map(({ item }) => item), next };
}

/** One walkthrough, if it is of the team and `visibility` lets the reader see it. */
export async function getWalkthroughItem(
  { db }: StoreContext,
  teamId: string,
  walkthroughId: string,
  visibility: WalkthroughVisibility,
): Promise<WalkthroughItem | undefined> {
  const row = await visibleRows(db, teamId, visibility).where('id', '=', walkthroughId).executeTakeFirst();
  return row && toItem(row);
}

export type SetWalkthroughSharingInput = {
  readonly teamId: string;
  readonly walkthroughId: string;
  readonly shared: boolean;
  /** The lead or admin sharing it, a user of `teamId`. */
  readonly by: string;
  readonly now: string;
};

/**
 * Shares a team's walkthrough with its staff, or stops sharing it; undefined when the team has no such
 * walkthrough. Idempotent: sharing a shared one keeps who shared it and when; unsharing an unshared one changes
 * nothing.
 *
 * Only the two sharing columns change. `record_json` stays byte-equal to the sampler's copy and `rev` is the
 * client's, so a replayed push is still a duplicate. `change_seq` does not move either: a pull returns only
 * the caller's own walkthroughs, so sharing changes nothing any pull returns, and bumping it would make the
 * owner's devices download an unchanged record again.
 */
export async function setWalkthroughSharing(
  context: StoreContext,
  { teamId, walkthroughId, shared, by, now }: SetWalkthroughSharingInput,
): Promise<WalkthroughItem | undefined> {
  return context.db.transaction().execute(async (trx) => {
    const update = trx.updateTable('walkthroughs').where('team_id', '=', teamId).where('id', '=', walkthroughId);
    await (shared
      ? update.set({ shared_at: now, shared_by: by }).where('shared_at', 'is', null)
      : update.set({ shared_at: null, shared_by: null }).where('shared_at', 'is not', null)
    ).execute();
    return getWalkthroughItem({ ...context, db: trx }, teamId, walkthroughId, { kind: 'team' });
  });
}

/**
 * Deletes walkthroughs of the team, with their screenshots; returns the ids that were there. Each deletion is a
 * change like any other: it takes a change_seq and leaves the id in walkthrough_removals, which is how the score
 * rollups (store/scores/catch-up.ts) learn to take it out of its bucket. Another team's ids are left alone.
 * Devices that hold a copy keep it (a pull sends changes to records, not deletions).
 */
export async function removeWalkthroughs(
  { db }: StoreContext,
  teamId: string,
  walkthroughIds: readonly string[],
): Promise<string[]> {
  const distinct = [...new Set(walkthroughIds)];
  if (distinct.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    // The team's counter lock first, before any row: a push takes it before it writes its rows
    // (push/push-batch.ts), so taking it after deleting a row that push is about to update would deadlock on
    // PostgreSQL. One number per id named; those of ids no longer there go unused (a gap, which cursors allow).
    const first = await reserveChangeSeqs(trx, teamId, distinct.length);
    const attachments = trx
      .selectFrom('attachments')
      .select('id')
      .where('team_id', '=', teamId)
      .where('walkthrough_id', 'in', distinct);
    await trx
      .deleteFrom('attachment_chunks')
      .where('team_id', '=', teamId)
      .where('attachment_id', 'in', attachments)
      .execute();
    await trx.deleteFrom('attachments').where('team_id', '=', teamId).where('walkthrough_id', 'in', distinct).execute();
    const removed = await trx
      .deleteFrom('walkthroughs')
      .where('team_id', '=', teamId)
      .where('id', 'in', distinct)
      .returning('id')
      .execute();
    if (removed.length === 0) return [];
    await trx
      .insertInto('walkthrough_removals')
      .values(removed.map(({ id }, i) => ({ team_id: teamId, walkthrough_id: id, change_seq: first + i })))
      .execute();
    return removed.map(({ id }) => id);
  });
}
