// End to end: 10,000 finished walkthroughs from a fresh extension database to the server. The BUILT extension in
// real Chromium, a fresh profile, its outbox holding 10,000 walkthroughs (written as recorder.complete() writes
// them), paired with the real server process on loopback (server/index.ts, SQLite with synchronous=FULL, seeded
// before it starts). Timed in the extension page: runSync ("Sync now": read a batch from IndexedDB, push it,
// record the answers, again) until the outbox is empty; the server must then hold all 10,000. Goal: < 10 s.
//
// Baseline, in the same run: 10,000 other walkthroughs of the same size pushed from the same page with plain
// fetch calls, in the batches the sync engine cuts (planPushBatch), one after another, with no IndexedDB work.
// So the ratio is what the sync engine adds on top of the network and the server: outbox reads, acks, the lease.
// A second row times runSync until it returns, which includes its pull: the server leaves out the 10,000 this
// device just pushed (sync protocol 2), so the pull pages past them and brings back nothing of the sampler's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { pairingSchema } from '../extension/db/pairing.ts';
import { SQLITE_FILE_NAME } from '../server/config.ts';
import { createMemoryLogger } from '../server/logger.ts';
import { createStore } from '../server/store/create-store.ts';
import { testDatabase } from '../server/store/testing/test-database.ts';
import type { Walkthrough } from '../shared/schemas/walkthrough.ts';
import { makeJourney } from '../tests/fixtures/make-journey.ts';
import { makeService } from '../tests/fixtures/make-service.ts';
import { createIdGenerator, fixtureTime } from '../tests/fixtures/seeded-ids.ts';
import { type SeededCaller, seedCaller, seedTeam } from '../tests/helpers/accounts.ts';
import { type ExtensionBrowser, launchExtension } from '../tests/helpers/browser.ts';
import { spawnServer } from '../tests/helpers/server-process.ts';
import { bundleDriver, grantSiteAccess, openDriverPage } from './extension-driver.ts';
import { benchWalkthroughs } from './sync-bench-store.ts';
import type { PlainPushResult, SyncDriver, SyncTimings } from './sync-driver.ts';

export const SYNC_WALKTHROUGHS = 10_000;
export const SYNC_GOAL_MS = 10_000;
/** Untimed plain pushes first, so neither side pays for the server's warm-up. */
const WARMUP_WALKTHROUGHS = 1_000;
/** Walkthroughs per page.evaluate while seeding (each call carries its JSON). */
const SEED_CHUNK = 1_000;

const SYNC_DRIVER_ENTRY = fileURLToPath(new URL('./sync-driver.ts', import.meta.url));

export type SyncEndToEndResult = {
  name: string;
  baselineMs: number;
  measuredMs: number;
  /** runSync until it returned, its pull included. */
  totalMs: number;
  stored: number;
};

/** Runs `fn(syncDriver, arg)` in the page (sent as source; `fn` may use only its parameters and the page). */
const driveSync = <R, A>(page: Page, fn: (driver: SyncDriver, arg: A) => R | Promise<R>, arg: A): Promise<R> =>
  page.evaluate(`(${fn.toString()})(globalThis.journeySamplerSyncDriver, ${JSON.stringify(arg)})`);

type Seeded = { dataDir: string; teamId: string; journeyId: string; syncer: SeededCaller; plain: SeededCaller };

/** A data directory whose SQLite file holds a team, two samplers with tokens and a journey. */
async function seedServerData(): Promise<Seeded> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'js-bench-sync-'));
  const store = createStore(
    { kind: 'sqlite', file: path.join(dataDir, SQLITE_FILE_NAME) },
    { logger: createMemoryLogger() },
  );
  try {
    await store.migrate();
    const team = await seedTeam(store, 'Bench team');
    const syncer = await seedCaller(store, { teamId: team.id, role: 'staff', name: 'Sync sampler' });
    const plain = await seedCaller(store, { teamId: team.id, role: 'staff', name: 'Plain sampler' });
    const ids = createIdGenerator(0x5e2);
    const service = makeService({ id: ids(), teamId: team.id });
    await store.putService(team.id, service);
    const journey = makeJourney({ id: ids(), teamId: team.id, serviceId: service.id });
    await store.putJourney(team.id, journey);
    return { dataDir, teamId: team.id, journeyId: journey.id, syncer, plain };
  } finally {
    await store.close();
  }
}

/** The walkthroughs in the page's database with their outbox entries, a chunk per call. */
async function seedOutbox(page: Page, walkthroughs: readonly Walkthrough[]): Promise<void> {
  for (let from = 0; from < walkthroughs.length; from += SEED_CHUNK) {
    await driveSync(
      page,
      (d, chunk) => d.seedOutbox(chunk, '2026-01-05T09:00:00.000Z'),
      walkthroughs.slice(from, from + SEED_CHUNK),
    );
  }
}

