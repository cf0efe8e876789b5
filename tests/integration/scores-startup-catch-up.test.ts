// The start-up score catch-up (server/score-catch-up.ts, started by server/index.ts after it listens): every team's
// backlog of changes is folded into the rollups in the background, before any score read asks, on SQLite and
// PostgreSQL; a failing team does not stop the others; a shutdown starts no other team and cuts the one under way
// short after at most one more transaction; and the real server process does it after printing its listening
// line, then stops cleanly.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../../server/logger.ts';
import { startScoreCatchUp } from '../../server/score-catch-up.ts';
import type { Store } from '../../server/store/store.ts';
import { createIdGenerator, FIXTURE_EPOCH_MS } from '../fixtures/seeded-ids.ts';
import { client, type SeededTeam, seedTeamMembers, testApp } from '../helpers/api-harness.ts';
import { spawnServer, withServerStore } from '../helpers/server-process.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';
import { DAY_MS, journeyWithTargets, pushAll, walkthroughOf } from './scores-loopback.ts';

const NOW = new Date(FIXTURE_EPOCH_MS + 10 * DAY_MS);
const DEVICE = '01900000-0000-7000-8000-00000000dec3';
const PER_TEAM = 40;
/** Every day a rollup can have: the check reads the rollups as stored, with no catch-up of its own. */
const ALL_DAYS = [0, 200_000] as const;

/** Teams with a journey, targets and PER_TEAM walkthroughs each, pushed but not yet rolled up (no score read). */
async function seedBacklog(store: Store, names: readonly string[]): Promise<SeededTeam[]> {
  const { app } = testApp(store);
  const ids = createIdGenerator(0x5ca7);
  const teams: SeededTeam[] = [];
  for (const name of names) {
    const team = await seedTeamMembers(store, name);
    const journey = await journeyWithTargets(client(app, team.lead.token));
    const walkthroughs = Array.from({ length: PER_TEAM }, (_, i) =>
      walkthroughOf(journey, team.staff.userId, NOW, i, ids),
    );
    await pushAll(client(app, team.staff.token), walkthroughs, DEVICE);
    teams.push(team);
  }
  return teams;
}

/** How many walkthroughs the team's rollups count, read straight from the rollups. */
async function rolledUp(store: Store, teamId: string): Promise<number> {
  const aggregates = await store.scoreAggregates(teamId, ...ALL_DAYS);
  return [...aggregates.values()].reduce((sum, aggregate) => sum + aggregate.n, 0);
}

