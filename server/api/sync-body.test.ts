import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import { createMemoryLogger } from '../logger.ts';
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
