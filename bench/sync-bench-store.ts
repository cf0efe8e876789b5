// Shared set-up of the sync benchmarks: a migrated SQLite store in a temp directory (WAL, synchronous=FULL, as
// the server runs it), a team with a staff member holding a token, and one journey to point walkthroughs at.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
