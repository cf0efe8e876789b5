import type { Kysely } from 'kysely';
import type { Journey } from '../../shared/schemas/journey.ts';
import type { JourneyTargets } from '../../shared/schemas/journey-targets.ts';
import type { Service } from '../../shared/schemas/service.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { currentChangeSeq } from './change-seq.ts';
import type { Database } from './database.ts';
import { toJourneyTargets } from './journey-targets.ts';
import { toJourney } from './journeys.ts';
import { toSafeInteger } from './normalise.ts';
import { toService } from './services.ts';
import { toWalkthrough } from './walkthroughs.ts';

export type PullChangesInput = {
  readonly teamId: string;
  /** Whose walkthroughs come along: a pull returns the caller's own, never a teammate's. */
  readonly samplerId: string;
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
  | { readonly seq: number; readonly bytes: number; readonly kind: 'walkthrough'; readonly record: Walkthrough };

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
 */
export async function pullChanges(db: Kysely<Database>, input: PullChangesInput): Promise<PullChangesResult> {
  const { teamId, samplerId, afterSeq, limit, maxBytes } = input;
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
        .select(['id', 'change_seq', 'record_json'])
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
        ...walkthroughs.map((row) => ({
          seq: toSafeInteger(row.change_seq, 'walkthroughs.change_seq'),
          bytes: row.record_json.length,
          kind: 'walkthrough' as const,
          record: toWalkthrough(row),
        })),
      ].sort((a, b) => a.seq - b.seq);

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
      for (const change of changes) {
        if (taken === limit || (taken > 0 && bytes + change.bytes > maxBytes)) break;
        taken += 1;
        bytes += change.bytes;
        if (change.kind === 'service') page.services.push(change.record);
        else if (change.kind === 'journey') page.journeys.push(change.record);
        else if (change.kind === 'targets') page.targets.push(change.record);
        else page.walkthroughs.push(change.record);
      }
      const hasMore = taken < changes.length;
      const throughSeq = hasMore ? (changes[taken - 1]?.seq ?? afterSeq) : headSeq;
      return { ok: true, page: { ...page, throughSeq, hasMore } };
    });
}
