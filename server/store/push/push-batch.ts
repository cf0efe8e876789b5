import type { Kysely } from 'kysely';
import type { Walkthrough } from '../../../shared/schemas/walkthrough.ts';
import { reserveChangeSeqs } from '../core/change-seq.ts';
import { chunks } from '../core/chunks.ts';
import type { Database } from '../core/database.ts';
import { toSafeInteger } from '../core/normalise.ts';
import type { RejectReason } from '../core/write-result.ts';

/**
 * Why a pushed walkthrough was refused, beyond the store's general reasons (core/write-result.ts):
 * - sampler_mismatch: the record names a sampler other than the caller. Walkthroughs are pushed by the sampler
 *   who recorded them; a record without a sampler (recorded before pairing) is the caller's.
 * - not_owner: the id is already another sampler's walkthrough in this team.
 */
export type PushRejectReason = RejectReason | 'sampler_mismatch' | 'not_owner';

/** As WriteResult, plus the rev the server holds afterwards (the pushed one, or a newer one it already had). */
export type PushWriteResult =
  | { readonly status: 'accepted'; readonly rev: number }
  | { readonly status: 'duplicate'; readonly rev: number }
  | { readonly status: 'rejected'; readonly reason: PushRejectReason };

export type PushWalkthroughsInput = {
  readonly teamId: string;
  /** The caller's user id: the owner of every walkthrough in the batch. */
  readonly samplerId: string;
  /**
   * The pushing device (the push body's `clientId`): stored with every record this batch writes, so that
   * device's pulls leave them out (queries/pull-changes.ts). A duplicate or rejected record keeps the device it
   * had.
   */
  readonly clientId: string;
  /** Already parsed with walkthroughSchema (the push route parses each record on its own). */
  readonly walkthroughs: readonly Walkthrough[];
};

/** Who removed an id: the pushing team (answered duplicate) or only another team (answered like its live id). */
export type Removal = 'this_team' | 'other_team';

/** Who holds an id now and at which rev: the database's row, or an earlier record of the same batch. */
export type Holder = { readonly teamId: string; readonly samplerId: string | null; readonly rev: number };

/** One walkthroughs row as the push writes it (every column: a newer rev replaces the stored record whole). */
export type PushRow = {
  readonly id: string;
  readonly team_id: string;
  readonly rev: number;
  readonly change_seq: number;
  readonly journey_id: string | null;
  readonly sampler_id: string;
  readonly started_at: string;
  readonly outcome: Walkthrough['outcome'];
  readonly elapsed_ms: number;
  readonly record_json: string;
  readonly pushed_by_client: string;
};

/**
 * The statements a push batch needs, run inside the caller's transaction. Two implementations with one meaning:
 * Kysely queries (below; PostgreSQL) and prepared better-sqlite3 statements (push-statements-sqlite.ts), which
 * return plain values where these return promises. applyPushBatch is the one code path over either.
 */
export type PushStatements = {
  /** Who holds each of `ids` (any team). */
  holders(ids: readonly string[]): Promise<ReadonlyMap<string, Holder>> | ReadonlyMap<string, Holder>;
  /** Which of `ids` are journeys of `teamId`. */
  journeysOfTeam(teamId: string, ids: readonly string[]): Promise<ReadonlySet<string>> | ReadonlySet<string>;
  /** See reserveChangeSeqs (core/change-seq.ts): the first of `count` numbers, the counter locked until commit. */
  reserveChangeSeqs(teamId: string, count: number): Promise<number> | number;
  /**
   * Which of `ids` any team has removed (walkthrough_removals), and whether `teamId` was one of them: a removed
   * walkthrough is never stored again, in any team (score_facts is keyed by the walkthrough id alone).
   */
  removed(teamId: string, ids: readonly string[]): Promise<ReadonlyMap<string, Removal>> | ReadonlyMap<string, Removal>;
  /**
   * Inserts `rows`, or replaces a stored row where it is the same team, the same owner and an older rev (the
   * decision of applyPushBatch repeated inside the statement); returns the ids it wrote.
   */
  upsert(rows: readonly PushRow[]): Promise<ReadonlySet<string>> | ReadonlySet<string>;
};

/** Rows per statement: 11 parameters each keeps one INSERT far below SQLite's and PostgreSQL's limits. */
const CHUNK = 500;

