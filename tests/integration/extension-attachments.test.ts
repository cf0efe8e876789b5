// Screenshots from the extension to the server: the real server process (spawned, SQLite in a temp directory,
// ATTACHMENT_MAX_BYTES set low) over real HTTP on loopback, and the real runSync over fake IndexedDB. A fetch
// wrapper logs every request and counts the chunk bytes that reach the server, can lose an answer, and can act on
// the server's database before a request reaches it (the hourly purge of abandoned uploads).
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JourneySamplerDb } from '../../extension/db/journey-sampler-db.ts';
import { useFreshDbs } from '../../extension/db/testing/fresh-db.ts';
import { queueWalkthroughWithScreenshots } from '../../extension/db/testing/queue-walkthrough.ts';
import type { FetchLike } from '../../extension/pairing/server-api.ts';
import { runSync, type SyncDeps } from '../../extension/sync/run-sync.ts';
import { discardScreenshotUpload, readSyncView, retryScreenshot } from '../../extension/sync/sync-view.ts';
import { ABANDONED_UPLOAD_MS } from '../../server/store/queries/housekeeping.ts';
import { MAX_ATTACHMENT_CHUNK_BYTES } from '../../shared/protocol/attachments.ts';
import type { Walkthrough } from '../../shared/schemas/index.ts';
import { makeScreenshotBytes, sha256Hex } from '../fixtures/make-screenshot.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { client, type SeededTeam, seedJourney, seedTeamMembers } from '../helpers/api-harness.ts';
import { pairDevice, testSyncDeps } from '../helpers/paired-device.ts';
import { type RunningServer, spawnServer, withServerStore } from '../helpers/server-process.ts';

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const CHUNK = MAX_ATTACHMENT_CHUNK_BYTES;
/** The test server keeps screenshots up to 3 MiB. */
const SERVER_CAP = 3 * 1024 * 1024;
const ids = createIdGenerator(0xa7c);

let dataDir: string;
let server: RunningServer;
let team: SeededTeam;
let journeyId: string;
let db: JourneySamplerDb;

type Sent = { method: string; path: string; chunkBytes: number };
let sent: Sent[];
/** Forwards to the server; `loseAnswer` decides, per request, to throw after the server has answered. */
let loseAnswer: (request: Sent) => boolean;
/** Runs before a request is forwarded. */
let beforeForward: (request: Sent) => Promise<void>;

const loggingFetch: FetchLike = async (url, init) => {
  const request: Sent = {
    method: init.method ?? 'GET',
    path: new URL(url).pathname,
    chunkBytes: init.body instanceof Uint8Array ? init.body.byteLength : 0,
  };
  sent.push(request);
  await beforeForward(request);
  const response = await fetch(url, init);
  if (loseAnswer(request)) {
    await response.body?.cancel();
    throw new TypeError('Failed to fetch (the connection dropped before the answer arrived)');
  }
  return response;
};

const deps = (overrides: Partial<SyncDeps> = {}): SyncDeps =>
  testSyncDeps({ db, fetch: loggingFetch, now: NOW, ids }, overrides);

/** A walkthrough completed on this device with one screenshot per entry of `shots`, as the recorder stores them. */
const record = async (
  shots: readonly { readonly bytes: Uint8Array<ArrayBuffer>; readonly type?: 'image/png' | 'image/jpeg' }[],
  overrides: Partial<Walkthrough> = {},
): Promise<{ walkthrough: Walkthrough; screenshotIds: string[] }> => {
  const screenshotIds = shots.map(() => ids());
  const walkthrough = makeWalkthrough(
    {
      journeyId,
      samplerId: null,
      notes: screenshotIds.map((screenshotId, i) => ({ id: ids(), atMs: i * 1000, text: `Note ${i}`, screenshotId })),
      ...overrides,
    },
    ids,
  );
  await queueWalkthroughWithScreenshots(
    db,
    walkthrough,
    shots.map((shot, i) => ({ id: screenshotIds[i] ?? ids(), bytes: shot.bytes, type: shot.type ?? 'image/png' })),
    new Date(NOW).toISOString(),
  );
  return { walkthrough, screenshotIds };
};

