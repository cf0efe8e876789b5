// Screenshots of a walkthrough recorded on another device: the real server process (spawned, SQLite in a temp
// directory) over real HTTP on loopback; device A records and syncs with the real runSync, device B (same sampler)
// pulls the walkthrough and opens its History detail (the real detail model over fake IndexedDB), which
// downloads the screenshots from the server. Nobody but the sampler (and their lead) can read them.
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JourneySamplerDb } from '../../extension/db/journey-sampler-db.ts';
import { serverUrlSchema } from '../../extension/db/server-url.ts';
import { storableBlob, useFreshDbs } from '../../extension/db/testing/fresh-db.ts';
import { queueWalkthroughWithScreenshots } from '../../extension/db/testing/queue-walkthrough.ts';
import type { FetchLike } from '../../extension/pairing/server-api.ts';
import { runSync } from '../../extension/sync/run-sync.ts';
import { createScreenshotDownload } from '../../extension/sync/screenshot-download.ts';
import { createWalkthroughDetailModel } from '../../extension/ui/models/walkthrough-detail-model.ts';
import { MAX_ATTACHMENT_CHUNK_BYTES } from '../../shared/protocol/attachments.ts';
import type { Walkthrough } from '../../shared/schemas/index.ts';
import { makeScreenshotBytes } from '../fixtures/make-screenshot.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { client, type Member, type SeededTeam, seedJourney, seedTeamMembers } from '../helpers/api-harness.ts';
import { pairDevice, testSyncDeps } from '../helpers/paired-device.ts';
import { type RunningServer, spawnServer, withServerStore } from '../helpers/server-process.ts';

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const ids = createIdGenerator(0xd0c);
// A condition's upper bound, not a sleep: a 1 MiB download through a real server took over vi.waitFor's 1 s
// default on a loaded 2-core machine.
const DOWNLOADED = { timeout: 15_000 };

let dataDir: string;
let server: RunningServer;
let team: SeededTeam;
let otherTeam: SeededTeam;
let journeyId: string;

type Sent = { method: string; path: string; authorization: string | null };

/** A device: its own database paired with `member`, and a fetch that logs what it sends. */
const device = async (member: Member, db: JourneySamplerDb) => {
  await pairDevice(db, server.url, member, { userName: 'Sam', teamName: 'Field support' });
  const sent: Sent[] = [];
  const logged: FetchLike = (url, init) => {
    sent.push({
      method: init.method ?? 'GET',
      path: new URL(url).pathname,
      authorization: new Headers(init.headers).get('authorization'),
    });
    return fetch(url, init);
  };
  return {
    db,
    sent,
    fetch: logged,
    sync: (options: { uploadBudgetBytes?: number } = {}) =>
      runSync(testSyncDeps({ db, fetch: logged, now: NOW, ids }, options), { force: true }),
    open: (walkthroughId: string) => {
      const model = createWalkthroughDetailModel(db, {
        fetch: logged,
        now: () => new Date(NOW),
        toBlob: (bytes, type) => storableBlob(bytes, type),
      });
      model.open(walkthroughId);
      return model;
    },
  };
};

/** A walkthrough completed on `db` with these screenshots, as the recorder stores them. */
const record = async (
  db: JourneySamplerDb,
  shots: readonly { readonly bytes: Uint8Array<ArrayBuffer>; readonly type: 'image/png' | 'image/jpeg' }[],
): Promise<{ walkthrough: Walkthrough; screenshotIds: string[] }> => {
  const screenshotIds = shots.map(() => ids());
  const walkthrough = makeWalkthrough(
    {
      journeyId,
      samplerId: null,
      notes: screenshotIds.map((screenshotId, i) => ({ id: ids(), atMs: i * 1000, text: `Note ${i}`, screenshotId })),
    },
    ids,
  );
  await queueWalkthroughWithScreenshots(
    db,
    walkthrough,
    shots.map((shot, i) => ({ id: screenshotIds[i] ?? ids(), bytes: shot.bytes, type: shot.type })),
    new Date(NOW).toISOString(),
  );
  return { walkthrough, screenshotIds };
};

const storedBytes = async (db: JourneySamplerDb, id: string): Promise<Uint8Array | null> => {
  const row = await db.screenshots.get(id);
  return row === undefined ? null : new Uint8Array(await row.blob.arrayBuffer());
};

