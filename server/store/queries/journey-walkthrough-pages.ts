// The walkthroughs behind a journey's scorecard, one keyset page at a time: what the walkthroughs CSV
// (server/api/scores.ts) streams, so a large download never holds more than a page of records in memory.
import type { Walkthrough } from '../../../shared/schemas/walkthrough.ts';
import { toSafeInteger } from '../core/normalise.ts';
import { toWalkthrough } from '../core/record-rows.ts';
import type { StoreContext } from '../core/store-context.ts';
import type { RecentWalkthroughsFilter } from './scores.ts';

/** As recentJourneyWalkthroughs filters, and only rows whose last change is at most `throughSeq`. */
export type JourneyWalkthroughsFilter = Omit<RecentWalkthroughsFilter, 'limit'> & {
  /**
   * The team's change_seq when the download began (the catch-up's answer): a walkthrough changed while the pages
   * are read is left out rather than listed twice (a new rev can move its start time past the cursor), and the
   * browser filter reads facts caught up to exactly this point.
   */
  readonly throughSeq: number;
};

/** Where the next page starts: the last row's start time and id (newest first, ties by id). */
export type JourneyWalkthroughCursor = { readonly startedAt: string; readonly id: string };

export type JourneyWalkthroughPage = {
  readonly walkthroughs: Walkthrough[];
  /** Null when this page is the last. */
  readonly next: JourneyWalkthroughCursor | null;
};

/** Rows per page at most, whatever is asked: one walkthrough may hold thousands of marks. */
const MAX_PAGE = 1000;

function matching({ db }: StoreContext, teamId: string, filter: JourneyWalkthroughsFilter) {
  const { journeyId, fromIso, toIso, samplerId, browser, outcome, throughSeq } = filter;
  let query = db
    .selectFrom('walkthroughs as w')
    .where('w.team_id', '=', teamId)
    .where('w.journey_id', '=', journeyId)
    .where('w.started_at', '>=', fromIso)
    .where('w.started_at', '<', toIso)
    .where('w.change_seq', '<=', throughSeq);
  if (samplerId !== undefined) query = query.where('w.sampler_id', '=', samplerId);
  if (outcome !== undefined) query = query.where('w.outcome', '=', outcome);
  if (browser !== undefined) {
    // The browser is a field of the record; its fact row holds a copy (caught up before any score read).
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('score_facts as f')
          .select('f.walkthrough_id')
          .whereRef('f.walkthrough_id', '=', 'w.id')
          .whereRef('f.team_id', '=', 'w.team_id')
          .where('f.browser', '=', browser),
      ),
    );
  }
  return query;
}

/**
 * One page of the journey's walkthroughs that match `filter`, newest start first (ties by id, descending), after
 * `after`; at most `limit` (1..1000). The order is recentJourneyWalkthroughs', so paging through gives its rows.
 */
export async function journeyWalkthroughPage(
  context: StoreContext,
  teamId: string,
  filter: JourneyWalkthroughsFilter,
  after: JourneyWalkthroughCursor | null,
  limit: number,
): Promise<JourneyWalkthroughPage> {
  const size = Math.min(MAX_PAGE, Math.max(1, Math.trunc(limit)));
  let query = matching(context, teamId, filter);
  if (after !== null) {
    query = query.where((eb) =>
      eb.or([
        eb('w.started_at', '<', after.startedAt),
        eb.and([eb('w.started_at', '=', after.startedAt), eb('w.id', '<', after.id)]),
      ]),
    );
  }
  const rows = await query
    .select(['w.id', 'w.started_at', 'w.record_json'])
    .orderBy('w.started_at', 'desc')
    .orderBy('w.id', 'desc')
    .limit(size + 1)
    .execute();
  const kept = rows.slice(0, size);
  const last = kept.at(-1);
  return {
    walkthroughs: kept.map(toWalkthrough),
    next: rows.length > size && last !== undefined ? { startedAt: last.started_at, id: last.id } : null,
  };
}

/** How many walkthroughs match `filter`, counted no further than `cap` (a bounded read whatever the period). */
export async function countJourneyWalkthroughs(
  context: StoreContext,
  teamId: string,
  filter: JourneyWalkthroughsFilter,
  cap: number,
): Promise<number> {
  const limited = matching(context, teamId, filter).select('w.id').limit(cap);
  const row = await context.db
    .selectFrom(limited.as('m'))
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return toSafeInteger(row.count, 'count');
}