/**
 * The server's housekeeping a month and more from now: every upload not complete by then is abandoned, so this
 * deletes them all (with their chunks), through a second connection to the server's SQLite file.
 */
const purgeAbandonedUploads = async (): Promise<number> => {
  const purged = await withServerStore(dataDir, (store) =>
    store.purgeExpired(new Date(Date.now() + ABANDONED_UPLOAD_MS + 24 * 60 * 60 * 1000)),
  );
  return purged.abandonedUploads;
};

/** The attachment's bytes as the team's lead reads them from the server. */
const onServer = async (attachmentId: string): Promise<{ status: number; sha256: string | null }> => {
  const response = await client(server.url, team.lead.token).raw('GET', `/attachments/${attachmentId}`);
  if (response.status !== 200) return { status: response.status, sha256: null };
  return { status: 200, sha256: sha256Hex(new Uint8Array(await response.arrayBuffer())) };
};

const chunkBytesTo = (attachmentId: string): number =>
  sent
    .filter((r) => r.method === 'PATCH' && r.path.endsWith(`/attachments/${attachmentId}`))
    .reduce((sum, r) => sum + r.chunkBytes, 0);

const freshDb = useFreshDbs();

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'js-attachments-'));
  // The team and its tokens go straight into the database the server will open.
  team = await withServerStore(dataDir, (store) => seedTeamMembers(store, 'Field support'));
  server = await spawnServer({ DATA_DIR: dataDir, ATTACHMENT_MAX_BYTES: String(SERVER_CAP) });
  journeyId = await seedJourney(client(server.url, team.lead.token));
});

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  sent = [];
  loseAnswer = () => false;
  beforeForward = async () => {};
  db = freshDb();
  await pairDevice(db, server.url, team.staff, { userName: 'Sam', teamName: 'Field support' });
});

