import { describe, expect, it } from 'vitest';
import { serverUrlSchema } from '../db/server-url.ts';
import { checkConnection } from './check-connection.ts';
import type { FetchLike } from './server-api.ts';

const SERVER = serverUrlSchema.parse('http://127.0.0.1:8787');

const answering =
  (status: number, body: unknown): FetchLike =>
  async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });

describe('checkConnection', () => {
  it('asks /healthz once, without credentials, and reports the store', async () => {
    const calls: Array<[string, RequestInit]> = [];
    const fetch: FetchLike = async (url, init) => {
      calls.push([url, init]);
      return answering(200, { status: 'ok', store: 'sqlite', version: '0.1.0' })(url, init);
    };

    expect(await checkConnection(SERVER, { fetch })).toEqual({ ok: true, store: 'sqlite' });
    expect(calls.map(([url]) => url)).toEqual(['http://127.0.0.1:8787/healthz']);
    expect(calls[0]?.[1].credentials).toBe('omit');
  });

  it('says the server could not be reached when fetch fails', async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError('Failed to fetch');
    };
    const result = await checkConnection(SERVER, { fetch });
    expect(result).toMatchObject({ ok: false, problem: 'unreachable' });
    expect(result.ok || result.message).toContain('Could not reach http://127.0.0.1:8787');
  });

  it('gives up after the timeout', async () => {
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const result = await checkConnection(SERVER, { fetch, timeoutMs: 20 });
    expect(result).toMatchObject({ ok: false, problem: 'timeout' });
  });

  it("passes on the server's own error message", async () => {
    const envelope = { code: 'unavailable', message: 'database is not reachable', requestId: 'r1' };
    const result = await checkConnection(SERVER, { fetch: answering(503, envelope) });
    expect(result).toEqual({
      ok: false,
      problem: 'http-error',
      message: 'The server answered 503: database is not reachable',
    });
  });

  it('asks whether the address is right on an HTTP error without an envelope', async () => {
    const result = await checkConnection(SERVER, { fetch: answering(404, '<h1>Not found</h1>') });
    expect(result).toMatchObject({ ok: false, problem: 'http-error' });
    expect(result.ok || result.message).toContain('answered HTTP 404');
  });

  it('recognises a 200 that is not a Journey Sampler health answer', async () => {
    const result = await checkConnection(SERVER, { fetch: answering(200, { hello: 'world' }) });
    expect(result).toMatchObject({ ok: false, problem: 'not-journey-sampler' });
  });
});
