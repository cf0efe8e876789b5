import type SqliteDatabase from 'better-sqlite3';
import type { Kysely, KyselyPlugin } from 'kysely';
import type { Database } from '../core/database.ts';
import { applyPushBatch, type PushStatements, type PushWalkthroughsInput, type PushWriteResult } from './push-batch.ts';
import { sqlitePushStatements } from './push-statements-sqlite.ts';

/** A group stops taking pushes at this many records (at least one push always goes): bounds one transaction. */
export const MAX_GROUP_RECORDS = 2000;

/**
 * A forming group waits, a turn of the event loop at a time, while pushes keep joining it, but never longer than
 * this from its first push: the most a steady stream of pushes adds to an answer's wait (see `gather`).
 */
export const GATHER_MS = 2;

/**
 * A waiting group is started by the next store query once it has waited this long, whatever the event loop does:
 * see `kick` below.
 */
export const OVERDUE_MS = 5;

export type PushGroupCommit = {
  /** Applies one push batch; resolves only once the transaction holding it has committed (and so is fsynced). */
  push(input: PushWalkthroughsInput): Promise<PushWriteResult[]>;
  /** Resolves once every push submitted so far has been answered: call before closing the database. */
  drain(): Promise<void>;
  /** Pushes per committed transaction so far, for tests and benchmarks: how well grouping works. */
  readonly stats: { transactions: number; pushes: number };
  /**
   * Install on the Kysely instance every other store query uses (`db.withPlugin(kick)`): a query compiled or
   * answered while a group has been waiting for OVERDUE_MS starts it. Without it, a caller that keeps the store busy through
   * promises alone (in-process requests in a loop, as tests do) would keep the event loop from ever reaching
   * setImmediate, and the waiting pushes from ever being written.
   */
  readonly kick: KyselyPlugin;
};

type Pending = {
  readonly input: PushWalkthroughsInput;
  readonly resolve: (results: PushWriteResult[]) => void;
  readonly reject: (error: unknown) => void;
};

type Outcome =
  | { readonly ok: true; readonly results: PushWriteResult[] }
  | { readonly ok: false; readonly error: unknown };

/**
 * Group commit for SQLite pushes. With synchronous=FULL every commit is an fsync, and a commit per push made the
 * fsync the whole cost of a small push. Pushes that arrive while a group is being written wait (without blocking
 * anyone: better-sqlite3 runs the group synchronously, so they are still in the socket or the event loop) and are
 * then applied together in the next transaction, which starts once a turn of the event loop adds no push to it
 * (`gather`).
 *
 * Invariants:
 * - Durability is unchanged: nobody is answered before the transaction holding their push has committed. If the
 *   commit fails, every push of the group fails (500): none of them was acknowledged.
 * - Pushes are isolated: a push that fails (a constraint, a bug) is answered with its own error and leaves no
 *   trace, while the others of its group are committed without it and get their own answers (writeGroup).
 * - Order: pushes are applied in arrival order, each seeing the ones before it, exactly as if each had its own
 *   transaction one after another (a replay in the same group is a duplicate of the first).
 *
 * The group holds Kysely's connection (its mutex) for the whole transaction, so no other store query can run
 * inside it; the statements themselves run prepared on the raw handle (push-statements-sqlite.ts).
 */
