import { describe, expect, it, vi } from 'vitest';
import type { Walkthrough } from '../../../shared/schemas/walkthrough.ts';
import { makeScreenshotBytes } from '../../../tests/fixtures/make-screenshot.ts';
import { makeWalkthrough } from '../../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../../../tests/fixtures/seeded-ids.ts';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import type { Pairing } from '../../db/pairing.ts';
import { savePairing } from '../../db/pairing-setting.ts';
import { serverUrlSchema } from '../../db/server-url.ts';
import { storableBlob, useFreshDbs } from '../../db/testing/fresh-db.ts';
import type { FetchLike } from '../../pairing/server-api.ts';
import type { ScreenshotDownloadOptions, ScreenshotFetchState } from './screenshot-downloads.ts';
import { createWalkthroughDetailModel, type WalkthroughDetailModel } from './walkthrough-detail-model.ts';

const freshDb = useFreshDbs();
const ids = createIdGenerator(0xde7);
const SERVER = 'https://journeys.example.com';
const TOKEN = `jsp_${'t'.repeat(43)}`;
const NOW = new Date('2026-03-01T12:00:00.000Z');

const PAIRING: Pairing = {
  serverUrl: serverUrlSchema.parse(SERVER),
  token: TOKEN,
  userId: ids(),
  userName: 'Sam',
  role: 'staff',
  teamId: ids(),
  teamName: 'Field support',
};

/** A walkthrough pulled from the sampler's other device with `n` screenshots, none of them here. */
const pulledWith = async (db: JourneySamplerDb, n: number): Promise<{ walkthrough: Walkthrough; shots: string[] }> => {
  const shots = Array.from({ length: n }, () => ids());
  const walkthrough = makeWalkthrough(
    { notes: shots.map((screenshotId, i) => ({ id: ids(), atMs: i * 1_000, text: `Note ${i}`, screenshotId })) },
    ids,
  );
  await db.walkthroughs.put(walkthrough);
  return { walkthrough, shots };
};

const bytesOf = (shot: string) => makeScreenshotBytes(3_000, { seed: Number.parseInt(shot.slice(-4), 16) });

type Answer = () => Response | Promise<Response>;

/**
 * The paired server as the History page sees it: each request recorded (address, token), answered by `answer`
 * for its screenshot id, by default with that screenshot's PNG.
 */
const fakeServer = () => {
  const requests: { url: string; authorization: string | null; redirect: RequestRedirect | undefined }[] = [];
  const answers = new Map<string, Answer>();
  let fallback: (id: string) => Response | Promise<Response> = (id) =>
    new Response(bytesOf(id), { status: 200, headers: { 'content-type': 'image/png' } });
  const refused = new Set<string>();
  const fetch: FetchLike = async (url, init) => {
    const authorization = new Headers(init.headers).get('authorization');
    requests.push({ url, authorization, redirect: init.redirect });
    if (refused.has(authorization ?? '')) return envelope(401, 'unauthorized', 'this access token was revoked');
    const id = url.split('/').at(-1) ?? '';
    const answer = answers.get(id);
    return answer === undefined ? fallback(id) : answer();
  };
  return {
    fetch,
    requests,
    answer: (id: string, answer: Answer) => answers.set(id, answer),
    answerAll: (answer: (id: string) => Response | Promise<Response>) => {
      fallback = answer;
    },
    forget: (id: string) => answers.delete(id),
    /** Answers 401 to every request with this token from now on. */
    refuse: (token: string) => refused.add(`Bearer ${token}`),
  };
};

const envelope = (status: number, code: string, message: string) =>
  new Response(JSON.stringify({ code, message, requestId: 'r1' }), {
    status,
    headers: { 'content-type': 'application/json' },
  });

const open = (db: JourneySamplerDb, id: string, options: ScreenshotDownloadOptions) => {
  const model = createWalkthroughDetailModel(db, {
    toBlob: (bytes, type) => storableBlob(bytes, type),
    now: () => NOW,
    ...options,
  });
  model.open(id);
  return model;
};

