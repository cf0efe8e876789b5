import { sql } from 'kysely';
import type { Journey } from '../../../shared/schemas/journey.ts';
import type { JourneyTargets } from '../../../shared/schemas/journey-targets.ts';
import type { Service } from '../../../shared/schemas/service.ts';
import type { Walkthrough } from '../../../shared/schemas/walkthrough.ts';
import { currentChangeSeq } from '../core/change-seq.ts';
import { toSafeInteger } from '../core/normalise.ts';
import { toJourney, toJourneyTargets, toService, toWalkthrough } from '../core/record-rows.ts';
import type { StoreContext } from '../core/store-context.ts';

export type PullChangesInput = {
  readonly teamId: string;
  /** Whose walkthroughs come along: a pull returns the caller's own, never a teammate's. */
  readonly samplerId: string;
  /**
   * The pulling device (protocol 2), or null (protocol 1). Walkthroughs whose current rev this device pushed
   * (`pushed_by_client`) are left out: it holds them already. A rev another device pushed later comes back.
   */
  readonly clientId: string | null;
  /** Changes with a change_seq above this are returned; 0 for everything. */
  readonly afterSeq: number;
  /** At most this many records in all (1..MAX_PULL_LIMIT; the route validates it). */
  readonly limit: number;
  /**
   * A soft cap on the page's size (serialised records, roughly): the page stops before the record that would
   * cross it, but always holds at least one record, so a page makes progress however large one walkthrough is.
   */
  readonly maxBytes: number;
};

export type ChangePage = {
  readonly services: Service[];
  readonly journeys: Journey[];
  readonly targets: JourneyTargets[];
  readonly walkthroughs: Walkthrough[];
  /** Everything the caller may see up to this change_seq has been returned: the next pull starts above it. */
  readonly throughSeq: number;
  readonly hasMore: boolean;
};

export type PullChangesResult =
  | { readonly ok: true; readonly page: ChangePage }
  /** The cursor names a change this team has not made yet (a restored backup, another server's cursor). */
  | { readonly ok: false; readonly reason: 'cursor_ahead'; readonly headSeq: number };

type Change =
  | { readonly seq: number; readonly bytes: number; readonly kind: 'service'; readonly record: Service }
  | { readonly seq: number; readonly bytes: number; readonly kind: 'journey'; readonly record: Journey }
  | { readonly seq: number; readonly bytes: number; readonly kind: 'targets'; readonly record: JourneyTargets }
  | { readonly seq: number; readonly bytes: number; readonly kind: 'walkthrough'; readonly record: Walkthrough }
  /** A walkthrough the pulling device pushed itself: read, not sent, but the position still moves past it. */
  | { readonly seq: number; readonly bytes: 0; readonly kind: 'left-out' };

/** What a catalog record costs in a response besides its free text: ids, timestamps, keys. */
const RECORD_OVERHEAD_BYTES = 300;

/**
 * One page of a team's changes after `afterSeq`, in change_seq order: catalog records (services, journeys,
 * targets; archived ones too, so a client learns about the archiving) and the caller's own walkthroughs.
 *
 * Why the cursor never skips a row. Every write of a team takes its change_seq numbers from the team's counter
 * row with an UPDATE inside the write's transaction, and that row stays locked until the transaction commits
 * or rolls back. So a writer can only take numbers after every earlier taker has finished: if a transaction's
 * row with change_seq s is visible, every row of the team with a smaller change_seq has committed before it
 * (or rolled back, and the counter with it, so no one ever sees that number). A reader that has seen s can
 * therefore ask for `change_seq > s` next time without missing anything that commits later: anything
 * committing later gets a number above the counter's value at the time, which is at least s. A PostgreSQL
 * sequence gives no such promise: numbers are handed out at once and commit in any order, so a pull could see
 * 11 before 10 commits and skip 10 forever.
 *
 * The other half is the read side: all five reads below run in one REPEATABLE READ, read-only transaction, so
 * they share one snapshot. In PostgreSQL's default READ COMMITTED each statement would have its own, and a
 * write committing between the service query and the journey query could show its journey (seq 11) but not its
 * service (seq 10): the cursor would then move past 10. SQLite serialises everything on one connection and a
 * transaction reads one snapshot anyway. Within the snapshot the counter's value (headSeq) bounds everything
 * committed, so a page that holds every remaining change hands back headSeq as the new position.
 *
 * Each table gives its first limit + 1 changes, the four lists are merged by change_seq and cut at `limit`
 * records (or `maxBytes`): the merged prefix is exactly the team's next changes in order, and anything cut off
 * has a change_seq above the returned position, so the next page starts with it.
 *
 * Leaving out the device's own walkthroughs (`clientId`) keeps that promise for everything else. They are read
 * like any other change, in the same window (their JSON is not: the query hands back null for them), and the
 * position moves past them as if they had been sent, so skipping them can never skip a row this device should
 * get. But they take no room in the page, and a page may now read to the end of its window before it has
 * `limit` records: a table that gave all limit + 1 rows may hold more past its last one, so the merged lists are
 * exact only up to the lowest such last row (`horizon`), and the page stops there. That still makes progress (the
 * horizon is above `afterSeq`) and reads at most what a page always read, so 1,200 own walkthroughs followed by
 * another device's cost three small pages, not one page of unbounded reading. `hasMore` is then true unless the
 * horizon is the team's last change: it may send the device for one more page that turns out empty (the rows past
 * the horizon may all be left out, or another sampler's), never stop it early.
 */
