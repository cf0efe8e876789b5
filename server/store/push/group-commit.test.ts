// The SQLite group commit (group-commit.ts) on real SQLite files: pushes that arrive together share one
// transaction, yet every push gets exactly the answer it would get alone, in arrival order; a failing push leaves
// no trace and does not touch the others' answers; a failed commit acknowledges nobody. Each comparison runs the
// same pushes against two copies of one seeded database file: together (one group) and one after another.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Walkthrough } from '../../../shared/schemas/walkthrough.ts';
import { makeJourney } from '../../../tests/fixtures/make-journey.ts';
import { makeService } from '../../../tests/fixtures/make-service.ts';
import { makeWalkthrough } from '../../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../../../tests/fixtures/seeded-ids.ts';
import { type Member, seedTeamMembers } from '../../../tests/helpers/api-harness.ts';
import { createMemoryLogger } from '../../logger.ts';
import { findActiveToken } from '../accounts/tokens.ts';
import type { Database } from '../core/database.ts';
import { createStore } from '../create-store.ts';
import { openSqlite } from '../open-sqlite.ts';
import { createSqliteGroupCommit, type PushGroupCommit } from './group-commit.ts';
import type { PushWalkthroughsInput, PushWriteResult } from './push-batch.ts';

const ids = createIdGenerator(0x6c0);
/** The pushing devices: each member's own, and a second one of staff A's (a laptop beside the desktop). */
const DEVICE = ids();
const SECOND_DEVICE = ids();

type Seeded = {
  readonly dir: string;
  readonly file: string;
  readonly staffA: Member;
  readonly otherStaffA: Member;
  readonly staffB: Member;
  readonly journeyA: string;
  readonly journeyB: string;
};

let seeded: Seeded;
const opened: { destroy(): Promise<void> }[] = [];

/** A migrated file with teams A and B (staff, a second staff member) and a journey each, closed again. */
beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'js-group-commit-'));
  const file = path.join(dir, 'seed.db');
  const store = createStore({ kind: 'sqlite', file }, { logger: createMemoryLogger() });
  await store.migrate();
  const teamA = await seedTeamMembers(store, 'Team A');
  const teamB = await seedTeamMembers(store, 'Team B');
  const journeyOf = async (teamId: string): Promise<string> => {
    const service = makeService({ id: ids(), teamId });
    await store.putService(teamId, service);
    const journey = makeJourney({ id: ids(), teamId, serviceId: service.id });
    await store.putJourney(teamId, journey);
    return journey.id;
  };
  const journeyA = await journeyOf(teamA.teamId);
  const journeyB = await journeyOf(teamB.teamId);
  await store.close();
  seeded = { dir, file, staffA: teamA.staff, otherStaffA: teamA.otherStaff, staffB: teamB.staff, journeyA, journeyB };
  return () => rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.destroy()));
});

/** A fresh copy of the seeded file, opened as the server opens it. */
async function openCopy(): Promise<ReturnType<typeof openSqlite>> {
  const file = path.join(seeded.dir, `${ids()}.db`);
  await copyFile(seeded.file, file);
  const copy = openSqlite(file);
  opened.push(copy.db);
  return copy;
}

/** Every walkthrough row and the change counters: what two runs must agree on to the byte. */
async function dump(db: Kysely<Database>): Promise<string> {
  const walkthroughs = await sql`select * from walkthroughs order by id`.execute(db);
  const counters = await sql`select * from change_counters order by team_id`.execute(db);
  return JSON.stringify([walkthroughs.rows, counters.rows]);
}

const push = (member: Member, walkthroughs: readonly Walkthrough[], clientId = DEVICE): PushWalkthroughsInput => ({
  teamId: member.teamId,
  samplerId: member.userId,
  clientId,
  walkthroughs,
});

/**
 * Pushes that meet each other: the same ids from two samplers and two teams, rev bumps and replays across
 * pushes, an unknown journey, a record naming another sampler. Their answers depend on the order they apply in.
 */
function interactingPushes(): PushWalkthroughsInput[] {
  const { staffA, otherStaffA, staffB, journeyA, journeyB } = seeded;
  const mine = makeWalkthrough({ journeyId: journeyA, samplerId: staffA.userId }, ids);
  const unpaired = makeWalkthrough({ journeyId: journeyA, samplerId: null }, ids);
  const theirs = makeWalkthrough({ journeyId: journeyA, samplerId: otherStaffA.userId }, ids);
  const teamB = makeWalkthrough({ journeyId: journeyB, samplerId: staffB.userId }, ids);
  return [
    push(staffA, [mine, unpaired]),
    push(otherStaffA, [theirs, { ...mine, rev: 2, samplerId: null }]),
    push(staffB, [teamB, { ...mine, rev: 3, journeyId: null, samplerId: null }]),
    push(staffA, [{ ...mine, rev: 2 }], SECOND_DEVICE),
    push(staffA, [mine]),
    push(staffA, [makeWalkthrough({ journeyId: ids(), samplerId: staffA.userId }, ids)]),
    push(staffA, [theirs]),
    push(otherStaffA, [
      { ...theirs, rev: 3 },
      { ...theirs, rev: 2 },
    ]),
    push(staffA, [{ ...mine, rev: 2 }, unpaired], SECOND_DEVICE),
    push(staffB, [{ ...teamB, rev: 2 }]),
  ];
}

