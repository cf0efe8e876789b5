import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorEnvelopeSchema } from '../shared/protocol/error.ts';
import { type OpenedStore, sqliteStoreFactory } from '../tests/helpers/store-factories.ts';
import { createApp } from './app.ts';
import { jsonBody } from './http/json-body.ts';
import { createMemoryLogger } from './logger.ts';

const STACK_TRACE = /\bat .+:\d+:\d+|\.ts:\d+/;

describe('createApp', () => {
  let opened: OpenedStore;
  beforeEach(async () => {
    opened = await sqliteStoreFactory.open();
    await opened.store.migrate();
  });
  afterEach(async () => {
    await opened.dispose();
  });

  /** The real app plus two routes that exist only here: one taking JSON, one failing like a bug would. */
  const appUnderTest = (bodyLimitBytes = 1024) => {
    const logger = createMemoryLogger();
    const app = createApp({ store: opened.store, logger, bodyLimitBytes })
      .post('/test/echo', jsonBody(z.strictObject({ n: z.int() })), (c) => c.json(c.req.valid('json')))
      .get('/test/bug', () => {
        throw new TypeError('Cannot read properties of undefined');
      });
    return { app, logger };
  };

  it('sets secure headers and a request id on successes and errors alike', async () => {
    const { app } = appUnderTest();
    for (const [path, init] of [
      ['/healthz', {}],
      ['/nope', {}],
      ['/test/bug', {}],
      ['/test/echo', { method: 'POST', body: '{', headers: { 'Content-Type': 'application/json' } }],
    ] as const) {
      const response = await app.request(path, init);
      expect(response.headers.get('X-Content-Type-Options'), path).toBe('nosniff');
      expect(response.headers.get('X-Frame-Options'), path).toBe('DENY');
      expect(response.headers.get('Content-Security-Policy'), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('X-Request-Id'), path).toBeTruthy();
      expect(await response.text(), path).not.toMatch(STACK_TRACE);
    }
  });

  it('answers malformed JSON to a POST route with a 400 bad_request envelope', async () => {
    const { app, logger } = appUnderTest();
    const response = await app.request('/test/echo', {
      method: 'POST',
      body: '{"n": 1',
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'bad-json' },
    });
    expect(response.status).toBe(400);
    expect(errorEnvelopeSchema.parse(await response.json())).toEqual({
      code: 'bad_request',
      message: 'Malformed JSON in request body',
      requestId: 'bad-json',
    });
    expect(logger.entries).toEqual([]);
  });

  it('applies the configured body limit before any route reads the body', async () => {
    const { app } = appUnderTest(16);
    const response = await app.request('/test/echo', {
      method: 'POST',
      body: JSON.stringify({ n: 12345678901234 }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(response.status).toBe(413);
    expect(errorEnvelopeSchema.parse(await response.json()).code).toBe('payload_too_large');
  });

  it('logs a bug with its stack and tells the client only that something failed', async () => {
    const { app, logger } = appUnderTest();
    const response = await app.request('/test/bug', { headers: { 'X-Request-Id': 'bug-1' } });
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).not.toContain('Cannot read properties');
    expect(errorEnvelopeSchema.parse(JSON.parse(body))).toEqual({
      code: 'internal',
      message: 'internal server error',
      requestId: 'bug-1',
    });
    expect(logger.entries).toHaveLength(1);
    expect(logger.entries[0]?.fields).toMatchObject({
      requestId: 'bug-1',
      error: 'Cannot read properties of undefined',
    });
    expect(String(logger.entries[0]?.fields.stack)).toMatch(STACK_TRACE);
  });

  it('grants CORS on /healthz only', async () => {
    const { app } = appUnderTest();
    const headers = { Origin: 'https://evil.example' };
    expect((await app.request('/healthz', { headers })).headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect((await app.request('/nope', { headers })).headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect((await app.request('/test/bug', { headers })).headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});