export async function pullChanges({ db }: StoreContext, input: PullChangesInput): Promise<PullChangesResult> {
  const { teamId, samplerId, clientId, afterSeq, limit, maxBytes } = input;
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx): Promise<PullChangesResult> => {
      const headSeq = (await currentChangeSeq(trx, teamId)) ?? 0;
      if (afterSeq > headSeq) return { ok: false, reason: 'cursor_ahead', headSeq };
      const fetched = limit + 1;

      const services = await trx
        .selectFrom('services')
        .selectAll()
        .where('team_id', '=', teamId)
        .where('change_seq', '>', afterSeq)
        .orderBy('change_seq')
        .limit(fetched)
        .execute();
      const journeys = await trx
        .selectFrom('journeys')
        .selectAll()
        .where('team_id', '=', teamId)
        .where('change_seq', '>', afterSeq)
        .orderBy('change_seq')
        .limit(fetched)
        .execute();
      const targets = await trx
        .selectFrom('journey_targets')
        .selectAll()
        .where('team_id', '=', teamId)
        .where('change_seq', '>', afterSeq)
        .orderBy('change_seq')
        .limit(fetched)
        .execute();
      const walkthroughs = await trx
        .selectFrom('walkthroughs')
        .select(['id', 'change_seq'])
        // Null for a walkthrough this device pushed: its JSON is never read (nor sent over from the database).
        .select((eb) =>
          (clientId === null
            ? eb.ref('record_json')
            : eb.case().when('pushed_by_client', '=', clientId).then(sql<null>`null`).else(eb.ref('record_json')).end()
          ).as('record_json'),
        )
        .where('team_id', '=', teamId)
        .where('sampler_id', '=', samplerId)
        .where('change_seq', '>', afterSeq)
        .orderBy('change_seq')
        .limit(fetched)
        .execute();

      const changes: Change[] = [
        ...services.map((row) => ({
          seq: toSafeInteger(row.change_seq, 'services.change_seq'),
          bytes: RECORD_OVERHEAD_BYTES + row.name.length + row.description.length,
          kind: 'service' as const,
          record: toService(row),
        })),
        ...journeys.map((row) => ({
          seq: toSafeInteger(row.change_seq, 'journeys.change_seq'),
          bytes: RECORD_OVERHEAD_BYTES + row.name.length + row.description.length + row.steps_json.length,
          kind: 'journey' as const,
          record: toJourney(row),
        })),
        ...targets.map((row) => ({
          seq: toSafeInteger(row.change_seq, 'journey_targets.change_seq'),
          bytes: RECORD_OVERHEAD_BYTES,
          kind: 'targets' as const,
          record: toJourneyTargets(row),
        })),
        ...walkthroughs.map(({ id, change_seq, record_json }): Change => {
          const seq = toSafeInteger(change_seq, 'walkthroughs.change_seq');
          return record_json === null
            ? { seq, bytes: 0, kind: 'left-out' }
            : { seq, bytes: record_json.length, kind: 'walkthrough', record: toWalkthrough({ id, record_json }) };
        }),
      ].sort((a, b) => a.seq - b.seq);

      // The merged lists are the team's changes in order up to the lowest last row of a table that may hold more.
      const horizon = Math.min(
        ...[services, journeys, targets, walkthroughs]
          .filter((rows) => rows.length === fetched)
          .map((rows) => toSafeInteger(rows[rows.length - 1]?.change_seq ?? afterSeq, 'change_seq')),
      );

      const page: ChangePage = {
        services: [],
        journeys: [],
        targets: [],
        walkthroughs: [],
        throughSeq: 0,
        hasMore: false,
      };
      let taken = 0;
      let bytes = 0;
      /** The last change this page has dealt with, sent or left out. */
      let through = afterSeq;
      let full = false;
      for (const change of changes) {
        // Without left-out rows the page is full long before the horizon: a table that reached it gave limit + 1.
        if (change.seq > horizon) break;
        if (change.kind === 'left-out') {
          through = change.seq;
          continue;
        }
        if (taken === limit || (taken > 0 && bytes + change.bytes > maxBytes)) {
          full = true;
          break;
        }
        taken += 1;
        bytes += change.bytes;
        through = change.seq;
        if (change.kind === 'service') page.services.push(change.record);
        else if (change.kind === 'journey') page.journeys.push(change.record);
        else if (change.kind === 'targets') page.targets.push(change.record);
        else page.walkthroughs.push(change.record);
      }
      // Full: a change waits that did not fit. Else everything up to the horizon was dealt with: the whole snapshot
      // when no table was cut off, so the position is its head.
      const throughSeq = full ? through : Math.min(horizon, headSeq);
      const hasMore = full || throughSeq < headSeq;
      return { ok: true, page: { ...page, throughSeq, hasMore } };
    });
}
