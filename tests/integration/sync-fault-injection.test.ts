// Issue 4's fault-injection requirement: 10,000 walkthroughs from three devices reach the real server process
// through a proxy that drops (before the server reads, and after it commits), duplicates and reorders requests,
// while the server is SIGKILLed and restarted. Afterwards every walkthrough is stored exactly once, byte-equal to
// the device's copy, and replaying every push ever sent changes nothing. The client is the real sync engine
// (runSync) over fake IndexedDB: the extension's outbox, acks and backoff, with only the clock made up.
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JourneySamplerDb } from '../../extension/db/journey-sampler-db.ts';
import { savePairing } from '../../extension/db/pairing-setting.ts';
import { serverUrlSchema } from '../../extension/db/server-url.ts';
import { useFreshDbs } from '../../extension/db/testing/fresh-db.ts';
import type { FetchLike } from '../../extension/pairing/server-api.ts';
import { runSync, type SyncDeps, type SyncOutcome } from '../../extension/sync/run-sync.ts';
import { readSyncView } from '../../extension/sync/sync-view.ts';
import { SQLITE_FILE_NAME } from '../../server/config.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import { createStore } from '../../server/store/create-store.ts';
import type { Store, StoreKind } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { pushRequestSchema, pushResponseSchema } from '../../shared/protocol/push.ts';
import { type Walkthrough, walkthroughSchema } from '../../shared/schemas/index.ts';
import { MINIMAL_WALKTHROUGH_OVERRIDES, makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator, type IdGenerator } from '../fixtures/seeded-ids.ts';
import { seedCaller } from '../helpers/accounts.ts';
import { API, dumpRecords, type Member, seedTeamMembers } from '../helpers/api-harness.ts';
import { type FaultStats, startFaultProxy } from '../helpers/fault-proxy.ts';
import { type KillableServer, startKillableServer } from '../helpers/killable-server.ts';
import { type SeededRandom, seededRandom } from '../helpers/seeded-random.ts';
import { createIsolatedPostgres, TEST_DATABASE_URL } from '../helpers/store-postgres.ts';

const TEST_FILE = 'tests/integration/sync-fault-injection.test.ts';
/** Fixed seeds run every time; FAULT_SEED adds one (to reproduce a failure, or to explore). */
const FIXED_SEEDS = [0x5eed01, 0xc0ffee, 20260301];
const parseSeed = (text: string | undefined): number | undefined => {
  if (text === undefined || text === '') return undefined;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`FAULT_SEED must be a whole number, not ${text}`);
  return seed;
};
const EXTRA_SEED = parseSeed(process.env.FAULT_SEED);
const SEEDS = EXTRA_SEED === undefined || FIXED_SEEDS.includes(EXTRA_SEED) ? FIXED_SEEDS : [...FIXED_SEEDS, EXTRA_SEED];

const WALKTHROUGHS = 10_000;
const DEVICES = 3;
/** Local edits (a new rev, re-queued) made while pushes are in flight, per device: a reordered stale push must lose. */
const EDITS_PER_DEVICE = 20;
/** A device that needs more runs than this is stuck: fail rather than hang. */
const MAX_ROUNDS = 400;
/** Failed runs in a row that acknowledged nothing; by chance alone about 0.25^25, so a stuck server. */
const MAX_STALLED_RUNS = 25;
/** Shorter than the engine's own 30 s: a request the proxy swallows ends here and the run fails, as offline. */
const CLIENT_TIMEOUT_MS = 2_000;
/** SIGKILLs per run; each restart costs a process start (tsx), so a few, spread over the run. */
const KILLS = 3;
/** Each distinct captured push is replayed this many times, shuffled, a few at once. */
const REPLAYS = 2;
const REPLAY_CONCURRENCY = 4;
const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const RUN_TIMEOUT_MS = 90_000;
/** A run ends at its first failed request and every request ends within CLIENT_TIMEOUT_MS: far below this. */
const RUN_DEADLINE_MS = 45_000;

const freshDb = useFreshDbs();