/** The push statements as Kysely queries inside `trx`: multi-row, one statement per 500 records. */
export function kyselyPushStatements(trx: Kysely<Database>): PushStatements {
  return {
    async holders(ids) {
      const found = new Map<string, Holder>();
      for (const part of chunks(ids, CHUNK)) {
        const rows = await trx
          .selectFrom('walkthroughs')
          .select(['id', 'team_id', 'sampler_id', 'rev'])
          .where('id', 'in', part)
          .execute();
        for (const row of rows) {
          found.set(row.id, {
            teamId: row.team_id,
            samplerId: row.sampler_id,
            rev: toSafeInteger(row.rev, 'walkthroughs.rev'),
          });
        }
      }
      return found;
    },
    async journeysOfTeam(teamId, ids) {
      const found = new Set<string>();
      for (const part of chunks(ids, CHUNK)) {
        const rows = await trx
          .selectFrom('journeys')
          .select('id')
          .where('team_id', '=', teamId)
          .where('id', 'in', part)
          .execute();
        for (const row of rows) found.add(row.id);
      }
      return found;
    },
    reserveChangeSeqs: (teamId, count) => reserveChangeSeqs(trx, teamId, count),
    async removed(teamId, ids) {
      const found = new Map<string, Removal>();
      for (const part of chunks(ids, CHUNK)) {
        const rows = await trx
          .selectFrom('walkthrough_removals')
          .select(['walkthrough_id', 'team_id'])
          .where('walkthrough_id', 'in', part)
          .execute();
        for (const row of rows) addRemoval(found, row.walkthrough_id, row.team_id === teamId);
      }
      return found;
    },
    async upsert(rows) {
      const written = new Set<string>();
      for (const part of chunks(rows, CHUNK)) {
        const returned = await trx
          .insertInto('walkthroughs')
          .values([...part])
          .onConflict((oc) =>
            oc
              .column('id')
              .doUpdateSet({
                rev: (eb) => eb.ref('excluded.rev'),
                change_seq: (eb) => eb.ref('excluded.change_seq'),
                journey_id: (eb) => eb.ref('excluded.journey_id'),
                started_at: (eb) => eb.ref('excluded.started_at'),
                outcome: (eb) => eb.ref('excluded.outcome'),
                elapsed_ms: (eb) => eb.ref('excluded.elapsed_ms'),
                record_json: (eb) => eb.ref('excluded.record_json'),
                pushed_by_client: (eb) => eb.ref('excluded.pushed_by_client'),
              })
              // Same team, same owner, older rev: the decision, repeated against the row as it is now.
              .where((eb) =>
                eb.and([
                  eb('walkthroughs.team_id', '=', eb.ref('excluded.team_id')),
                  eb('walkthroughs.sampler_id', '=', eb.ref('excluded.sampler_id')),
                  eb('walkthroughs.rev', '<', eb.ref('excluded.rev')),
                ]),
              ),
          )
          .returning('id')
          .execute();
        for (const row of returned) written.add(row.id);
      }
      return written;
    },
  };
}

/** Records one removal row in `found`; an id the pushing team removed stays 'this_team' whoever else did too. */
export function addRemoval(found: Map<string, Removal>, id: string, byThisTeam: boolean): void {
  if (byThisTeam) found.set(id, 'this_team');
  else if (!found.has(id)) found.set(id, 'other_team');
}

/** The answer to a record whose id was removed: see applyPushBatch. */
function refuseRemoved(removal: Removal, rev: number): PushWriteResult {
  return removal === 'this_team' ? { status: 'duplicate', rev } : { status: 'rejected', reason: 'id_in_use' };
}

/**
 * The rule for one record given who holds its id: the same order as decideRevisionedWrite (another team's id,
 * then the rev), with ownership between the two. Journeys are checked by the caller of this function, after it.
 */
function decide(holder: Holder | undefined, teamId: string, samplerId: string, rev: number): PushWriteResult | 'write' {
  if (holder === undefined) return 'write';
  if (holder.teamId !== teamId) return { status: 'rejected', reason: 'id_in_use' };
  if (holder.samplerId !== samplerId) return { status: 'rejected', reason: 'not_owner' };
  return rev > holder.rev ? 'write' : { status: 'duplicate', rev: holder.rev };
}

/**
 * Applies one push batch with `statements`, inside a transaction (or savepoint) the caller opened and commits:
 * every record gets its own answer, in batch order, as if the records had been written one after another.
 *
 * Invariant: a replayed push changes nothing. A record whose rev the server already holds is a duplicate and is
 * not written at all (not even its change_seq moves, so a replay never makes a pull re-send data); a batch of
 * nothing but duplicates does not even take the team's counter lock.
 *
 * The work is a handful of statements whatever the batch size (it runs at ingest speed): read who holds the ids
 * (one read for the batch) and which journeys exist, decide every record in memory, reserve all change sequence
 * numbers with one counter update (which locks the team's counter row until commit: see core/change-seq.ts), then
 * the guarded upsert. The guard repeats the decision inside the statement, because a concurrent push (another
 * instance, another team) may have stored the id since we looked; the rows it skips are decided again from what
 * is stored then.
 *
 * The stored `record_json` is the record exactly as the client holds it (`samplerId` null stays null, so the
 * server's copy and the client's are byte-equal at the same rev); the `sampler_id` column, which decides
 * ownership and what a pull returns, is always the caller.
 */
