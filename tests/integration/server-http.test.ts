import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BODY_LIMIT_BYTES } from '../../server/config.ts';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { healthResponseSchema } from '../../shared/protocol/health.ts';
import { type RunningServer, spawnServer } from '../helpers/server-process.ts';
import { createIsolatedPostgres, type IsolatedPostgres, TEST_DATABASE_URL } from '../helpers/store-postgres.ts';

/** Stack frames look like "at fn (file.ts:12:5)"; none may ever reach a client. */
const STACK_TRACE = /\bat .+:\d+:\d+|node_modules|\.ts:\d+/;

const SECURE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

async function readBody(response: Response): Promise<string> {
  const body = await response.text();
  expect(body).not.toMatch(STACK_TRACE);
  return body;
}

function expectSecureHeaders(response: Response): void {
  for (const [name, value] of Object.entries(SECURE_HEADERS)) expect(response.headers.get(name)).toBe(value);
  expect(response.headers.get('x-powered-by')).toBeNull();
}

async function expectEnvelope(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expectSecureHeaders(response);
  const envelope = errorEnvelopeSchema.parse(JSON.parse(await readBody(response)));
  expect(envelope.code).toBe(code);
  expect(envelope.requestId).toBe(response.headers.get('x-request-id'));
}

describe('server over loopback, SQLite', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await spawnServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('prints exactly one listening line naming the SQLite file, then nothing else on stdout', () => {
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('Journey Sampler server'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Journey Sampler server listening on http:\/\/127\.0\.0\.1:\d+ \(store: sqlite \/.+\/journey-sampler\.db\)$/,
    );
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('GET /healthz answers ok after querying the store, readable from any origin', async () => {
    const response = await fetch(`${server.url}/healthz`, { headers: { Origin: 'chrome-extension://abcdefgh' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expectSecureHeaders(response);
    const body = healthResponseSchema.parse(JSON.parse(await readBody(response)));
    expect(body).toEqual({ status: 'ok', store: 'sqlite', version: expect.any(String) });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes a sane X-Request-Id and replaces one that is not', async () => {
    const sane = await fetch(`${server.url}/healthz`, { headers: { 'X-Request-Id': 'lb-7f3a.2025:01' } });
    expect(sane.headers.get('x-request-id')).toBe('lb-7f3a.2025:01');
    await readBody(sane);
    for (const insane of ['has space', 'x'.repeat(201), '<script>']) {
      const response = await fetch(`${server.url}/healthz`, { headers: { 'X-Request-Id': insane } });
      expect(response.headers.get('x-request-id')).not.toBe(insane);
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      await readBody(response);
    }
  });

  it('answers an unknown route with a 404 envelope carrying the request id, and no CORS', async () => {
    const response = await fetch(`${server.url}/api/v1/nothing-here`, { headers: { 'X-Request-Id': 'req-404' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('x-request-id')).toBe('req-404');
    await expectEnvelope(response, 404, 'not_found');
  });

  it('refuses an oversized body with a 413 envelope, whether its length is declared or streamed', async () => {
    const oversized = new Uint8Array(DEFAULT_BODY_LIMIT_BYTES + 1);
    const declared = await fetch(`${server.url}/healthz`, { method: 'POST', body: oversized });
    await expectEnvelope(declared, 413, 'payload_too_large');

    // A stream has no Content-Length: the limit must count bytes as they arrive.
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > DEFAULT_BODY_LIMIT_BYTES) controller.close();
        else {
          sent += chunk.length;
          controller.enqueue(chunk);
        }
      },
    });
    // `duplex` is required by Node's fetch for a stream body but missing from the DOM RequestInit type.
    const init: RequestInit & { duplex: 'half' } = { method: 'POST', body: stream, duplex: 'half' };
    const streamed = await fetch(`${server.url}/healthz`, init);
    await expectEnvelope(streamed, 413, 'payload_too_large');
  });

  it('stops cleanly on SIGTERM with exit code 0', async () => {
    const own = await spawnServer();
    await own.stop();
    expect(own.process.exitCode).toBe(0);
    expect(own.output()).toContain('"shutting down"');
    expect(own.output()).not.toMatch(STACK_TRACE);
  });
});

describe.skipIf(TEST_DATABASE_URL === undefined)('server over loopback, PostgreSQL', () => {
  let isolated: IsolatedPostgres;
  let server: RunningServer;
  beforeAll(async () => {
    isolated = await createIsolatedPostgres(TEST_DATABASE_URL ?? '');
    server = await spawnServer({ DATABASE_URL: isolated.url });
  });
  afterAll(async () => {
    await server?.stop();
    await isolated?.drop();
  });

  it('prints a listening line that names postgres but not the URL', () => {
    expect(server.output()).toMatch(
      /^Journey Sampler server listening on http:\/\/127\.0\.0\.1:\d+ \(store: postgres\)$/m,
    );
    expect(server.output()).not.toContain(isolated.schema);
  });

  it('GET /healthz reports the postgres store after querying it', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(healthResponseSchema.parse(JSON.parse(await readBody(response))).store).toBe('postgres');
  });

  it('answers an unknown route with the same 404 envelope', async () => {
    await expectEnvelope(await fetch(`${server.url}/nope`), 404, 'not_found');
  });
});