/**
 * Teardowns of runs still going. A run that hits vitest's timeout keeps going in the background and never reaches
 * its `finally`, and vitest ends its worker without an exit event: its server processes would outlive the test.
 */
const unfinished = new Set<() => Promise<void>>();
afterAll(async () => {
  for (const tearDown of unfinished) await tearDown();
});

type Storage = {
  readonly kind: StoreKind;
  /** For the server process: where the data is, so a restart finds it. */
  readonly env: Readonly<Record<string, string>>;
  open(): Store;
  dispose(): Promise<void>;
};

const sqliteStorage = async (): Promise<Storage> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'js-faults-'));
  return {
    kind: 'sqlite',
    env: { DATA_DIR: dir },
    open: () =>
      createStore({ kind: 'sqlite', file: path.join(dir, SQLITE_FILE_NAME) }, { logger: createMemoryLogger() }),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
};

const postgresStorage = async (baseUrl: string): Promise<Storage> => {
  const isolated = await createIsolatedPostgres(baseUrl);
  return {
    kind: 'postgres',
    env: { DATABASE_URL: isolated.url },
    open: () => createStore({ kind: 'postgres', url: isolated.url }, { logger: createMemoryLogger() }),
    dispose: () => isolated.drop(),
  };
};

type Device = {
  readonly name: string;
  readonly member: Member;
  readonly db: JourneySamplerDb;
  readonly ids: IdGenerator;
  /** The device's own choices (what to edit, automatic or forced runs); `jitter` feeds the engine's backoff. */
  readonly random: SeededRandom;
  readonly jitter: SeededRandom;
  /** The device's wall clock, fake: it only times backoff and the lease, and a test must not wait for them. */
  clock: number;
  readonly walkthroughIds: string[];
  edits: number;
  outcomes: SyncOutcome[];
  backoffSkips: number;
};

/** `count` walkthroughs completed on the device: each row and its outbox entry, as recorder.complete() writes them. */
const recordWalkthroughs = async (device: Device, count: number): Promise<void> => {
  const walkthroughs = Array.from({ length: count }, () =>
    makeWalkthrough({ ...MINIMAL_WALKTHROUGH_OVERRIDES }, device.ids),
  );
  await device.db.transaction('rw', [device.db.walkthroughs, device.db.outbox], async () => {
    await device.db.walkthroughs.bulkAdd(walkthroughs);
    await device.db.outbox.bulkAdd(
      walkthroughs.map((w) => ({
        type: 'walkthrough' as const,
        recordId: w.id,
        rev: w.rev,
        queuedAt: new Date(NOW).toISOString(),
      })),
    );
  });
  device.walkthroughIds.push(...walkthroughs.map((w) => w.id));
};

/**
 * A local edit: a new rev of the walkthrough, re-queued, in one transaction (the way extension-sync.test.ts
 * edits; the extension has no edit screen yet). Made while a push is in flight, so the ack of the older rev must
 * leave the entry queued, and a held copy of the older push landing late must not overwrite the newer rev.
 */
const editWalkthrough = (device: Device, id: string): Promise<void> =>
  device.db.transaction('rw', [device.db.walkthroughs, device.db.outbox], async () => {
    const row: unknown = await device.db.walkthroughs.get(id);
    const current = walkthroughSchema.parse(row);
    const edited: Walkthrough = walkthroughSchema.parse({
      ...current,
      rev: current.rev + 1,
      journeyName: `Order a laptop (edit ${current.rev + 1})`,
    });
    await device.db.walkthroughs.put(edited);
    const entry = await device.db.outbox.where('recordId').equals(id).first();
    if (entry === undefined)
      await device.db.outbox.add({
        type: 'walkthrough',
        recordId: id,
        rev: edited.rev,
        queuedAt: new Date(device.clock).toISOString(),
      });
    else await device.db.outbox.update(entry.seq, { rev: edited.rev });
    device.edits += 1;
  });