const freshDb = useFreshDbs();

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'js-shot-download-'));
  await withServerStore(dataDir, async (store) => {
    team = await seedTeamMembers(store, 'Field support');
    otherTeam = await seedTeamMembers(store, 'Other team');
  });
  server = await spawnServer({ DATA_DIR: dataDir });
  journeyId = await seedJourney(client(server.url, team.lead.token));
});

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('screenshots of a walkthrough recorded on another device', () => {
  it('device B gets them byte-equal when it opens the detail, keeps them, and never uploads them back', async () => {
    const a = await device(team.staff, freshDb());
    const b = await device(team.staff, freshDb());
    const png = makeScreenshotBytes(2 * MAX_ATTACHMENT_CHUNK_BYTES + 4_321, { seed: 11 });
    const jpeg = makeScreenshotBytes(180_000, { seed: 12, type: 'image/jpeg' });
    const { walkthrough, screenshotIds } = await record(a.db, [
      { bytes: png, type: 'image/png' },
      { bytes: jpeg, type: 'image/jpeg' },
    ]);
    const [pngId = '', jpegId = ''] = screenshotIds;
    expect(await a.sync()).toMatchObject({ status: 'synced', pushed: 1, uploaded: 2 });

    // B pulls the record; its sync run downloads no screenshot (only opening the detail does).
    expect(await b.sync()).toMatchObject({ status: 'synced' });
    expect(await b.db.walkthroughs.get(walkthrough.id)).toBeDefined();
    expect(await b.db.screenshots.count()).toBe(0);
    expect(b.sent.filter((r) => r.path.includes('/attachments/'))).toEqual([]);

    const detail = b.open(walkthrough.id);
    await vi.waitFor(() => {
      const state = detail.state.value;
      expect(state.status === 'ready' ? state.screenshots.size : 0).toBe(2);
    }, DOWNLOADED);
    detail.close();
    expect(await storedBytes(b.db, pngId)).toEqual(png);
    expect(await storedBytes(b.db, jpegId)).toEqual(jpeg);
    const downloads = b.sent.filter((r) => r.path.includes('/attachments/'));
    expect(downloads.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      [`GET /api/v1/attachments/${pngId}`, `GET /api/v1/attachments/${jpegId}`].sort(),
    );
    expect(downloads.every((r) => r.authorization === `Bearer ${team.staff.token}`)).toBe(true);

    // Kept: the next opening asks nothing, and B's sync runs never send them back to the server.
    b.sent.length = 0;
    const again = b.open(walkthrough.id);
    await vi.waitFor(() => {
      const state = again.state.value;
      expect(state.status === 'ready' ? state.screenshots.size : 0).toBe(2);
    }, DOWNLOADED);
    again.close();
    expect(await b.sync()).toMatchObject({ status: 'synced', uploaded: 0 });
    expect(b.sent.filter((r) => r.path.includes('/attachments/'))).toEqual([]);
  });

  it('one still uploading from device A is "not uploaded yet" on B until it has arrived', async () => {
    const a = await device(team.staff, freshDb());
    const b = await device(team.staff, freshDb());
    const bytes = makeScreenshotBytes(MAX_ATTACHMENT_CHUNK_BYTES + 10, { seed: 13 });
    const {
      walkthrough,
      screenshotIds: [id = ''],
    } = await record(a.db, [{ bytes, type: 'image/png' }]);
    // A's run sends the record and one chunk of two (its byte budget): the server holds half the screenshot.
    expect(await a.sync({ uploadBudgetBytes: 1 })).toMatchObject({ status: 'synced', pushed: 1, uploaded: 0 });
    await b.sync();

    const detail = b.open(walkthrough.id);
    await vi.waitFor(
      () => expect(detail.screenshotFetches.value.get(id)).toEqual({ status: 'not-uploaded' }),
      DOWNLOADED,
    );
    expect(await b.db.screenshots.count()).toBe(0);

    expect(await a.sync()).toMatchObject({ status: 'synced', uploaded: 1 });
    detail.retryScreenshots();
    await vi.waitFor(async () => expect(await storedBytes(b.db, id)).toEqual(bytes), DOWNLOADED);
    detail.close();
  });

  it('another team’s token, or another sampler’s, cannot fetch them', async () => {
    const a = await device(team.staff, freshDb());
    const bytes = makeScreenshotBytes(5_000, { seed: 14 });
    const {
      walkthrough,
      screenshotIds: [id = ''],
    } = await record(a.db, [{ bytes, type: 'image/png' }]);
    expect(await a.sync()).toMatchObject({ status: 'synced', uploaded: 1 });
    const serverUrl = serverUrlSchema.parse(server.url);

    for (const outsider of [otherTeam.staff, otherTeam.lead, otherTeam.admin, team.otherStaff]) {
      expect(await createScreenshotDownload(serverUrl, outsider.token)(id)).toMatchObject({
        ok: false,
        kind: 'not-uploaded',
        status: 404,
      });
    }
    // The sampler's lead may (the dashboard shows it); the sampler's own token, of course.
    expect(await createScreenshotDownload(serverUrl, team.lead.token)(id)).toEqual({
      ok: true,
      type: 'image/png',
      bytes,
    });

    // A device of the other team holding a copy of the record (say, imported) downloads nothing.
    const outsiderDevice = await device(otherTeam.staff, freshDb());
    await outsiderDevice.db.walkthroughs.put(walkthrough);
    const detail = outsiderDevice.open(walkthrough.id);
    await vi.waitFor(
      () => expect(detail.screenshotFetches.value.get(id)).toEqual({ status: 'not-uploaded' }),
      DOWNLOADED,
    );
    detail.close();
    expect(await outsiderDevice.db.screenshots.count()).toBe(0);
  });
});