describe.each(storeFactories())('the start-up score catch-up on $kind', ({ open }) => {
  let opened: OpenedStore;
  let store: Store;
  let teams: SeededTeam[];

  beforeEach(async () => {
    opened = await open();
    store = opened.store;
    await store.migrate();
    teams = await seedBacklog(store, ['Team 1', 'Team 2', 'Team 3']);
  }, 60_000);
  afterEach(async () => {
    await opened.dispose();
  });

  it("folds every team's backlog into the rollups before any score read, and logs it", async () => {
    for (const team of teams) expect(await rolledUp(store, team.teamId)).toBe(0);
    const logger = createMemoryLogger();
    await startScoreCatchUp({ store, logger }).done();
    for (const team of teams) expect(await rolledUp(store, team.teamId)).toBe(PER_TEAM);
    expect(logger.entries.map((e) => [e.level, e.message])).toEqual([
      ['info', 'catching up the score rollups of every team'],
      ['info', 'score rollups of every team caught up'],
    ]);
    expect(logger.entries.at(-1)?.fields).toMatchObject({ caughtUp: 3, failed: 0 });
  });

  it('a team that fails is logged and the others are still caught up', async () => {
    const failing = teams[0]?.teamId;
    const flaky = new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'catchUpScores') return Reflect.get(target, property, receiver);
        return (teamId: string) =>
          teamId === failing ? Promise.reject(new Error('deadlock detected')) : target.catchUpScores(teamId);
      },
    });
    const logger = createMemoryLogger();
    await startScoreCatchUp({ store: flaky, logger }).done();
    expect(await rolledUp(store, failing ?? '')).toBe(0);
    for (const team of teams.slice(1)) expect(await rolledUp(store, team.teamId)).toBe(PER_TEAM);
    expect(logger.entries.find((e) => e.level === 'warn')?.fields).toMatchObject({ teamId: failing });
    expect(logger.entries.at(-1)?.fields).toMatchObject({ caughtUp: 2, failed: 1 });
  });

  it('stop lets the team under way finish, starts no other, and resolves after it', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = 0;
    let entered = () => {};
    const inFirst = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const gated = new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'catchUpScores') return Reflect.get(target, property, receiver);
        return async (teamId: string) => {
          entered();
          await gate;
          const through = await target.catchUpScores(teamId);
          finished += 1;
          return through;
        };
      },
    });
    const logger = createMemoryLogger();
    const catchUp = startScoreCatchUp({ store: gated, logger });
    await inFirst;
    // Resolves only once the team under way has finished: then the store may close.
    const stopping = catchUp.stop().then(() => finished);
    release();
    expect(await stopping).toBe(1);
    const counts = await Promise.all(teams.map((team) => rolledUp(store, team.teamId)));
    // listTeams orders by name: Team 1 was under way and finished; no other started.
    expect(counts).toEqual([PER_TEAM, 0, 0]);
    expect(logger.entries.at(-1)).toMatchObject({
      message: 'score catch-up stopped by shutdown',
      fields: { caughtUp: 1, left: 2 },
    });
  });

  it('stop cuts a big backlog short: at most one more transaction runs, and a later catch-up finishes it', async () => {
    const [first] = teams;
    if (first === undefined) throw new Error('no team seeded');
    let transactions = 0;
    let afterStop = 0;
    let stopping: Promise<void> | undefined;
    let catchUp: ReturnType<typeof startScoreCatchUp> | undefined;
    // Batches of two: the first team's backlog takes 20 of them, then a rebuild of several transactions.
    const small = new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'catchUpScores') return Reflect.get(target, property, receiver);
        return (teamId: string, _batch?: number, options?: { shouldStop?: () => boolean }) =>
          target.catchUpScores(teamId, 2, {
            shouldStop: () => {
              const stop = options?.shouldStop?.() ?? false;
              if (stopping !== undefined && !stop) afterStop += 1;
              transactions += 1;
              // The shutdown comes while the third transaction is under way.
              if (transactions === 3) stopping = catchUp?.stop();
              return stop;
            },
          });
      },
    });
    const logger = createMemoryLogger();
    catchUp = startScoreCatchUp({ store: small, logger });
    await catchUp.done();
    expect(stopping).toBeDefined();
    await stopping;
    expect(afterStop).toBeLessThanOrEqual(1);
    expect(transactions).toBe(4);
    expect(logger.entries.at(-1)).toMatchObject({
      message: 'score catch-up stopped by shutdown',
      fields: { caughtUp: 0, left: 3 },
    });
    const counts = await Promise.all(teams.map((team) => rolledUp(store, team.teamId)));
    expect(counts).toEqual([0, 0, 0]);
    // Nothing was lost: the next catch-up (a score read's) goes on from the cursor and builds the rollups.
    await store.catchUpScores(first.teamId);
    expect(await rolledUp(store, first.teamId)).toBe(PER_TEAM);
  });
});

describe('the server process catches every team up after it listens', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'js-catch-up-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('listens first, logs the catch-up, and stops cleanly on SIGTERM', async () => {
    const teams = await withServerStore(dataDir, (store) => seedBacklog(store, ['Team 1', 'Team 2']));
    const server = await spawnServer({ DATA_DIR: dataDir });
    try {
      await vi.waitFor(() => expect(server.output()).toContain('score rollups of every team caught up'), {
        timeout: 30_000,
        interval: 50,
      });
      const output = server.output();
      expect(output.indexOf('Journey Sampler server listening on')).toBeLessThan(
        output.indexOf('catching up the score rollups of every team'),
      );
      expect(output).toContain('"caughtUp":2');
    } finally {
      await server.stop();
    }
    expect(server.process.exitCode).toBe(0);
    // No score read was made: the rollups were filled by the start-up catch-up alone.
    await withServerStore(dataDir, async (store) => {
      for (const team of teams) expect(await rolledUp(store, team.teamId)).toBe(PER_TEAM);
    });
  });
});