/** One walkthrough of a push request body, picked by the device's generator; undefined if there is none. */
const pickPushed = (device: Device, body: unknown): string | undefined => {
  const request = pushRequestSchema.safeParse(typeof body === 'string' ? JSON.parse(body) : undefined);
  if (!request.success || request.data.records.length === 0) return undefined;
  const parsed = walkthroughSchema.safeParse(device.random.pick(request.data.records).data);
  return parsed.success ? parsed.data.id : undefined;
};

/**
 * The device's fetch: a timeout of its own, and now and then a local edit of a walkthrough in the push about to
 * go out, so the request carries a rev that is already stale. Its ack must not clear the newer rev's entry, and
 * if the proxy delivers it late (a ghost, after the newer rev landed), the server must keep the newer rev.
 */
const deviceFetch =
  (device: Device): FetchLike =>
  async (url, init) => {
    if (url.endsWith('/sync/push') && device.edits < EDITS_PER_DEVICE && device.random.chance(0.5)) {
      const id = pickPushed(device, init.body);
      if (id !== undefined) await editWalkthrough(device, id);
    }
    // A controller and a plain timer, not AbortSignal.any([init.signal, AbortSignal.timeout(…)]): on Node 20 such
    // a composite can be garbage collected before its timeout fires (nodejs/node#57736), and a request the proxy
    // never answers then hangs the run for ever. The timer is left to fire: it also bounds reading the body.
    const controller = new AbortController();
    setTimeout(() => controller.abort(new DOMException('client timeout', 'TimeoutError')), CLIENT_TIMEOUT_MS);
    const outer = init.signal;
    outer?.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
    return fetch(url, { ...init, signal: controller.signal });
  };

const syncDeps = (device: Device): SyncDeps => ({
  db: device.db,
  fetch: deviceFetch(device),
  now: () => device.clock,
  random: () => device.jitter.next(),
  newId: device.ids,
  holder: device.name,
});

/** A sync run that neither finishes nor fails is a bug to report, not a test to leave hanging. */
const withDeadline = <T>(work: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
};

/** What a run that got anything through changes: the outbox (acks) or the pull cursor. */
const progressMark = async (device: Device): Promise<string> =>
  `${await device.db.outbox.count()} ${JSON.stringify(await device.db.syncState.get('cursor'))}`;

/**
 * Runs the real sync engine until the device's outbox is empty and a whole run succeeded. Most runs are "Sync
 * now" (force: no waiting); some are automatic triggers, which must honour the backoff: when one is skipped the
 * fake clock jumps to the retry time the engine stored. After a failed run the device waits for the server to be
 * up again (an event, not a sleep), as a real extension waits for its next alarm.
 */
const syncUntilDrained = async (device: Device, server: KillableServer): Promise<void> => {
  const deps = syncDeps(device);
  let stalledRuns = 0;
  for (let round = 1; round <= MAX_ROUNDS; round += 1) {
    device.clock += 1_000;
    // Edits still to make once everything is pushed: made between runs, so the next run has work again.
    if (device.edits < EDITS_PER_DEVICE && (await device.db.outbox.count()) === 0)
      await editWalkthrough(device, device.random.pick(device.walkthroughIds));
    const before = await progressMark(device);
    const automatic = device.random.chance(0.3);
    const outcome = await withDeadline(
      runSync(deps, { force: !automatic }),
      RUN_DEADLINE_MS,
      `${device.name}: runSync`,
    );
    device.outcomes.push(outcome);
    if (outcome.status === 'skipped') {
      expect(outcome.why, `${device.name}: only the backoff may skip a run`).toBe('backing-off');
      device.backoffSkips += 1;
      const { status } = await readSyncView(device.db);
      device.clock = Math.max(device.clock, status.nextAttemptAt ?? device.clock);
      continue;
    }
    if (outcome.status === 'failed') {
      // Lost requests, a dead server, a timeout: all "unreachable". Anything else means a refused request.
      expect(outcome, `${device.name}: ${outcome.message}`).toMatchObject({ problem: 'unreachable' });
      // A run's first request gets through about 3 times in 4: a long series of runs that move nothing forward
      // means the server stopped answering (a hang, say), which must fail here with its symptom, not time out.
      stalledRuns = (await progressMark(device)) === before ? stalledRuns + 1 : 0;
      if (stalledRuns >= MAX_STALLED_RUNS)
        throw new Error(
          `${device.name}: ${stalledRuns} failed sync runs in a row moved nothing forward; last: ${outcome.message}`,
        );
      await server.up();
      continue;
    }
    stalledRuns = 0;
    if (device.edits >= EDITS_PER_DEVICE && (await device.db.outbox.count()) === 0) return;
  }
  throw new Error(`${device.name}: the outbox was not empty after ${MAX_ROUNDS} sync runs`);
};

