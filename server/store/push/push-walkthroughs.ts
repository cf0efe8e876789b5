// The push write path: how a sync push becomes rows that survive a power cut.
//
// store.pushWalkthroughs (below, bound to the store's context like every query) takes one batch of records
// already parsed with walkthroughSchema, on behalf of one sampler and device.
// - SQLite (the default): the push joins the group commit (group-commit.ts). Pushes arriving within a turn or two
//   of the event loop (at most GATHER_MS) share one BEGIN IMMEDIATE transaction on the store's one connection, each
//   applied in arrival order by applyPushBatch (push-batch.ts) through statements prepared once on the raw
//   better-sqlite3 handle (push-statements-sqlite.ts). Then COMMIT, which with synchronous=FULL is the fsync, and
//   only then is each push answered. A push that throws is answered with its error; the rest go again without it.
// - PostgreSQL: one transaction per push, applyPushBatch over Kysely statements (kyselyPushStatements,
//   push-batch.ts); COMMIT returns once the WAL is flushed. Several instances share the database; the team's
//   counter row and the rows' own locks order them.
// Either way applyPushBatch reads who holds the ids and which journeys exist, decides every record in memory,
// reserves the team's change sequence numbers (core/change-seq.ts: the counter row stays locked until commit, which
// is what keeps a pull's cursor from skipping rows), then writes the winners behind a guard: an upsert per 500 rows
// on PostgreSQL, a plain insert or a guarded update per row on SQLite.
//
// Invariants, and where they are tested:
// - A replayed push changes nothing: a rev the server holds is a duplicate, is not written and takes no change_seq
//   (group-commit.test.ts, tests/integration/api-push.test.ts and push-group-commit.test.ts).
// - An older rev never overwrites a newer one: the upsert repeats the decision in its WHERE (same team, same owner,
//   stored rev < pushed rev), because another writer may store the id between the read and the write; what it
//   skips is decided again from the row as it is then (push-statements-sqlite.test.ts;
//   tests/integration/push-rev-race-postgres.test.ts races two writers on PostgreSQL).
// - Nobody is answered before their commit is durable: a grouped push resolves only after COMMIT, and a failed
//   COMMIT fails every push of the group (group-commit.test.ts; tests/integration/push-group-commit.test.ts kills
//   the server mid-stream and finds every acknowledged record).
import type { StoreContext } from '../core/store-context.ts';
import type { PushGroupCommit } from './group-commit.ts';
import {
  applyPushBatch,
  kyselyPushStatements,
  type PushWalkthroughsInput,
  type PushWriteResult,
} from './push-batch.ts';

/** The store context of the push path: the SQLite group commit, or undefined on PostgreSQL. */
export type PushContext = StoreContext & { readonly pushGroup: PushGroupCommit | undefined };

/**
 * A sync push batch of walkthroughs: all of it lands or, on an infrastructure failure (the database goes away, a
 * constraint the checks should have prevented), none of it; one answer per record, in batch order.
 */
export async function pushWalkthroughs(
  { db, pushGroup }: PushContext,
  input: PushWalkthroughsInput,
): Promise<PushWriteResult[]> {
  if (pushGroup !== undefined) return pushGroup.push(input);
  if (input.walkthroughs.length === 0) return [];
  return db.transaction().execute((trx) => applyPushBatch(kyselyPushStatements(trx), input));
}