const shown = (model: WalkthroughDetailModel): ReadonlyMap<string, Blob> => {
  const state = model.state.value;
  return state.status === 'ready' ? state.screenshots : new Map();
};

const fetchOf = (model: WalkthroughDetailModel, id: string): ScreenshotFetchState | undefined =>
  model.screenshotFetches.value.get(id);

const readBytes = async (blob: Blob | undefined) => new Uint8Array(await (blob as Blob).arrayBuffer());

describe('walkthrough detail: screenshots from the paired server', () => {
  it('downloads the missing ones when opened, shows them as they arrive, and a second open sends nothing', async () => {
    const db = freshDb();
    await savePairing(db, PAIRING);
    const { walkthrough, shots } = await pulledWith(db, 3);
    const server = fakeServer();

    // Each answer waits until the test lets it go, so the screenshots arrive one after the other.
    const held: (() => void)[] = [];
    server.answerAll(async (id) => {
      await new Promise<void>((resolve) => held.push(resolve));
      return new Response(bytesOf(id), { status: 200, headers: { 'content-type': 'image/png' } });
    });
    const model = open(db, walkthrough.id, { fetch: server.fetch });
    // Shown as they arrive; each keeps its Blob (and so its image) as the next ones come.
    const firstBlob = new Map<string, Blob>();
    let replaced = 0;
    const unsubscribe = model.state.subscribe(() => {
      for (const [shot, blob] of shown(model)) {
        if (!firstBlob.has(shot)) firstBlob.set(shot, blob);
        else if (firstBlob.get(shot) !== blob) replaced += 1;
      }
    });
    for (const count of [1, 2, 3]) {
      await vi.waitFor(() => expect(held.length).toBeGreaterThan(0));
      held.shift()?.();
      await vi.waitFor(() => expect(shown(model).size).toBe(count));
    }
    unsubscribe();
    expect(replaced).toBe(0);
    for (const shot of shots) expect(await readBytes(shown(model).get(shot))).toEqual(bytesOf(shot));
    expect(server.requests.map((r) => r.url).sort()).toEqual(
      shots.map((shot) => `${SERVER}/api/v1/attachments/${shot}`).sort(),
    );
    expect(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}` && r.redirect === 'error')).toBe(true);
    expect(await db.screenshots.where('recordingId').equals(walkthrough.id).count()).toBe(3);
    model.close();

    // Stored: the next opening shows them from this device, offline too, without asking the server.
    const again = open(db, walkthrough.id, { fetch: server.fetch });
    await vi.waitFor(() => expect(shown(again).size).toBe(3));
    expect(server.requests).toHaveLength(3);
    expect(again.screenshotFetches.value.size).toBe(0);
    again.close();
  });

  it('shows one the server does not have yet as not uploaded, and gets it on Try again', async () => {
    const db = freshDb();
    await savePairing(db, PAIRING);
    const { walkthrough, shots } = await pulledWith(db, 2);
    const [late = '', here = ''] = shots;
    const server = fakeServer();
    server.answer(late, () => envelope(404, 'not_found', 'attachment not found'));

    const model = open(db, walkthrough.id, { fetch: server.fetch });
    await vi.waitFor(() => expect(fetchOf(model, late)).toEqual({ status: 'not-uploaded' }));
    await vi.waitFor(() => expect(shown(model).has(here)).toBe(true));
    expect(shown(model).has(late)).toBe(false);

    // Still arriving from the other device (409), then there.
    server.answer(late, () => envelope(409, 'conflict', 'this attachment is still being uploaded'));
    model.retryScreenshots();
    await vi.waitFor(() => expect(server.requests).toHaveLength(3));
    await vi.waitFor(() => expect(fetchOf(model, late)).toEqual({ status: 'not-uploaded' }));
    server.forget(late);
    model.retryScreenshots();
    await vi.waitFor(() => expect(shown(model).has(late)).toBe(true));
    expect(server.requests).toHaveLength(4);
    model.close();
  });

  it('on a 401 says to connect again, sends nothing more, and Retry carries on once paired again', async () => {
    const db = freshDb();
    await savePairing(db, PAIRING);
    const { walkthrough, shots } = await pulledWith(db, 4);
    const server = fakeServer();
    server.answerAll(() => envelope(401, 'unauthorized', 'this access token was revoked'));

    const model = open(db, walkthrough.id, { fetch: server.fetch, parallel: 1 });
    await vi.waitFor(() =>
      expect(shots.map((shot) => fetchOf(model, shot)?.status)).toEqual(['failed', 'failed', 'failed', 'failed']),
    );
    expect(fetchOf(model, shots[0] ?? '')).toEqual({
      status: 'failed',
      message: 'The server no longer accepts this device’s access token. Connect again in the settings, then retry.',
    });
    // One refusal is enough: the others were not sent with a token the server refuses.
    expect(server.requests).toHaveLength(1);

    // Connected again in the settings with a new token (the old one stays refused), then Retry at once.
    const newToken = `jsp_${'n'.repeat(43)}`;
    await savePairing(db, { ...PAIRING, token: newToken });
    server.answerAll((id) => new Response(bytesOf(id), { status: 200, headers: { 'content-type': 'image/png' } }));
    server.refuse(TOKEN);
    model.retryScreenshots();
    await vi.waitFor(() => expect(shown(model).size).toBe(4));
    expect(server.requests.slice(1).every((r) => r.authorization === `Bearer ${newToken}`)).toBe(true);
    model.close();
  });

  it('offline: says so, keeps nothing, and Retry gets them when the network is back', async () => {
    const db = freshDb();
    await savePairing(db, PAIRING);
    const { walkthrough, shots } = await pulledWith(db, 2);
    const server = fakeServer();
    server.answerAll(() => {
      throw new TypeError('Failed to fetch');
    });

    const model = open(db, walkthrough.id, { fetch: server.fetch });
    await vi.waitFor(() =>
      expect(shots.map((shot) => fetchOf(model, shot))).toEqual([
        { status: 'failed', message: 'Could not reach the server. Check that this device is online, then retry.' },
        { status: 'failed', message: 'Could not reach the server. Check that this device is online, then retry.' },
      ]),
    );
    expect(await db.screenshots.count()).toBe(0);

    server.answerAll((id) => new Response(bytesOf(id), { status: 200, headers: { 'content-type': 'image/png' } }));
    model.retryScreenshots();
    await vi.waitFor(() => expect(shown(model).size).toBe(2));
    model.close();
  });

  it('keeps nothing of an answer that is HTML, too large, or of another type, and says why', async () => {
    const db = freshDb();
    await savePairing(db, PAIRING);
    const { walkthrough, shots } = await pulledWith(db, 3);
    const [html = '', large = '', gif = ''] = shots;
    const server = fakeServer();
    server.answer(
      html,
      () =>
        new Response('<html><body>Sign in to the Wi-Fi</body></html>', { headers: { 'content-type': 'text/html' } }),
    );
    server.answer(
      large,
      () =>
        new Response(makeScreenshotBytes(4_000), {
          headers: { 'content-type': 'image/png', 'content-length': '4000' },
        }),
    );
    server.answer(gif, () => new Response('GIF89a', { headers: { 'content-type': 'image/gif' } }));

    const model = open(db, walkthrough.id, { fetch: server.fetch, maxBytes: 3_500 });
    await vi.waitFor(() => expect(shots.every((shot) => fetchOf(model, shot)?.status === 'failed')).toBe(true));
    expect(fetchOf(model, html)).toEqual({
      status: 'failed',
      message:
        'The server’s answer was not a usable screenshot (the server sent text/html, not a PNG or JPEG screenshot), so nothing was kept.',
    });
    expect(fetchOf(model, large)).toEqual({
      status: 'failed',
      message:
        'The server’s answer was not a usable screenshot (the screenshot is 4000 bytes; at most 3500 are kept), so nothing was kept.',
    });
    expect(fetchOf(model, gif)).toMatchObject({ status: 'failed', message: expect.stringContaining('image/gif') });
    // Each was asked for once: a bad answer from one does not stop the others.
    expect(server.requests).toHaveLength(3);
    expect(await db.screenshots.count()).toBe(0);
    model.close();
  });

  it('on a device that is not paired asks nobody, and starts once it is paired (in another tab)', async () => {
    const db = freshDb();
    const { walkthrough, shots } = await pulledWith(db, 2);
    const server = fakeServer();

    const model = open(db, walkthrough.id, { fetch: server.fetch });
    await vi.waitFor(() =>
      expect(shots.map((shot) => fetchOf(model, shot))).toEqual([{ status: 'unavailable' }, { status: 'unavailable' }]),
    );
    model.retryScreenshots();
    expect(server.requests).toEqual([]);

    await savePairing(db, PAIRING);
    await vi.waitFor(() => expect(shown(model).size).toBe(2));
    expect(server.requests).toHaveLength(2);
    model.close();
  });

  it('downloads two at a time, and past the view’s bound only what the sampler asks for', async () => {
    const db = freshDb();
    await savePairing(db, PAIRING);
    const { walkthrough, shots } = await pulledWith(db, 5);
    const server = fakeServer();
    let inFlight = 0;
    let most = 0;
    const held: (() => void)[] = [];
    server.answerAll(async (id) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => held.push(resolve));
      inFlight -= 1;
      return new Response(bytesOf(id), { status: 200, headers: { 'content-type': 'image/png' } });
    });

    const model = open(db, walkthrough.id, { fetch: server.fetch, maxPerView: 3 });
    await vi.waitFor(() => expect(held).toHaveLength(2));
    expect(shots.map((shot) => fetchOf(model, shot)?.status)).toEqual([
      'loading',
      'loading',
      'loading',
      'deferred',
      'deferred',
    ]);
    // Released one at a time: the third starts only when one of the first two has ended.
    while (shown(model).size < 3) {
      held.shift()?.();
      await vi.waitFor(() => expect(held.length > 0 || inFlight === 0).toBe(true));
    }
    expect(most).toBe(2);
    expect(server.requests).toHaveLength(3);
    expect(fetchOf(model, shots[3] ?? '')).toEqual({ status: 'deferred' });

    model.downloadScreenshot(shots[3] ?? '');
    await vi.waitFor(() => expect(held).toHaveLength(1));
    held.shift()?.();
    await vi.waitFor(() => expect(shown(model).has(shots[3] ?? '')).toBe(true));
    expect(server.requests).toHaveLength(4);
    expect(fetchOf(model, shots[4] ?? '')).toEqual({ status: 'deferred' });
    model.close();
  });

  it('stops on its own past the view’s byte bound', async () => {
    const db = freshDb();
    await savePairing(db, PAIRING);
    const { walkthrough, shots } = await pulledWith(db, 3);
    const server = fakeServer();

    // 3,000 bytes each: the second download starts with 3,000 of 4,000 spent, the third finds the bound reached.
    const model = open(db, walkthrough.id, { fetch: server.fetch, parallel: 1, maxBytesPerView: 4_000 });
    await vi.waitFor(() => expect(fetchOf(model, shots[2] ?? '')).toEqual({ status: 'deferred' }));
    await vi.waitFor(() => expect(shown(model).size).toBe(2));
    expect(server.requests).toHaveLength(2);
    model.close();
  });

  it('closing the detail aborts the downloads under way and keeps nothing', async () => {
    const db = freshDb();
    await savePairing(db, PAIRING);
    const { walkthrough } = await pulledWith(db, 1);
    const server = fakeServer();
    let aborted = false;
    const fetch: FetchLike = (url, init) =>
      new Promise((_resolve, reject) => {
        server.requests.push({ url, authorization: null, redirect: init.redirect });
        init.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(init.signal?.reason);
        });
      });

    const model = open(db, walkthrough.id, { fetch });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    model.close();
    expect(aborted).toBe(true);
    expect(model.screenshotFetches.value.size).toBe(0);
    expect(await db.screenshots.count()).toBe(0);
  });
});