/**
 * SIGKILLs the server KILLS times, each a seeded number of forwarded requests after the last restart and a few
 * seeded milliseconds after that forward, so most kills land while a request (often a push transaction) runs.
 */
const chaos = (server: KillableServer, random: SeededRandom) => {
  let forwardsSinceRestart = 0;
  let nextKillAfter = random.int(6, 20);
  let timer: NodeJS.Timeout | undefined;
  let restart: Promise<void> = Promise.resolve();
  return {
    onForward: () => {
      forwardsSinceRestart += 1;
      if (timer !== undefined || server.kills() >= KILLS || forwardsSinceRestart < nextKillAfter) return;
      timer = setTimeout(
        () => {
          restart = server.killAndRestart().finally(() => {
            forwardsSinceRestart = 0;
            nextKillAfter = random.int(6, 20);
            timer = undefined;
          });
        },
        random.int(0, 40),
      );
    },
    /** No more kills; resolves once a restart under way has finished. */
    async stop() {
      if (timer !== undefined) clearTimeout(timer);
      await restart;
      await server.up();
    },
  };
};

type CapturedPush = { readonly authorization: string; readonly body: string };

/** Every distinct push body ever sent, REPLAYS times each in a seeded shuffle, straight to the server. */
const replayPushes = async (serverUrl: string, pushes: readonly CapturedPush[], random: SeededRandom) => {
  const distinct = [...new Map(pushes.map((p) => [`${p.authorization}\n${p.body}`, p])).values()];
  const queue = random.shuffle(distinct.flatMap((push) => Array.from({ length: REPLAYS }, () => push)));
  const statuses = new Map<string, number>();
  const worker = async () => {
    for (let push = queue.pop(); push !== undefined; push = queue.pop()) {
      const response = await fetch(`${serverUrl}${API}/sync/push`, {
        method: 'POST',
        headers: { authorization: push.authorization, 'content-type': 'application/json' },
        body: push.body,
      });
      const text = await response.text();
      expect(response.status, text).toBe(200);
      for (const result of pushResponseSchema.parse(JSON.parse(text)).results)
        statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: REPLAY_CONCURRENCY }, worker));
  return { distinct: distinct.length, sent: distinct.length * REPLAYS, statuses: Object.fromEntries(statuses) };
};

const reproduce = (seed: number) =>
  `FAULT_SEED=${seed} npx vitest run --project integration ${TEST_FILE} -t 'seed ${seed}'`;

/** A device with its share of the walkthroughs recorded and queued, not yet paired. */
const makeDevice = async (index: number, member: Member, random: SeededRandom): Promise<Device> => {
  const device: Device = {
    name: `device ${index + 1}`,
    member,
    db: freshDb(),
    // Ids of each device from their own seeded generator: never equal across devices.
    ids: createIdGenerator(0xfa0000 + index),
    random: random.fork(),
    jitter: random.fork(),
    clock: NOW,
    walkthroughIds: [],
    edits: 0,
    outcomes: [],
    backoffSkips: 0,
  };
  await recordWalkthroughs(device, Math.floor(WALKTHROUGHS / DEVICES) + (index < WALKTHROUGHS % DEVICES ? 1 : 0));
  return device;
};

/**
 * Exactly once and byte-equal, read from the store itself: WALKTHROUGHS rows for the team, as many distinct ids,
 * and for every walkthrough a device made, the stored JSON is the very string of the device's copy (at its newest
 * rev), owned by the device's sampler. Every outbox is empty and every planned edit was made.
 */