export async function applyPushBatch(
  statements: PushStatements,
  { teamId, samplerId, clientId, walkthroughs }: PushWalkthroughsInput,
): Promise<PushWriteResult[]> {
  const results: (PushWriteResult | undefined)[] = walkthroughs.map((w) =>
    w.samplerId === null || w.samplerId === samplerId ? undefined : { status: 'rejected', reason: 'sampler_mismatch' },
  );
  const candidates = walkthroughs.flatMap((w, index) => (results[index] === undefined ? [{ w, index }] : []));
  if (candidates.length === 0) return settled(results);
  const stored = await statements.holders([...new Set(candidates.map(({ w }) => w.id))]);
  const journeyIds = [...new Set(candidates.flatMap(({ w }) => (w.journeyId === null ? [] : [w.journeyId])))];
  const knownJourneys: ReadonlySet<string> =
    journeyIds.length === 0 ? new Set() : await statements.journeysOfTeam(teamId, journeyIds);

  // Decide in batch order. A later record of the same id is judged against the earlier one of this batch that
  // won, and replaces it: only the last winner per id is written, so no row is upserted twice in a statement.
  const winners = new Map<string, { readonly w: Walkthrough; readonly index: number }>();
  const acceptedIndexes = new Map<string, number[]>();
  // Records refused only for their journey: a removed one among them is answered as removed (below), not as
  // unknown_journey, which a device would keep as needing attention forever once the journey is deleted too.
  const unknownJourney: number[] = [];
  for (const { w, index } of candidates) {
    const pending = winners.get(w.id);
    const holder: Holder | undefined =
      pending === undefined ? stored.get(w.id) : { teamId, samplerId, rev: pending.w.rev };
    const decision = decide(holder, teamId, samplerId, w.rev);
    if (decision !== 'write') {
      results[index] = decision;
    } else if (w.journeyId !== null && !knownJourneys.has(w.journeyId)) {
      results[index] = { status: 'rejected', reason: 'unknown_journey' };
      unknownJourney.push(index);
    } else {
      results[index] = { status: 'accepted', rev: w.rev };
      winners.set(w.id, { w, index });
      acceptedIndexes.set(w.id, [...(acceptedIndexes.get(w.id) ?? []), index]);
    }
  }
  // A walkthrough removed from a team's record (POST /walkthroughs/remove) is never stored again: pushed again by
  // the team that removed it (a retry, a later edit) it is a duplicate, so the device's outbox lets go; pushed by
  // another team it is answered like another team's live id (its score facts are keyed by the id alone). One
  // indexed lookup per batch (walkthrough_removals by walkthrough_id, migration 0012). When the batch writes, it
  // runs under the counter lock, which a removal takes before it deletes anything, so a removal that committed
  // while this push was deciding is seen; the reserved numbers of records it refuses go unused (a gap, like a lost
  // race). A batch that writes nothing takes no lock and only asks about its unknown_journey records.
  const ordered = [...winners.values()].sort((a, b) => a.index - b.index);
  const firstSeq = ordered.length === 0 ? 0 : await statements.reserveChangeSeqs(teamId, ordered.length);
  const asked = [
    ...new Set([...ordered.map(({ w }) => w.id), ...unknownJourney.map((i) => walkthroughs[i]?.id ?? '')]),
  ];
  if (asked.length === 0) return settled(results);
  const removed = await statements.removed(teamId, asked);
  for (const index of unknownJourney) {
    const w = walkthroughs[index];
    const removal = w && removed.get(w.id);
    if (w && removal !== undefined) results[index] = refuseRemoved(removal, w.rev);
  }
  for (const { w } of ordered) {
    const removal = removed.get(w.id);
    if (removal === undefined) continue;
    for (const index of acceptedIndexes.get(w.id) ?? []) results[index] = refuseRemoved(removal, w.rev);
  }
  const kept = ordered.filter(({ w }) => !removed.has(w.id));
  const rows: PushRow[] = kept.map(({ w }, i) => ({
    id: w.id,
    team_id: teamId,
    rev: w.rev,
    change_seq: firstSeq + i,
    journey_id: w.journeyId,
    sampler_id: samplerId,
    started_at: w.startedAt,
    outcome: w.outcome,
    elapsed_ms: w.elapsedMs,
    record_json: JSON.stringify(w),
    pushed_by_client: clientId,
  }));
  if (rows.length === 0) return settled(results);
  // Written in id order: two transactions that insert the same ids (another team's push reusing them) then take
  // the rows' locks in the same order and cannot deadlock on PostgreSQL. Within a team they never meet: the
  // counter lock above already serialised them.
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const written = await statements.upsert(rows);

  const lost = kept.filter(({ w }) => !written.has(w.id)).map(({ w }) => w.id);
  if (lost.length > 0) {
    const now = await statements.holders(lost);
    for (const id of lost) {
      for (const index of acceptedIndexes.get(id) ?? []) {
        const w = walkthroughs[index];
        const decision = w && decide(now.get(id), teamId, samplerId, w.rev);
        // The upsert wrote nothing, so something is stored that outranks the record; "write" would be a bug.
        if (decision === undefined || decision === 'write') {
          throw new Error(`a guarded walkthrough upsert wrote nothing although nothing outranks ${id}`);
        }
        results[index] = decision;
      }
    }
  }
  return settled(results);
}

function settled(results: readonly (PushWriteResult | undefined)[]): PushWriteResult[] {
  return results.map((result, index) => {
    if (result === undefined) throw new Error(`push batch record ${index} was never decided`);
    return result;
  });
}
