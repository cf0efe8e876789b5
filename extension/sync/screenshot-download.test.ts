import { describe, expect, it } from 'vitest';
import { makeScreenshotBytes } from '../../tests/fixtures/make-screenshot.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import { serverUrlSchema } from '../db/server-url.ts';
import type { FetchLike } from '../pairing/server-api.ts';
import { createScreenshotDownload } from './screenshot-download.ts';

const SERVER = serverUrlSchema.parse('https://journeys.example.com/sampler');
const TOKEN = 'jst_0123456789abcdefghijklmnopqrstuvwxyzABCDEF';
const ids = createIdGenerator(0xd01);
const ID = ids();

type Seen = { url: string; init: RequestInit };

/** A fetch that records what it was asked and answers with `answer`'s Response (or throws what it throws). */
const fakeFetch = (answer: () => Response | Promise<Response>): { fetch: FetchLike; seen: Seen[] } => {
  const seen: Seen[] = [];
  return {
    seen,
    fetch: async (url, init) => {
      seen.push({ url, init });
      return answer();
    },
  };
};

const image = (bytes: Uint8Array<ArrayBuffer>, type = 'image/png', headers: Record<string, string> = {}) =>
  new Response(bytes, { status: 200, headers: { 'content-type': type, ...headers } });

const envelope = (status: number, code: string, message: string) =>
  new Response(JSON.stringify({ code, message, requestId: 'r1' }), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('screenshot download', () => {
  it('gets the bytes of a PNG and a JPEG from the paired server only, with the token, following no redirect', async () => {
    const png = makeScreenshotBytes(70_000, { seed: 1 });
    const { fetch, seen } = fakeFetch(() => image(png));
    const answer = await createScreenshotDownload(SERVER, TOKEN, { fetch })(ID);
    expect(answer).toEqual({ ok: true, type: 'image/png', bytes: png });
    expect(seen).toHaveLength(1);
    const [{ url, init } = { url: '', init: {} }] = seen;
    expect(url).toBe(`https://journeys.example.com/sampler/api/v1/attachments/${ID}`);
    expect(init.method).toBe('GET');
    expect(init.redirect).toBe('error');
    expect(init.credentials).toBe('omit');
    expect(new Headers(init.headers).get('authorization')).toBe(`Bearer ${TOKEN}`);

    const jpeg = makeScreenshotBytes(5_000, { seed: 2, type: 'image/jpeg' });
    const second = fakeFetch(() => image(jpeg, 'image/jpeg; charset=binary'));
    expect(await createScreenshotDownload(SERVER, TOKEN, { fetch: second.fetch })(ID)).toEqual({
      ok: true,
      type: 'image/jpeg',
      bytes: jpeg,
    });
  });

  it('refuses an HTML page, even one that claims to be a PNG', async () => {
    const html = new TextEncoder().encode('<!doctype html><title>Sign in to the Wi-Fi</title>');
    const portal = fakeFetch(() => new Response(html, { status: 200, headers: { 'content-type': 'text/html' } }));
    expect(await createScreenshotDownload(SERVER, TOKEN, { fetch: portal.fetch })(ID)).toMatchObject({
      ok: false,
      kind: 'bad-answer',
      message: 'the server sent text/html, not a PNG or JPEG screenshot',
    });
    const disguised = fakeFetch(() => image(html));
    expect(await createScreenshotDownload(SERVER, TOKEN, { fetch: disguised.fetch })(ID)).toMatchObject({
      ok: false,
      kind: 'bad-answer',
      message: 'the bytes are not a image/png image',
    });
  });

  it('refuses another image type, no type, and bytes of the other allowed type', async () => {
    const gif = fakeFetch(() => image(new TextEncoder().encode('GIF89a...'), 'image/gif'));
    expect(await createScreenshotDownload(SERVER, TOKEN, { fetch: gif.fetch })(ID)).toMatchObject({
      kind: 'bad-answer',
      message: 'the server sent image/gif, not a PNG or JPEG screenshot',
    });
    const untyped = fakeFetch(() => new Response(makeScreenshotBytes(100), { status: 200 }));
    const answer = await createScreenshotDownload(SERVER, TOKEN, { fetch: untyped.fetch })(ID);
    expect(answer).toMatchObject({ ok: false, kind: 'bad-answer' });
    const swapped = fakeFetch(() => image(makeScreenshotBytes(100, { type: 'image/jpeg' }), 'image/png'));
    expect(await createScreenshotDownload(SERVER, TOKEN, { fetch: swapped.fetch })(ID)).toMatchObject({
      kind: 'bad-answer',
      message: 'the bytes are not a image/png image',
    });
  });

  it('refuses a body over the cap, whether its length is announced or not', async () => {
    const big = makeScreenshotBytes(4_097);
    const announced = fakeFetch(() => image(big, 'image/png', { 'content-length': '4097' }));
    expect(await createScreenshotDownload(SERVER, TOKEN, { fetch: announced.fetch, maxBytes: 4_096 })(ID)).toEqual({
      ok: false,
      kind: 'bad-answer',
      status: 200,
      message: 'the screenshot is 4097 bytes; at most 4096 are kept',
    });
    // Streamed without a length, and past the cap: reading stops there.
    let pulled = 0;
    const endless = fakeFetch(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              pulled += 1;
              controller.enqueue(makeScreenshotBytes(1_000, { seed: pulled }));
            },
          }),
          { status: 200, headers: { 'content-type': 'image/png' } },
        ),
    );
    expect(await createScreenshotDownload(SERVER, TOKEN, { fetch: endless.fetch, maxBytes: 4_096 })(ID)).toEqual({
      ok: false,
      kind: 'bad-answer',
      status: 200,
      message: 'the screenshot is larger than 4096 bytes',
    });
    expect(pulled).toBeLessThan(10);
  });

  it('refuses an empty body and a 2xx other than 200', async () => {
    const empty = fakeFetch(() => image(new Uint8Array(0)));
    expect(await createScreenshotDownload(SERVER, TOKEN, { fetch: empty.fetch })(ID)).toMatchObject({
      kind: 'bad-answer',
    });
    const noContent = fakeFetch(() => new Response(null, { status: 204 }));
    expect(await createScreenshotDownload(SERVER, TOKEN, { fetch: noContent.fetch })(ID)).toMatchObject({
      kind: 'bad-answer',
      status: 204,
    });
  });

  it('reads 404 and 409 as not uploaded yet', async () => {
    const missing = fakeFetch(() => envelope(404, 'not_found', 'attachment not found'));
    expect(await createScreenshotDownload(SERVER, TOKEN, { fetch: missing.fetch })(ID)).toMatchObject({
      ok: false,
      kind: 'not-uploaded',
      status: 404,
    });
    const arriving = fakeFetch(() => envelope(409, 'conflict', 'this attachment is still being uploaded'));
    expect(await createScreenshotDownload(SERVER, TOKEN, { fetch: arriving.fetch })(ID)).toMatchObject({
      kind: 'not-uploaded',
      status: 409,
    });
  });

  it('reads 401 as a token the server no longer takes, 5xx and a failed fetch as unreachable', async () => {
    const revoked = fakeFetch(() => envelope(401, 'unauthorized', 'token revoked'));
    expect(await createScreenshotDownload(SERVER, TOKEN, { fetch: revoked.fetch })(ID)).toMatchObject({
      ok: false,
      kind: 'unauthorized',
      status: 401,
    });
    const down = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(await createScreenshotDownload(SERVER, TOKEN, { fetch: down.fetch })(ID)).toMatchObject({
      kind: 'unreachable',
      status: 502,
    });
    const offline = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const answer = await createScreenshotDownload(SERVER, TOKEN, { fetch: offline.fetch })(ID);
    expect(answer).toMatchObject({ ok: false, kind: 'unreachable', status: null });
    // The message names the server, never the token.
    expect(JSON.stringify(answer)).not.toContain(TOKEN);
  });

  it('reads a body cut short as unreachable, and keeps nothing of it', async () => {
    const cut = fakeFetch(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(makeScreenshotBytes(100));
              controller.error(new TypeError('network error'));
            },
          }),
          { status: 200, headers: { 'content-type': 'image/png' } },
        ),
    );
    expect(await createScreenshotDownload(SERVER, TOKEN, { fetch: cut.fetch })(ID)).toMatchObject({
      ok: false,
      kind: 'unreachable',
    });
  });

  it('does not follow a redirect a server (or a fake one) answers with', async () => {
    const { fetch, seen } = fakeFetch(
      () => new Response(null, { status: 302, headers: { location: `https://elsewhere.example/${ID}.png` } }),
    );
    expect(await createScreenshotDownload(SERVER, TOKEN, { fetch })(ID)).toMatchObject({
      ok: false,
      kind: 'failed',
      status: 302,
    });
    expect(seen.map((s) => s.url)).toEqual([`https://journeys.example.com/sampler/api/v1/attachments/${ID}`]);
  });

  it('puts nothing but an id in the path', async () => {
    const { fetch, seen } = fakeFetch(() => image(makeScreenshotBytes(100)));
    const download = createScreenshotDownload(SERVER, TOKEN, { fetch });
    expect(await download('../../me')).toMatchObject({ ok: false, kind: 'bad-answer' });
    expect(await download(`https://elsewhere.example/${ID}`)).toMatchObject({ ok: false, kind: 'bad-answer' });
    expect(seen).toEqual([]);
  });

  it('stops when the caller aborts', async () => {
    const stop = new AbortController();
    // A server that never answers: only the signal ends the request.
    const waiting: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const pending = createScreenshotDownload(SERVER, TOKEN, { fetch: waiting })(ID, stop.signal);
    stop.abort();
    expect(await pending).toMatchObject({ ok: false, kind: 'unreachable' });
  });
});