const expectExactlyOnce = async (store: Store, teamId: string, devices: readonly Device[]): Promise<void> => {
  const counted = await testDatabase(store)
    .selectFrom('walkthroughs')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.count('id').distinct().as('ids')])
    .where('team_id', '=', teamId)
    .executeTakeFirstOrThrow();
  expect(Number(counted.n), 'walkthrough rows of the team').toBe(WALKTHROUGHS);
  expect(Number(counted.ids), 'distinct walkthrough ids of the team').toBe(WALKTHROUGHS);
  const rows = await testDatabase(store)
    .selectFrom('walkthroughs')
    .select(['id', 'sampler_id', 'record_json'])
    .where('team_id', '=', teamId)
    .execute();
  const stored = new Map(rows.map((row) => [row.id, row]));
  for (const device of devices) {
    expect(await device.db.outbox.count(), `${device.name}: outbox entries left`).toBe(0);
    expect(device.edits, `${device.name}: edits made`).toBe(EDITS_PER_DEVICE);
    const local = await device.db.walkthroughs.bulkGet(device.walkthroughIds);
    const mismatches = device.walkthroughIds.flatMap((id, i) => {
      const row = stored.get(id);
      const mine = JSON.stringify(local[i]);
      return row?.record_json === mine && row.sampler_id === device.member.userId
        ? []
        : [`${id}: stored ${row?.record_json ?? '(nothing)'} for ${row?.sampler_id}; device has ${mine}`];
    });
    expect(mismatches.length, `${device.name}: first mismatch ${mismatches[0]}`).toBe(0);
  }
};