export function createSqliteGroupCommit(db: Kysely<Database>, database: SqliteDatabase.Database): PushGroupCommit {
  const waiting: Pending[] = [];
  let writing: Promise<void> | undefined;
  let statements: PushStatements | undefined;
  const stats = { transactions: 0, pushes: 0 };

  /** One attempt: every push of `group` in one transaction, committed; or the first push that failed, rolled back. */
  const attempt = async (
    prepared: PushStatements,
    group: readonly Pending[],
  ): Promise<{ readonly committed: PushWriteResult[][] } | { readonly failed: number; readonly error: unknown }> => {
    // IMMEDIATE takes the write lock now: a read-then-write transaction cannot fail half-way to upgrade it.
    database.exec('begin immediate');
    const results: PushWriteResult[][] = [];
    for (const [index, { input }] of group.entries()) {
      try {
        results.push(await applyPushBatch(prepared, input));
      } catch (error) {
        // Some errors (a full disk) end the transaction by themselves.
        if (database.inTransaction) database.exec('rollback');
        return { failed: index, error };
      }
    }
    try {
      database.exec('commit');
    } catch (error) {
      if (database.inTransaction) database.exec('rollback');
      throw error;
    }
    return { committed: results };
  };

  /**
   * Runs `group` on the held connection: each push's outcome, or throws when a commit fails (then none of the
   * group's pushes is stored). A push that fails is answered with its error, the transaction is rolled back and
   * the others are applied again without it, in a new one: exactly what they would have met had each had its
   * own transaction. (A SAVEPOINT per push would avoid the repeat, but made every write of a large batch cost
   * twice as much here; failures are rare, so they pay instead.)
   */
  const writeGroup = (group: readonly Pending[]): Promise<Map<Pending, Outcome>> =>
    db.connection().execute(async () => {
      // Prepared on first use, after migrations have made the tables.
      statements ??= sqlitePushStatements(database);
      const outcomes = new Map<Pending, Outcome>();
      let remaining = group;
      while (remaining.length > 0) {
        const tried = await attempt(statements, remaining);
        if ('committed' in tried) {
          remaining.forEach((pending, i) => {
            const results = tried.committed[i];
            outcomes.set(
              pending,
              results === undefined
                ? { ok: false, error: new Error('push group lost an answer') }
                : { ok: true, results },
            );
          });
          return outcomes;
        }
        const failed = remaining[tried.failed];
        if (failed !== undefined) outcomes.set(failed, { ok: false, error: tried.error });
        remaining = remaining.filter((_, i) => i !== tried.failed);
      }
      return outcomes;
    });

  const flush = async (): Promise<void> => {
    let records = 0;
    const count = waiting.findIndex((pending) => {
      records += pending.input.walkthroughs.length;
      return records > MAX_GROUP_RECORDS;
    });
    const group = waiting.splice(0, count === -1 ? waiting.length : Math.max(1, count));
    try {
      const outcomes = await writeGroup(group);
      stats.transactions += 1;
      stats.pushes += group.length;
      for (const pending of group) {
        const outcome = outcomes.get(pending);
        if (outcome?.ok) pending.resolve(outcome.results);
        else pending.reject(outcome === undefined ? new Error('push group lost an answer') : outcome.error);
      }
    } catch (error) {
      for (const pending of group) pending.reject(error);
    }
  };

  let immediate: NodeJS.Immediate | undefined;
  let scheduledAt = 0;
  /** How many pushes were waiting when the forming group was last looked at (0 when it is first scheduled). */
  let lookedAt = 0;

  const start = (): void => {
    if (immediate === undefined) return;
    clearImmediate(immediate);
    immediate = undefined;
    writing = flush().finally(() => {
      writing = undefined;
      schedule();
    });
  };

  const startIfOverdue = (): void => {
    if (immediate !== undefined && performance.now() - scheduledAt >= OVERDUE_MS) start();
  };

  /**
   * Runs on setImmediate, not a microtask, so the requests that arrived meanwhile are read and parsed first (the
   * poll phase of this turn) and join this group instead of each starting a transaction of their own. While pushes
   * keep joining, the group waits another turn (for at most GATHER_MS): the clients answered by the last commit
   * send their next push in the turn after their answer, and it is read in the turn after that. The first look
   * always waits one more turn for them, so a group does not leave without half of a steady set of clients.
   */
  const gather = (): void => {
    if (waiting.length > lookedAt && performance.now() - scheduledAt < GATHER_MS) {
      lookedAt = waiting.length;
      immediate = setImmediate(gather);
      return;
    }
    start();
  };

  const schedule = (): void => {
    if (immediate !== undefined || writing !== undefined || waiting.length === 0) return;
    scheduledAt = performance.now();
    lookedAt = 0;
    immediate = setImmediate(gather);
  };

  return {
    push(input) {
      if (input.walkthroughs.length === 0) return Promise.resolve([]);
      return new Promise<PushWriteResult[]>((resolve, reject) => {
        waiting.push({ input, resolve, reject });
        schedule();
      });
    },
    async drain() {
      while (waiting.length > 0 || writing !== undefined) {
        await (writing ?? new Promise<void>((resolve) => setImmediate(resolve)));
      }
    },
    stats,
    kick: {
      transformQuery({ node }) {
        startIfOverdue();
        return node;
      },
      // Also after each query: queries compiled once and run many times (the token lookup, accounts/tokens.ts) never
      // pass through transformQuery again.
      transformResult: async ({ result }) => {
        startIfOverdue();
        return result;
      },
    },
  };
}
