import { createServer, request } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import { createMemoryLogger } from '../logger.ts';
import { limitBody } from '../middleware/body-limit.ts';
import { handleErrors } from '../middleware/error-handler.ts';
import { type RequestIdVariables, requestId } from '../middleware/request-id.ts';
import { syncBody, unsupportedProtocolMessage } from './sync-body.ts';

const app = new Hono<{ Variables: RequestIdVariables }>()
  .use(requestId())
  .post('/sync', syncBody(z.strictObject({ protocolVersion: z.int(), n: z.int() })), (c) =>
    c.json(c.req.valid('json')),
  );
app.onError(handleErrors({ logger: createMemoryLogger() }));

const post = async (body: unknown, contentType = 'application/json') => {
  const response = await app.request('/sync', {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};

describe('syncBody', () => {
  it('hands a valid body to the handler', async () => {
    expect(await post({ protocolVersion: PROTOCOL_VERSION, n: 1 })).toEqual({
      status: 200,
      body: { protocolVersion: PROTOCOL_VERSION, n: 1 },
    });
  });

  it('answers an unknown protocol version before judging the rest of the body', async () => {
    const answer = await post({ protocolVersion: PROTOCOL_VERSION + 1, entirely: 'different' });
    expect(answer.status).toBe(400);
    expect(errorEnvelopeSchema.parse(answer.body)).toMatchObject({
      code: 'unsupported_protocol',
      message: unsupportedProtocolMessage(PROTOCOL_VERSION + 1),
    });
  });

  it('speaks protocols 1, 2 and 3; 0 and 4 are unsupported, each with the side that needs the update', async () => {
    for (const protocolVersion of [1, 2, 3]) {
      expect(await post({ protocolVersion, n: 1 })).toEqual({ status: 200, body: { protocolVersion, n: 1 } });
    }
    for (const [protocolVersion, advice] of [
      [0, /update the extension$/],
      [4, /update the Journey Sampler server$/],
    ] as const) {
      const answer = await post({ protocolVersion, n: 1 });
      expect(answer.status).toBe(400);
      const envelope = errorEnvelopeSchema.parse(answer.body);
      expect(envelope.code).toBe('unsupported_protocol');
      expect(envelope.message).toMatch(advice);
      expect(envelope.message).toContain('1, 2, 3');
    }
  });

  it('leaves a protocol version that is not an integer to the schema, and non-JSON to 415/400', async () => {
    expect((await post({ protocolVersion: '2', n: 1 })).body.code).toBe('validation_failed');
    expect((await post({ protocolVersion: 1.5, n: 1 })).body.code).toBe('validation_failed');
    expect((await post('{"protocolVersion":', 'application/json')).body.code).toBe('bad_request');
    expect((await post({ protocolVersion: 1, n: 1 }, 'text/plain')).status).toBe(415);
  });

  it('tells an older extension to update itself, and a newer one that the server is behind', () => {
    expect(unsupportedProtocolMessage(0)).toMatch(/update the extension$/);
    expect(unsupportedProtocolMessage(PROTOCOL_VERSION + 1)).toMatch(/update the Journey Sampler server$/);
  });
});

/**
 * Under @hono/node-server the body is read straight from node:http (when it has a Content-Length) instead of
 * through a Fetch Request: the same answers either way, over a real socket.
 */
describe('syncBody over node:http', () => {
  const LIMIT = 16 * 1024;
  const nodeApp = new Hono<{ Variables: RequestIdVariables }>()
    .use(requestId())
    .use(limitBody({ maxBytes: LIMIT }))
    .post(
      '/sync',
      syncBody(z.strictObject({ protocolVersion: z.int(), n: z.int(), pad: z.string().optional() })),
      async (c) =>
        // c.req.json() afterwards must give the body parsed once, not hang on a stream already read.
        c.json({ valid: c.req.valid('json'), again: await c.req.json() }),
    );
  nodeApp.onError(handleErrors({ logger: createMemoryLogger() }));
  const server = createServer(getRequestListener(nodeApp.fetch));
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening on a port');
    port = address.port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** POSTs `body` whole (with Content-Length) or, given chunks, chunked (no length); resolves status and JSON. */
  const send = (body: string | readonly string[], contentType = 'application/json') =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const headers: Record<string, string | number> = { 'Content-Type': contentType };
      if (typeof body === 'string') headers['Content-Length'] = Buffer.byteLength(body);
      const req = request({ host: '127.0.0.1', port, path: '/sync', method: 'POST', headers }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      for (const chunk of typeof body === 'string' ? [body] : body) req.write(chunk);
      req.end();
    });
  const code = (answer: { body: unknown }) => errorEnvelopeSchema.parse(answer.body).code;
  const valid = { protocolVersion: PROTOCOL_VERSION, n: 1 };

  it('parses a body with a length once, as a Fetch Request would (a leading BOM dropped)', async () => {
    const answer = { status: 200, body: { valid, again: valid } };
    expect(await send(JSON.stringify(valid))).toEqual(answer);
    expect(await send(`\uFEFF${JSON.stringify(valid)}`)).toEqual(answer);
  });

  it('answers malformed JSON, an unknown protocol and a wrong type as without the shortcut', async () => {
    expect(code(await send('{"protocolVersion":'))).toBe('bad_request');
    expect(code(await send(JSON.stringify({ protocolVersion: PROTOCOL_VERSION + 1 })))).toBe('unsupported_protocol');
    expect(code(await send(JSON.stringify({ ...valid, n: 'one' })))).toBe('validation_failed');
    expect((await send(JSON.stringify(valid), 'text/plain')).status).toBe(415);
  });

  it('reads a chunked body the Fetch way, where the body limit counts it as it arrives', async () => {
    const json = JSON.stringify(valid);
    expect(await send([json.slice(0, 5), json.slice(5)])).toEqual({ status: 200, body: { valid, again: valid } });
    const big = JSON.stringify({ ...valid, pad: 'x'.repeat(LIMIT) });
    const chunks = Array.from({ length: Math.ceil(big.length / 4096) }, (_, i) => big.slice(i * 4096, (i + 1) * 4096));
    expect(code(await send(chunks))).toBe('payload_too_large');
    expect(code(await send(big))).toBe('payload_too_large');
  });
});
