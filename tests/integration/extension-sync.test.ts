// The sync engine against the real server: createApp over a real SQLite store in a temp directory, reached
// through `fetch = (url, init) => app.request(url, init)`. Only the network is skipped, not the protocol.
// IndexedDB for the extension's Dexie database, as in the unit-dom project.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JourneySamplerDb } from '../../extension/db/journey-sampler-db.ts';
import { useFreshDbs } from '../../extension/db/testing/fresh-db.ts';
import { queueWalkthrough } from '../../extension/db/testing/queue-walkthrough.ts';
import type { FetchLike } from '../../extension/pairing/server-api.ts';
import { BACKOFF_BASE_MS } from '../../extension/sync/backoff.ts';
import { runSync, type SyncDeps } from '../../extension/sync/run-sync.ts';
import { discardRejected, readSyncView, retryRejected } from '../../extension/sync/sync-view.ts';
import type { Store } from '../../server/store/store.ts';
import { type PullResponse, pullResponseSchema } from '../../shared/protocol/pull.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import type { Walkthrough } from '../../shared/schemas/index.ts';
import { MINIMAL_WALKTHROUGH_OVERRIDES, makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import type { Overrides } from '../fixtures/overrides.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { client, openTeam, type SeededTeam, seedJourney, seedTeamMembers, testApp } from '../helpers/api-harness.ts';
import { pairDevice, testSyncDeps } from '../helpers/paired-device.ts';
import { type OpenedStore, sqliteStoreFactory } from '../helpers/store-factories.ts';

const SERVER = 'http://sync.test';
const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const ids = createIdGenerator(0x51c);

let opened: OpenedStore;
let store: Store;
let team: SeededTeam;
let journeyId: string;
let db: JourneySamplerDb;
let appFetch: FetchLike;
let requests: { path: string; body: unknown }[];
/** The answers to this device's pulls, parsed. */
let pulledPages: PullResponse[];

const deps = (overrides: Partial<SyncDeps> = {}): SyncDeps =>
  testSyncDeps({ db, fetch: appFetch, now: NOW, ids }, overrides);

const pair = (token = team.staff.token) =>
  pairDevice(db, SERVER, { ...team.staff, token }, { userName: 'Sam', teamName: 'Team A' });

/** A walkthrough completed on this device: the row and its outbox entry, as the recorder writes them. */
const record = (overrides: Overrides<Walkthrough> = {}): Promise<Walkthrough> =>
  queueWalkthrough(db, makeWalkthrough({ journeyId, samplerId: null, ...overrides }, ids), new Date(NOW).toISOString());

const freshDb = useFreshDbs();

/** The install's client id, as the sync engine stored it. */
const clientIdOf = async (device: JourneySamplerDb): Promise<string> => {
  const row = await device.settings.get('clientId');
  if (row?.key !== 'clientId') throw new Error('the device has no client id yet');
  return row.value;
};

beforeEach(async () => {
  const { app, ...seeded } = await openTeam(() => sqliteStoreFactory.open(), 'Team A');
  ({ opened, store, team } = seeded);
  journeyId = await seedJourney(client(app, team.lead.token));
  requests = [];
  pulledPages = [];
  appFetch = async (url, init) => {
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const path = new URL(url).pathname;
    requests.push({ path, body });
    const response = await app.request(url, init);
    if (path === '/api/v1/sync/pull' && response.ok)
      pulledPages.push(pullResponseSchema.parse(await response.clone().json()));
    return response;
  };
  db = freshDb();
  await pair();
});

afterEach(async () => {
  await opened.dispose();
});

describe('push', () => {
  it('sends the outbox, empties it and records the success', async () => {
    const one = await record();
    const two = await record({ ...MINIMAL_WALKTHROUGH_OVERRIDES });
    const outcome = await runSync(deps());
    expect(outcome).toMatchObject({ status: 'synced', pushed: 2, rejected: 0 });
    expect(await db.outbox.count()).toBe(0);
    expect(await store.getWalkthrough(team.teamId, one.id)).toStrictEqual(one);
    expect(await store.getWalkthrough(team.teamId, two.id)).toStrictEqual(two);
    const view = await readSyncView(db);
    expect(view.pending).toBe(0);
    expect(view.status).toMatchObject({ lastSuccessAt: new Date(NOW).toISOString(), problem: null, attempt: 0 });
    // One stable client id for the install, sent with the push.
    const push = requests.find((r) => r.path === '/api/v1/sync/push');
    expect(push?.body).toMatchObject({ protocolVersion: PROTOCOL_VERSION, clientId: expect.any(String) });
  });

  it('keeps a rejected record as needing attention with its reason, and pushes the rest', async () => {
    const good = await record();
    const local = await record({ journeyId: ids(), journeyName: 'A journey made here' });
    const outcome = await runSync(deps());
    expect(outcome).toMatchObject({ status: 'synced', pushed: 1, rejected: 1 });
    expect(await store.getWalkthrough(team.teamId, good.id)).toBeDefined();
    const view = await readSyncView(db);
    expect(view.pending).toBe(0);
    expect(view.attention).toEqual([
      {
        recordId: local.id,
        name: 'A journey made here',
        startedAt: local.startedAt,
        reason: expect.stringMatching(/^unknown_journey: /),
      },
    ]);

    // Not sent again by the next sync; sent again after Retry (and refused again); gone after Discard.
    requests = [];
    await runSync(deps());
    expect(requests.filter((r) => r.path === '/api/v1/sync/push')).toEqual([]);
    await retryRejected(db, local.id);
    expect((await readSyncView(db)).pending).toBe(1);
    await runSync(deps());
    expect((await readSyncView(db)).attention).toHaveLength(1);
    await discardRejected(db, local.id);
    expect(await db.walkthroughs.get(local.id)).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });

  it('is safe to replay: the same batch sent twice changes nothing and clears the outbox', async () => {
    const walkthrough = await record();
    await runSync(deps());
    const before = await store.getWalkthrough(team.teamId, walkthrough.id);
    // The ack was lost (say the worker stopped): the entry is still there and the same batch goes again.
    await db.outbox.put({
      type: 'walkthrough',
      recordId: walkthrough.id,
      rev: 1,
      queuedAt: new Date(NOW).toISOString(),
    });
    expect(await runSync(deps())).toMatchObject({ status: 'synced', pushed: 1, rejected: 0 });
    expect(await db.outbox.count()).toBe(0);
    expect(await store.getWalkthrough(team.teamId, walkthrough.id)).toStrictEqual(before);
  });

  it('keeps the entry queued when the record was edited while its push was under way', async () => {
    const walkthrough = await record();
    let edited = false;
    const editing: FetchLike = async (url, init) => {
      if (url.endsWith('/sync/push') && !edited) {
        edited = true;
        // A local edit lands between the read of the batch and the answer.
        await db.transaction('rw', [db.walkthroughs, db.outbox], async () => {
          await db.walkthroughs.put({ ...walkthrough, rev: 2, journeyName: 'Renamed' });
          await db.outbox.where('recordId').equals(walkthrough.id).modify({ rev: 2 });
        });
      }
      return appFetch(url, init);
    };
    await runSync(deps({ fetch: editing }));
    // The ack of rev 1 did not remove the entry of rev 2: the next round sent rev 2.
    const pushes = requests.filter((r) => r.path === '/api/v1/sync/push');
    expect(pushes.map((r) => (r.body as { records: { data: { rev: number } }[] }).records[0]?.data.rev)).toEqual([
      1, 2,
    ]);
    expect(await db.outbox.count()).toBe(0);
    expect((await store.getWalkthrough(team.teamId, walkthrough.id))?.journeyName).toBe('Renamed');
  });
});

describe('failures', () => {
  it('offline: keeps the outbox, backs off with jitter, and waits before trying on its own again', async () => {
    await record();
    const offline: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    const outcome = await runSync(deps({ fetch: offline }));
    expect(outcome).toMatchObject({ status: 'failed', problem: 'unreachable' });
    expect(await db.outbox.count()).toBe(1);
    const { status } = await readSyncView(db);
    expect(status).toMatchObject({ attempt: 1, nextAttemptAt: NOW + BACKOFF_BASE_MS / 2 });
    expect(status.problem?.message).toContain('Could not reach');

    expect(await runSync(deps({ fetch: offline }))).toEqual({ status: 'skipped', why: 'backing-off' });
    // "Sync now" tries anyway; the window doubles with each failure.
    await runSync(deps({ fetch: offline }), { force: true });
    expect((await readSyncView(db)).status).toMatchObject({ attempt: 2, nextAttemptAt: NOW + BACKOFF_BASE_MS });
    // Back online: success resets the backoff.
    expect(await runSync(deps({ now: () => NOW + 10 * 60_000 }))).toMatchObject({ status: 'synced', pushed: 1 });
    expect((await readSyncView(db)).status).toMatchObject({ attempt: 0, nextAttemptAt: null, problem: null });
  });

  it('a server error (5xx) backs off too', async () => {
    await record();
    const failing: FetchLike = async () =>
      Response.json({ code: 'internal', message: 'boom', requestId: 'r1' }, { status: 503 });
    expect(await runSync(deps({ fetch: failing }))).toMatchObject({ status: 'failed', problem: 'unreachable' });
    expect(await db.outbox.count()).toBe(1);
  });

  it('an unsupported protocol is a persistent problem saying which side to update, not a retry loop', async () => {
    await record();
    const speaking =
      (protocolVersion: number): FetchLike =>
      (url, init) =>
        appFetch(url, { ...init, body: JSON.stringify({ ...JSON.parse(String(init.body)), protocolVersion }) });
    const older = await runSync(deps({ fetch: speaking(0) }));
    expect(older).toMatchObject({ status: 'failed', problem: 'update-extension' });
    expect(older.status === 'failed' && older.message).toMatch(/different sync protocols: .*update the extension$/);
    // An extension ahead of its server (one that speaks only protocol 1, say): the server needs the update.
    const outcome = await runSync(deps({ fetch: speaking(99) }), { force: true });
    expect(outcome).toMatchObject({ status: 'failed', problem: 'update-extension' });
    expect(outcome.status === 'failed' && outcome.message).toMatch(/update the Journey Sampler server$/);
    expect((await readSyncView(db)).status.nextAttemptAt).toBeNull();
    requests = [];
    expect(await runSync(deps({ now: () => NOW + 86_400_000 }))).toEqual({ status: 'skipped', why: 'blocked' });
    expect(requests).toEqual([]);
    expect(await db.outbox.count()).toBe(1);
  });

  it('a refused token is persistent until the sampler pairs again', async () => {
    await pair(`jsp_${'A'.repeat(43)}`);
    expect(await runSync(deps())).toMatchObject({ status: 'failed', problem: 'unauthorized' });
    expect(await runSync(deps())).toEqual({ status: 'skipped', why: 'blocked' });
  });

  it('single flight: skips while another context holds the lease, runs once it has expired', async () => {
    await db.syncState.put({ key: 'lease', holder: 'background', expiresAt: NOW + 1000 });
    expect(await runSync(deps())).toEqual({ status: 'skipped', why: 'busy' });
    expect(requests).toEqual([]);
    expect(await runSync(deps({ now: () => NOW + 2000 }))).toMatchObject({ status: 'synced' });
    expect(await db.syncState.get('lease')).toBeUndefined();
  });

  it('skips when the device is not paired', async () => {
    await db.settings.delete('pairing');
    expect(await runSync(deps())).toEqual({ status: 'skipped', why: 'not-paired' });
  });
});

describe('pull', () => {
  it('upserts the catalog, stores walkthroughs from other devices, saves the cursor, and pages', async () => {
    const { app } = testApp(store);
    const lead = client(app, team.lead.token);
    await seedJourney(lead);
    const fromElsewhere = makeWalkthrough({ journeyId, samplerId: null }, ids);
    expect(
      (await client(app, team.staff.token).push([{ type: 'walkthrough', data: fromElsewhere }], ids())).status,
    ).toBe(200);

    const outcome = await runSync(deps({ pullLimit: 1 }));
    expect(outcome).toMatchObject({ status: 'synced' });
    expect(requests.filter((r) => r.path === '/api/v1/sync/pull').length).toBeGreaterThan(3);
    expect(await db.services.count()).toBe(2);
    expect((await db.journeys.toArray()).map((j) => j.id)).toContain(journeyId);
    expect(await db.walkthroughs.get(fromElsewhere.id)).toStrictEqual(fromElsewhere);
    const cursor = await db.syncState.get('cursor');
    expect(cursor?.key === 'cursor' && cursor.value).toEqual(expect.any(String));

    // Nothing new: one page from the saved cursor.
    requests = [];
    await runSync(deps());
    expect(requests.map((r) => r.body)).toEqual([
      {
        protocolVersion: PROTOCOL_VERSION,
        clientId: await clientIdOf(db),
        cursor: cursor?.key === 'cursor' ? cursor.value : null,
      },
    ]);
  });

  it('never overwrites a local higher rev with a pulled lower one', async () => {
    const { app } = testApp(store);
    const older = makeWalkthrough({ journeyId, samplerId: null }, ids);
    await client(app, team.staff.token).push([{ type: 'walkthrough', data: older }], ids());
    const edited = { ...older, rev: 2, journeyName: 'Edited here' };
    await db.walkthroughs.put(edited);
    // Queued as needing attention so the push leaves it be: only the pull is under test.
    await db.outbox.put({
      type: 'walkthrough',
      recordId: older.id,
      rev: 2,
      queuedAt: new Date(NOW).toISOString(),
      rejection: { reason: 'test', rev: 2, at: new Date(NOW).toISOString() },
    });
    await runSync(deps());
    expect(await db.walkthroughs.get(older.id)).toStrictEqual(edited);
  });

  it('a cursor the server cannot continue (409) is reset to null and the pull starts over once', async () => {
    const { app } = testApp(store);
    const other = await seedTeamMembers(store, 'Team B');
    const foreign = pullResponseSchema.parse((await client(app, other.staff.token).pull(null)).body).cursor;
    await db.syncState.put({ key: 'cursor', value: foreign });
    expect(await runSync(deps())).toMatchObject({ status: 'synced' });
    const pulls = requests.filter((r) => r.path === '/api/v1/sync/pull').map((r) => r.body);
    const clientId = await clientIdOf(db);
    expect(pulls).toEqual([
      { protocolVersion: PROTOCOL_VERSION, clientId, cursor: foreign },
      { protocolVersion: PROTOCOL_VERSION, clientId, cursor: null },
    ]);
    expect((await db.journeys.toArray()).map((j) => j.id)).toEqual([journeyId]);
    const saved = await db.syncState.get('cursor');
    expect(saved?.key === 'cursor' && saved.value).not.toBe(foreign);
  });

  it('pulls as the device that pushed: its own walkthroughs do not come back, the sampler’s other device gets them', async () => {
    const mine = [await record(), await record()];
    expect(await runSync(deps())).toMatchObject({ status: 'synced', pushed: 2 });
    // The pull names the install's id, the one its push carried, and the server leaves those two out.
    const push = requests.find((r) => r.path === '/api/v1/sync/push');
    const pulls = requests.filter((r) => r.path === '/api/v1/sync/pull');
    expect(pulls.length).toBeGreaterThan(0);
    for (const pull of pulls) {
      expect(pull.body).toMatchObject({ protocolVersion: PROTOCOL_VERSION, clientId: await clientIdOf(db) });
    }
    expect(push?.body).toMatchObject({ clientId: await clientIdOf(db) });
    expect(pulledPages.flatMap((page) => page.walkthroughs)).toEqual([]);
    expect(pulledPages.flatMap((page) => page.journeys.map((j) => j.id))).toEqual([journeyId]);

    // A second device of the same sampler: its own id, so it gets both, byte for byte.
    const laptop = freshDb();
    await pairDevice(laptop, SERVER, team.staff, { userName: 'Sam', teamName: 'Team A' });
    pulledPages = [];
    const outcome = await runSync(testSyncDeps({ db: laptop, fetch: appFetch, now: NOW, ids }));
    expect(outcome).toMatchObject({ status: 'synced', pushed: 0 });
    expect(await clientIdOf(laptop)).not.toBe(await clientIdOf(db));
    expect(pulledPages.flatMap((page) => page.walkthroughs)).toStrictEqual(mine);
    for (const w of mine) expect(await laptop.walkthroughs.get(w.id)).toStrictEqual(w);

    // The laptop edits one: the first device gets that rev back, as the laptop's.
    const edited = { ...mine[0], rev: 2, journeyName: 'Edited on the laptop' } as Walkthrough;
    await queueWalkthrough(laptop, edited, new Date(NOW).toISOString());
    expect(await runSync(testSyncDeps({ db: laptop, fetch: appFetch, now: NOW, ids }))).toMatchObject({ pushed: 1 });
    pulledPages = [];
    expect(await runSync(deps())).toMatchObject({ status: 'synced', pulled: 1 });
    expect(pulledPages.flatMap((page) => page.walkthroughs)).toStrictEqual([edited]);
    expect(await db.walkthroughs.get(edited.id)).toStrictEqual(edited);
  });
});