/** The pushes one after another, each awaited: each in a transaction of its own. */
async function oneByOne(pushes: PushGroupCommit, inputs: readonly PushWalkthroughsInput[]) {
  const results: PushWriteResult[][] = [];
  for (const input of inputs) results.push(await pushes.push(input));
  return results;
}

describe('SQLite group commit', () => {
  it('applies pushes that arrive together in one transaction, each answered as if it had been alone', async () => {
    const together = await openCopy();
    const alone = await openCopy();
    const inputs = interactingPushes();

    const grouped = await Promise.all(inputs.map((input) => together.pushes.push(input)));
    const expected = await oneByOne(alone.pushes, inputs);

    expect(together.pushes.stats).toEqual({ transactions: 1, pushes: inputs.length });
    expect(alone.pushes.stats).toEqual({ transactions: inputs.length, pushes: inputs.length });
    expect(grouped).toEqual(expected);
    // The answers really do depend on order: a takeover refused, a replay a duplicate, a rev bump accepted.
    expect(grouped.flat().map((r) => r.status)).toEqual(expect.arrayContaining(['accepted', 'duplicate', 'rejected']));
    expect(await dump(together.db)).toBe(await dump(alone.db));
  });

  it('rolls back a failing push alone: the others of its group commit with the answers they would have had', async () => {
    const together = await openCopy();
    const alone = await openCopy();
    // A trigger stands in for an infrastructure failure inside one push.
    await sql`create trigger fail_push before insert on walkthroughs when new.elapsed_ms = 4242
      begin select raise(abort, 'injected failure'); end`.execute(together.db);
    const inputs = interactingPushes();
    const failing = push(seeded.staffA, [
      makeWalkthrough({ journeyId: seeded.journeyA, samplerId: seeded.staffA.userId }, ids),
      makeWalkthrough({ journeyId: seeded.journeyA, samplerId: seeded.staffA.userId, elapsedMs: 4242 }, ids),
    ]);
    const withFailing = [...inputs.slice(0, 4), failing, ...inputs.slice(4)];

    const settled = await Promise.allSettled(withFailing.map((input) => together.pushes.push(input)));
    const expected = await oneByOne(alone.pushes, inputs);

    expect(settled[4]).toMatchObject({ status: 'rejected', reason: { message: 'injected failure' } });
    const others = settled.filter((_, i) => i !== 4);
    expect(others.map((s) => (s.status === 'fulfilled' ? s.value : s.reason))).toEqual(expected);
    // Not a row, not a change sequence number of the failed push survives; the rest is byte-equal.
    expect(await dump(together.db)).toBe(await dump(alone.db));
  });

  it('answers a replay of a batch in the same group as a duplicate and stores the batch once', async () => {
    const together = await openCopy();
    const alone = await openCopy();
    const batch = push(
      seeded.staffA,
      Array.from({ length: 20 }, () =>
        makeWalkthrough({ journeyId: seeded.journeyA, samplerId: seeded.staffA.userId }, ids),
      ),
    );

    const answers = await Promise.all(Array.from({ length: 6 }, () => together.pushes.push(batch)));
    await alone.pushes.push(batch);

    expect(together.pushes.stats.transactions).toBe(1);
    expect(answers[0]?.map((r) => r.status)).toEqual(batch.walkthroughs.map(() => 'accepted'));
    for (const replay of answers.slice(1))
      expect(replay).toEqual(batch.walkthroughs.map(() => ({ status: 'duplicate', rev: 1 })));
    expect(await dump(together.db)).toBe(await dump(alone.db));
  });

  it('acknowledges nobody when the commit fails, and carries on with the next group', async () => {
    // The group commit over a handle whose next COMMIT fails (a disk error, say): the store's own handle would
    // need a real failing disk.
    const file = path.join(seeded.dir, `${ids()}.db`);
    await copyFile(seeded.file, file);
    const database = new SqliteDatabase(file);
    const ownDb = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    opened.push(ownDb);
    let failingCommits = 1;
    const faulty = new Proxy(database, {
      get(target, key) {
        if (key === 'exec') {
          return (statement: string) => {
            if (statement === 'commit' && failingCommits > 0) {
              failingCommits -= 1;
              throw new Error('injected commit failure');
            }
            return target.exec(statement);
          };
        }
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const pushes = createSqliteGroupCommit(ownDb, faulty);
    const before = await dump(ownDb);
    const inputs = interactingPushes();

    const settled = await Promise.allSettled(inputs.map((input) => pushes.push(input)));
    expect(settled.map((s) => (s.status === 'rejected' ? String(s.reason) : 'answered'))).toEqual(
      inputs.map(() => 'Error: injected commit failure'),
    );
    expect(database.inTransaction).toBe(false);
    expect(await dump(ownDb)).toBe(before);

    const retried = await Promise.all(inputs.map((input) => pushes.push(input)));
    expect(retried[0]).toEqual([
      { status: 'accepted', rev: 1 },
      { status: 'accepted', rev: 1 },
    ]);
    expect(await dump(ownDb)).not.toBe(before);
  });

  it('waits for pushes that join over the next turns of the event loop, so a steady set of clients shares a commit', async () => {
    const { pushes } = await openCopy();
    const inputs = interactingPushes().slice(0, 3);
    const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
    // One push now, one in each of the next two turns: what clients answered by the last commit do (their next
    // push is sent in the turn after their answer and read in the turn after that).
    const answers: Promise<PushWriteResult[]>[] = [];
    for (const input of inputs) {
      answers.push(pushes.push(input));
      await nextTurn();
    }
    await Promise.all(answers);
    expect(pushes.stats).toEqual({ transactions: 1, pushes: inputs.length });
  });

  it('starts a forming group after GATHER_MS however steadily pushes keep joining it', async () => {
    const { pushes } = await openCopy();
    const { staffA, journeyA } = seeded;
    let firstAnswered = false;
    const first = pushes.push(push(staffA, [makeWalkthrough({ journeyId: journeyA, samplerId: staffA.userId }, ids)]));
    void first.then(() => {
      firstAnswered = true;
    });
    // A new push every turn, for as long as the first is unanswered: the group must leave anyway. Bounded by a
    // count, not a clock.
    const stream: Promise<PushWriteResult[]>[] = [];
    while (!firstAnswered && stream.length < 100_000) {
      stream.push(pushes.push(push(staffA, [makeWalkthrough({ journeyId: journeyA, samplerId: staffA.userId }, ids)])));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(firstAnswered).toBe(true);
    expect(stream.length).toBeGreaterThan(0);
    expect((await Promise.all(stream)).flat().every((r) => r.status === 'accepted')).toBe(true);
    expect(pushes.stats.pushes).toBe(stream.length + 1);
  });

  it('starts a waiting group from the next store query when promises alone keep the event loop busy', async () => {
    const { db, pushes } = await openCopy();
    let answered = false;
    const pushed = pushes.push(push(seeded.staffA, interactingPushes()[0]?.walkthroughs ?? [])).then((results) => {
      answered = true;
      return results;
    });
    // In-process callers (app.request in tests) can loop on the store without the event loop ever reaching
    // setImmediate; the overdue group must be started by their queries. Bounded: no sleep, a counted loop.
    let queries = 0;
    while (!answered && queries < 100_000) {
      await db.selectFrom('teams').select('id').execute();
      queries += 1;
    }
    expect(answered).toBe(true);
    expect(queries).toBeGreaterThan(0);
    expect((await pushed).map((r) => r.status)).toEqual(['accepted', 'accepted']);
  });

  it('is started by a precompiled query too (the token lookup every request makes)', async () => {
    const { db, pushes } = await openCopy();
    let answered = false;
    const pushed = pushes.push(push(seeded.staffA, interactingPushes()[0]?.walkthroughs ?? [])).then((results) => {
      answered = true;
      return results;
    });
    // findActiveToken runs a query compiled once (accounts/tokens.ts): it never passes transformQuery again, so only
    // the kick after its result can start the group. Bounded: a counted loop.
    let lookups = 0;
    while (!answered && lookups < 100_000) {
      expect((await findActiveToken({ db, kind: 'sqlite' }, seeded.staffA.token))?.identity.userId).toBe(
        seeded.staffA.userId,
      );
      lookups += 1;
    }
    expect(answered).toBe(true);
    expect(lookups).toBeGreaterThan(1);
    expect((await pushed).map((r) => r.status)).toEqual(['accepted', 'accepted']);
  });

  it('drains: every push submitted before drain() is answered when it resolves', async () => {
    const { pushes } = await openCopy();
    const answered: number[] = [];
    const inputs = interactingPushes();
    const all = inputs.map((input, i) => pushes.push(input).then(() => answered.push(i)));
    await pushes.drain();
    expect(answered).toHaveLength(inputs.length);
    await Promise.all(all);
  });
});