const runScenario = async (seed: number, storage: Storage): Promise<void> => {
  const begun = performance.now();
  const random = seededRandom(seed);
  // Torn down in reverse order whatever happens; the server's output goes into a failure's message.
  const teardown: (() => Promise<void>)[] = [() => storage.dispose()];
  const tearDown = async () => {
    for (const step of teardown.splice(0).reverse()) await step();
  };
  unfinished.add(tearDown);
  let server: KillableServer | undefined;
  try {
    const seeding = storage.open();
    await seeding.migrate();
    const team = await seedTeamMembers(seeding, 'Fault team');
    const third = await seedCaller(seeding, { teamId: team.teamId, role: 'staff', name: 'Third sampler' });
    await seeding.close();
    const members: Member[] = [
      team.staff,
      team.otherStaff,
      { userId: third.user.id, teamId: team.teamId, role: 'staff', token: third.token },
    ];

    // The server starts (a few seconds of tsx) while the devices fill up.
    const starting = startKillableServer(storage.env);
    teardown.push(() => starting.then((started) => started.stop()).catch(() => {}));
    const devices: Device[] = [];
    for (const [i, member] of members.entries()) devices.push(await makeDevice(i, member, random));
    server = await starting;
    const running = server;
    const kills = chaos(running, random.fork());
    const pushes: CapturedPush[] = [];
    const proxy = await startFaultProxy({
      targetPort: running.port,
      seed,
      // One fault stream per device (its token), so a device's n-th request meets the same fault in every run.
      streamOf: (request) => String(request.headers.authorization),
      onRequest: (request) => {
        if (request.path === `${API}/sync/push`)
          pushes.push({ authorization: String(request.headers.authorization), body: request.body.toString('utf8') });
      },
      onForward: kills.onForward,
    });
    teardown.push(() => proxy.close());
    const store = storage.open();
    teardown.push(() => store.close());
    const serverUrl = serverUrlSchema.parse(proxy.url);
    for (const device of devices)
      await savePairing(device.db, {
        serverUrl,
        token: device.member.token,
        userId: device.member.userId,
        userName: device.name,
        role: 'staff',
        teamId: team.teamId,
        teamName: 'Fault team',
      });
    const setupMs = Math.round(performance.now() - begun);

    const started = performance.now();
    // allSettled: a device that fails must not leave the others running against a server being torn down.
    const synced = await Promise.allSettled(devices.map((device) => syncUntilDrained(device, running)));
    for (const result of synced) if (result.status === 'rejected') throw result.reason;
    await kills.stop();
    // Held and duplicated copies still on their way must land before the server's state is judged.
    await proxy.settled();
    const syncMs = Math.round(performance.now() - started);

    await expectExactlyOnce(store, team.teamId, devices);

    const stats: FaultStats & { kills: number } = { ...proxy.stats, kills: running.kills() };
    const outcomes = devices.flatMap((d) => d.outcomes);
    const backoffSkips = devices.reduce((sum, d) => sum + d.backoffSkips, 0);
    console.log(
      `fault injection, seed ${seed}, ${storage.kind}: ${WALKTHROUGHS} walkthroughs synced in ${syncMs} ms ` +
        `(setup ${setupMs} ms); ${JSON.stringify(stats)}; dropped ` +
        `${Math.round((100 * (stats.droppedBefore + stats.droppedAfter)) / stats.requests)}% of requests; ` +
        `sync runs ${outcomes.length} (${outcomes.filter((o) => o.status === 'failed').length} failed, ` +
        `${backoffSkips} skipped by backoff); edits ${devices.reduce((sum, d) => sum + d.edits, 0)}`,
    );
    // A run where some fault never happened proves nothing about that fault.
    expect(stats.droppedBefore, 'requests dropped before the server read them').toBeGreaterThan(0);
    expect(stats.droppedAfter, 'requests dropped after the server answered').toBeGreaterThan(0);
    expect(stats.duplicated, 'requests duplicated').toBeGreaterThan(0);
    expect(stats.reordered, 'requests held back while later ones passed').toBeGreaterThan(0);
    expect(stats.kills, 'server SIGKILLs').toBeGreaterThan(0);
    expect(stats.upstreamFailures, 'requests that found the server gone').toBeGreaterThan(0);
    expect(backoffSkips, 'automatic runs that honoured the backoff').toBeGreaterThan(0);

    // Replay: every push ever sent, again and again, in any order, changes nothing.
    const replayStarted = performance.now();
    const before = await dumpRecords(store);
    const replay = await replayPushes(running.url, pushes, random.fork());
    const after = await dumpRecords(store);
    const replayMs = Math.round(performance.now() - replayStarted);
    console.log(`replay, seed ${seed}, ${storage.kind}: ${JSON.stringify(replay)} in ${replayMs} ms`);
    expect(replay.statuses, 'answers to replayed records').toEqual({ duplicate: expect.any(Number) });
    expect(after === before, 'the database changed under replayed pushes').toBe(true);
  } catch (error) {
    if (error instanceof Error)
      error.message =
        `seed ${seed} (${storage.kind}) failed; re-run it with: ${reproduce(seed)}\n${error.message}` +
        `\n--- server output (tail) ---\n${server?.output().slice(-3000) ?? '(not started)'}`;
    throw error;
  } finally {
    unfinished.delete(tearDown);
    await tearDown();
  }
};

describe('sync under injected faults: drops, duplicates, reordering and server SIGKILLs', () => {
  it.each(SEEDS)(
    `seed %i, SQLite: ${WALKTHROUGHS} walkthroughs land exactly once and byte-equal; replays change nothing`,
    async (seed) => {
      await runScenario(seed, await sqliteStorage());
    },
    RUN_TIMEOUT_MS,
  );

  // PostgreSQL for one seed (the FAULT_SEED when given): the same engine and server, the other store.
  const postgresSeed = EXTRA_SEED ?? FIXED_SEEDS[0] ?? 1;
  it.skipIf(TEST_DATABASE_URL === undefined)(
    `seed ${postgresSeed}, PostgreSQL: ${WALKTHROUGHS} walkthroughs land exactly once and byte-equal; replays change nothing`,
    async () => {
      await runScenario(postgresSeed, await postgresStorage(TEST_DATABASE_URL ?? ''));
    },
    RUN_TIMEOUT_MS,
  );
});