describe('screenshots sync as attachments', () => {
  it('arrive byte-equal after their walkthrough, in chunks, once', async () => {
    const png = makeScreenshotBytes(2 * CHUNK + 123_456, { seed: 1 });
    const jpeg = makeScreenshotBytes(300_000, { seed: 2, type: 'image/jpeg' });
    const { screenshotIds } = await record([{ bytes: png }, { bytes: jpeg, type: 'image/jpeg' }]);
    expect((await readSyncView(db)).pendingScreenshots).toBe(2);

    const outcome = await runSync(deps());
    expect(outcome).toMatchObject({ status: 'synced', pushed: 1, uploaded: 2, uploadsFailed: 0 });
    const [pngId = '', jpegId = ''] = screenshotIds;
    expect(await onServer(pngId)).toEqual({ status: 200, sha256: sha256Hex(png) });
    expect(await onServer(jpegId)).toEqual({ status: 200, sha256: sha256Hex(jpeg) });
    // Records first: the push (and the pull) went before any attachment request.
    const firstAttachment = sent.findIndex((r) => r.path.includes('/attachments/'));
    expect(sent.slice(0, firstAttachment).map((r) => r.path)).toEqual(['/api/v1/sync/push', '/api/v1/sync/pull']);
    expect(sent.filter((r) => r.method === 'PATCH').map((r) => r.chunkBytes)).toEqual([CHUNK, CHUNK, 123_456, 300_000]);
    const view = await readSyncView(db);
    expect(view.pendingScreenshots).toBe(0);
    expect(view.screenshotAttention).toEqual([]);

    // Nothing is sent again.
    sent = [];
    expect(await runSync(deps())).toMatchObject({ status: 'synced', uploaded: 0 });
    expect(sent.filter((r) => r.path.includes('/attachments/'))).toEqual([]);
  });

  it('resumes from the server’s offset after a lost answer, and spreads a large one over runs', async () => {
    const size = 2 * CHUNK + 50_000;
    const bytes = makeScreenshotBytes(size, { seed: 3 });
    const {
      screenshotIds: [id = ''],
    } = await record([{ bytes }]);

    // The second chunk reaches the server, but its answer is lost (network drop, stopped worker).
    let patches = 0;
    loseAnswer = (request) => request.method === 'PATCH' && ++patches === 2;
    const cut = await runSync(deps());
    expect(cut).toMatchObject({ status: 'failed', problem: 'unreachable' });
    expect(await db.outbox.count()).toBe(0);
    expect((await readSyncView(db)).pendingScreenshots).toBe(1);
    expect(chunkBytesTo(id)).toBe(2 * CHUNK);
    expect((await onServer(id)).status).toBe(409);

    // The next run asks where the server stands and sends only what it lacks, within a 1-byte budget: one chunk.
    loseAnswer = () => false;
    const resumed = await runSync(deps({ uploadBudgetBytes: 1 }), { force: true });
    expect(resumed).toMatchObject({ status: 'synced', uploaded: 1 });
    expect(chunkBytesTo(id)).toBe(size);
    expect(await onServer(id)).toEqual({ status: 200, sha256: sha256Hex(bytes) });
  });

  it('stops a run at the byte budget and carries on in the next', async () => {
    const bytes = makeScreenshotBytes(2 * CHUNK + 10, { seed: 4 });
    const {
      screenshotIds: [id = ''],
    } = await record([{ bytes }]);
    expect(await runSync(deps({ uploadBudgetBytes: CHUNK }))).toMatchObject({ status: 'synced', uploaded: 0 });
    expect(chunkBytesTo(id)).toBe(CHUNK);
    expect((await readSyncView(db)).pendingScreenshots).toBe(1);
    expect(await runSync(deps({ uploadBudgetBytes: CHUNK }))).toMatchObject({ status: 'synced', uploaded: 0 });
    expect(await runSync(deps({ uploadBudgetBytes: CHUNK }))).toMatchObject({ status: 'synced', uploaded: 1 });
    expect(chunkBytesTo(id)).toBe(bytes.byteLength);
    expect(await onServer(id)).toEqual({ status: 200, sha256: sha256Hex(bytes) });
  });

  it('starts over, not failed, when the server purged its half-finished upload between runs', async () => {
    const size = 2 * CHUNK + 10;
    const bytes = makeScreenshotBytes(size, { seed: 8 });
    const {
      screenshotIds: [id = ''],
    } = await record([{ bytes }]);
    expect(await runSync(deps({ uploadBudgetBytes: CHUNK }))).toMatchObject({ status: 'synced', uploaded: 0 });
    expect(chunkBytesTo(id)).toBe(CHUNK);

    // The device stays away for over a month; the server forgets the bytes it held.
    expect(await purgeAbandonedUploads()).toBeGreaterThanOrEqual(1);
    expect((await onServer(id)).status).toBe(404);

    sent = [];
    expect(await runSync(deps(), { force: true })).toMatchObject({ status: 'synced', uploaded: 1, uploadsFailed: 0 });
    expect(chunkBytesTo(id)).toBe(size);
    expect(await onServer(id)).toEqual({ status: 200, sha256: sha256Hex(bytes) });
    expect((await readSyncView(db)).screenshotAttention).toEqual([]);
  });

  it('declares again when its upload is purged between the declaration and a chunk, and sends it all', async () => {
    const size = 2 * CHUNK + 10;
    const bytes = makeScreenshotBytes(size, { seed: 9 });
    const {
      screenshotIds: [id = ''],
    } = await record([{ bytes }]);
    // The purge runs just before the second chunk arrives: that chunk finds no upload (404).
    let patches = 0;
    let purged = 0;
    beforeForward = async (request) => {
      if (request.method === 'PATCH' && ++patches === 2) purged = await purgeAbandonedUploads();
    };

    const outcome = await runSync(deps());
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(outcome).toMatchObject({ status: 'synced', uploaded: 1, uploadsFailed: 0 });
    const toIt = sent.filter((r) => r.path.endsWith(`/attachments/${id}`));
    expect(toIt.map((r) => `${r.method} ${r.chunkBytes}`)).toEqual([
      'PUT 0',
      `PATCH ${CHUNK}`,
      `PATCH ${CHUNK}`,
      // Declared again: a fresh upload, from byte 0.
      'PUT 0',
      `PATCH ${CHUNK}`,
      `PATCH ${CHUNK}`,
      'PATCH 10',
    ]);
    expect(await onServer(id)).toEqual({ status: 200, sha256: sha256Hex(bytes) });
    const view = await readSyncView(db);
    expect(view.pendingScreenshots).toBe(0);
    expect(view.screenshotAttention).toEqual([]);
  });

  it('a refused screenshot needs attention and holds back nothing else', async () => {
    const tooLarge = await record([{ bytes: makeScreenshotBytes(SERVER_CAP + 1, { seed: 5 }) }]);
    const notAnImage = await record([{ bytes: new TextEncoder().encode('<html>not a screenshot</html>') }]);
    const fine = await record([{ bytes: makeScreenshotBytes(200_000, { seed: 6 }) }]);
    const plain = await record([]);
    // Its walkthrough is refused (a journey the server does not know): its screenshot waits with it, unsent.
    const unknownJourney = await record([{ bytes: makeScreenshotBytes(1000, { seed: 7 }) }], { journeyId: ids() });

    const outcome = await runSync(deps());
    expect(outcome).toMatchObject({ status: 'synced', pushed: 4, rejected: 1, uploaded: 1, uploadsFailed: 2 });
    // Every walkthrough but the refused one left the outbox: accepted, whatever became of its screenshots.
    for (const w of [tooLarge, notAnImage, fine, plain]) {
      expect(await db.outbox.where('recordId').equals(w.walkthrough.id).count()).toBe(0);
    }
    expect((await onServer(fine.screenshotIds[0] ?? '')).status).toBe(200);
    expect(sent.some((r) => r.path.endsWith(`/attachments/${unknownJourney.screenshotIds[0]}`))).toBe(false);

    const view = await readSyncView(db);
    expect(view.pendingScreenshots).toBe(1);
    expect(view.screenshotAttention).toEqual([
      {
        screenshotId: tooLarge.screenshotIds[0],
        walkthroughId: tooLarge.walkthrough.id,
        name: tooLarge.walkthrough.journeyName,
        reason: expect.stringContaining(`at most ${SERVER_CAP} bytes`),
      },
      {
        screenshotId: notAnImage.screenshotIds[0],
        walkthroughId: notAnImage.walkthrough.id,
        name: notAnImage.walkthrough.journeyName,
        reason: 'the bytes are not a image/png image (checked by their signature)',
      },
    ]);
    // Never retried on its own.
    sent = [];
    await runSync(deps(), { force: true });
    expect(sent.filter((r) => r.path.includes('/attachments/'))).toEqual([]);

    // Retry sends it again (refused again); "Don't upload" drops it from the list, and keeps the screenshot here.
    const tooLargeId = tooLarge.screenshotIds[0] ?? '';
    await retryScreenshot(db, tooLargeId);
    expect((await readSyncView(db)).pendingScreenshots).toBe(2);
    await runSync(deps(), { force: true });
    expect(sent.filter((r) => r.path.endsWith(`/attachments/${tooLargeId}`)).map((r) => r.method)).toEqual(['PUT']);
    await discardScreenshotUpload(db, tooLargeId, new Date(NOW).toISOString());
    expect((await readSyncView(db)).screenshotAttention.map((a) => a.screenshotId)).toEqual([
      notAnImage.screenshotIds[0],
    ]);
    expect(await db.screenshots.get(tooLargeId)).toBeDefined();
  });
});