/** Plain pushes from the page, fed in chunks (the walkthroughs travel into the page first, untimed). */
async function pushPlain(page: Page, url: string, caller: SeededCaller, walkthroughs: readonly Walkthrough[]) {
  await page.evaluate('globalThis.benchPlain = []');
  for (let from = 0; from < walkthroughs.length; from += SEED_CHUNK) {
    await page.evaluate(
      (chunk) => Reflect.get(globalThis, 'benchPlain').push(...chunk),
      walkthroughs.slice(from, from + SEED_CHUNK),
    );
  }
  const clientId = createIdGenerator(0x5e3)();
  return driveSync(
    page,
    (d, { url, token, clientId }): Promise<PlainPushResult> =>
      d.pushPlain(url, token, clientId, Reflect.get(globalThis, 'benchPlain')),
    { url, token: caller.token, clientId },
  );
}

/** `count` walkthroughs of the journey by `samplerId`, a minute apart (their own id seed). */
const walkthroughsOf = (count: number, journeyId: string, samplerId: string, seed: number): Walkthrough[] =>
  benchWalkthroughs(count, journeyId, samplerId, seed).map((w, i) => ({ ...w, startedAt: fixtureTime(-i) }));

/**
 * The end-to-end sync benchmark in `browser` (a fresh profile: its extension database must be empty), with its
 * own server process. The recorder driver (bench/extension-driver.ts) grants site access; the sync driver syncs.
 */
export async function syncEndToEndBench(
  browser: ExtensionBrowser,
  recorderDriver: string,
): Promise<SyncEndToEndResult> {
  const seeded = await seedServerData();
  const server = await spawnServer({ DATA_DIR: seeded.dataDir });
  try {
    const page = await openDriverPage(browser, recorderDriver);
    await grantSiteAccess(browser, page, ['http://127.0.0.1/*']);
    await page.evaluate(await bundleDriver(SYNC_DRIVER_ENTRY));

    const { journeyId, syncer, plain, teamId } = seeded;
    // Paired as the options page pairs after the server has confirmed the token (its checks are not timed).
    const pairing = pairingSchema.parse({
      serverUrl: server.url,
      token: syncer.token,
      userId: syncer.user.id,
      userName: syncer.user.name,
      role: 'staff',
      teamId,
      teamName: 'Bench team',
    });
    await driveSync(page, (d, pairing) => d.pair(pairing), pairing);
    const mine = walkthroughsOf(SYNC_WALKTHROUGHS, journeyId, syncer.user.id, 0x5e4);
    await seedOutbox(page, mine);
    const queued = await driveSync(page, (d) => d.outboxCount(), null);
    if (queued !== SYNC_WALKTHROUGHS) throw new Error(`bench: ${queued} outbox entries, expected ${SYNC_WALKTHROUGHS}`);

    const warm = await pushPlain(
      page,
      server.url,
      plain,
      walkthroughsOf(WARMUP_WALKTHROUGHS, journeyId, plain.user.id, 0x5e5),
    );
    const baseline = await pushPlain(
      page,
      server.url,
      plain,
      walkthroughsOf(SYNC_WALKTHROUGHS, journeyId, plain.user.id, 0x5e6),
    );
    if (warm.accepted + baseline.accepted !== WARMUP_WALKTHROUGHS + SYNC_WALKTHROUGHS) {
      throw new Error(`bench: the server accepted ${warm.accepted + baseline.accepted} plain pushes`);
    }
    const timings = await driveSync(page, (d, runs): Promise<SyncTimings> => d.syncUntilEmpty(runs), 5);

    // The server holds all of them (read from its file beside the running process).
    const store = createStore(
      { kind: 'sqlite', file: path.join(seeded.dataDir, SQLITE_FILE_NAME) },
      { logger: createMemoryLogger() },
    );
    let stored: number;
    try {
      const row = await testDatabase(store)
        .selectFrom('walkthroughs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sampler_id', '=', syncer.user.id)
        .executeTakeFirstOrThrow();
      stored = Number(row.n);
    } finally {
      await store.close();
    }
    if (stored !== SYNC_WALKTHROUGHS) throw new Error(`bench: the server holds ${stored} of ${SYNC_WALKTHROUGHS}`);
    await page.close();
    return {
      name: `sync end to end, ${SYNC_WALKTHROUGHS} walkthroughs, fresh extension database to server (Chromium, SQLite FULL): runSync until the outbox is empty, vs plain fetch pushes of the same batches`,
      baselineMs: baseline.ms,
      measuredMs: timings.outboxEmptyMs,
      totalMs: timings.totalMs,
      stored,
    };
  } finally {
    await server.stop();
    await rm(seeded.dataDir, { recursive: true, force: true });
  }
}

/** A fresh profile with the built extension in `extensionDir`, for syncEndToEndBench; closed afterwards. */
export async function syncEndToEndInFreshBrowser(extensionDir: string, recorderDriver: string) {
  const browser = await launchExtension(extensionDir);
  try {
    const result = await syncEndToEndBench(browser, recorderDriver);
    if (browser.pageErrors.length > 0) throw new Error(`page errors: ${browser.pageErrors.join('; ')}`);
    return result;
  } finally {
    await browser.close();
  }
}
