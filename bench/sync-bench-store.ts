// Shared set-up of the sync benchmarks: a migrated SQLite store in a temp directory (WAL, synchronous=FULL, as
// the server runs it), a team with a staff member holding a token, and one journey to point walkthroughs at.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { createMemoryLogger } from '../server/logger.ts';
import { createStore } from '../server/store/create-store.ts';
import type { Store } from '../server/store/store.ts';
import type { Walkthrough } from '../shared/schemas/walkthrough.ts';
import { makeJourney } from '../tests/fixtures/make-journey.ts';
import { makeService } from '../tests/fixtures/make-service.ts';
import { makeWalkthrough } from '../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../tests/fixtures/seeded-ids.ts';

export type BenchResult = { name: string; baselineMs: number; measuredMs: number };

export type SyncBenchStore = {
  readonly store: Store;
  readonly file: string;
  readonly teamId: string;
  readonly journeyId: string;
  readonly samplerId: string;
  /** The staff member's plaintext access token. */
  readonly token: string;
  dispose(): Promise<void>;
};

export async function openSyncBenchStore(): Promise<SyncBenchStore> {
  const dir = await mkdtemp(path.join(tmpdir(), 'js-bench-'));
  const file = path.join(dir, 'journey-sampler.db');
  const store = createStore({ kind: 'sqlite', file }, { logger: createMemoryLogger() });
  await store.migrate();
  const team = await store.accounts.createTeam('Bench team');
  if (!team.ok) throw new Error('bench: team exists');
  const teamId = team.team.id;
  const user = await store.accounts.createUser({ teamId, name: 'Bench sampler', role: 'staff' });
  if (!user.ok) throw new Error('bench: user exists');
  const { token } = await store.accounts.createToken({ userId: user.user.id, label: 'bench' });
  const service = makeService({ teamId });
  await store.putService(teamId, service);
  const journey = makeJourney({ teamId, serviceId: service.id });
  await store.putJourney(teamId, journey);
  return {
    store,
    file,
    teamId,
    journeyId: journey.id,
    samplerId: user.user.id,
    token,
    async dispose() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `count` new walkthroughs of the bench journey by the bench sampler (realistic size: steps, ratings, no notes). */
export function benchWalkthroughs(count: number, journeyId: string, samplerId: string, seed: number): Walkthrough[] {
  const ids = createIdGenerator(seed);
  return Array.from({ length: count }, (_, i) =>
    makeWalkthrough({ journeyId, samplerId, elapsedMs: 60_000 + ((i * 7919) % 240_000) }, ids),
  );
}

/** Median of `values` (the runs of one measurement): it resists a noisy neighbour. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** A walkthroughs row as the server stores it (server/store/push/push-statements-sqlite.ts), for the raw baselines. */
export type RawWalkthroughRow = {
  readonly id: string;
  readonly team_id: string;
  readonly rev: number;
  readonly change_seq: number;
  readonly journey_id: string | null;
  readonly sampler_id: string | null;
  readonly started_at: string;
  readonly outcome: string;
  readonly elapsed_ms: number;
  readonly record_json: string;
  readonly pushed_by_client: string;
};

/**
 * The row the server would store for `walkthrough`, pushed by the bench sampler of `bench` from device `clientId`
 * at `changeSeq`.
 */
export const rawWalkthroughRow = (
  bench: Pick<SyncBenchStore, 'teamId' | 'samplerId'>,
  walkthrough: Walkthrough,
  changeSeq: number,
  clientId: string,
): RawWalkthroughRow => ({
  id: walkthrough.id,
  team_id: bench.teamId,
  rev: walkthrough.rev,
  change_seq: changeSeq,
  journey_id: walkthrough.journeyId,
  sampler_id: bench.samplerId,
  started_at: walkthrough.startedAt,
  outcome: walkthrough.outcome,
  elapsed_ms: walkthrough.elapsedMs,
  record_json: JSON.stringify(walkthrough),
  pushed_by_client: clientId,
});

export type RawWalkthroughInsert = {
  readonly db: SqliteDatabase.Database;
  /** A plain prepared INSERT of one row: the cheapest way to store a walkthrough in the server's schema. */
  readonly insert: SqliteDatabase.Statement<[RawWalkthroughRow]>;
};

/**
 * Its own connection to the migrated `file` (close the bench store's first), configured as the server's
 * (open-sqlite.ts: WAL, synchronous=FULL, foreign keys), with the raw insert prepared. Close `db` when done.
 */
export function openRawWalkthroughInsert(file: string): RawWalkthroughInsert {
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const insert = db.prepare<[RawWalkthroughRow]>(
    `insert into walkthroughs (id, team_id, rev, change_seq, journey_id, sampler_id, started_at, outcome, elapsed_ms, record_json, pushed_by_client)
     values (@id, @team_id, @rev, @change_seq, @journey_id, @sampler_id, @started_at, @outcome, @elapsed_ms, @record_json, @pushed_by_client)`,
  );
  return { db, insert };
}
