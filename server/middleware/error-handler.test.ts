import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { createMemoryLogger } from '../logger.ts';
import { handleErrors, handleNotFound } from './error-handler.ts';
import { type RequestIdVariables, requestId } from './request-id.ts';

function appThrowing(error: () => never) {
  const logger = createMemoryLogger();
  const app = new Hono<{ Variables: RequestIdVariables }>()
    .use(requestId({ generate: () => 'req-1' }))
    .get('/boom', () => error());
  app.onError(handleErrors({ logger }));
  app.notFound(handleNotFound());
  return { app, logger };
}

async function envelopeOf(response: Response) {
  const text = await response.text();
  expect(text).not.toMatch(/\bat .+:\d+:\d+|\.ts:\d+/);
  return errorEnvelopeSchema.parse(JSON.parse(text));
}

describe('handleErrors', () => {
  it('turns an unexpected error into a generic 500, logging its stack under the request id', async () => {
    const { app, logger } = appThrowing(() => {
      throw new Error('database password is hunter2');
    });
    const response = await app.request('/boom');
    expect(response.status).toBe(500);
    expect(await envelopeOf(response)).toEqual({
      code: 'internal',
      message: 'internal server error',
      requestId: 'req-1',
    });
    expect(logger.entries).toHaveLength(1);
    expect(logger.entries[0]?.level).toBe('error');
    expect(logger.entries[0]?.fields).toMatchObject({ requestId: 'req-1', status: 500, path: '/boom' });
    expect(String(logger.entries[0]?.fields.stack)).toContain('error-handler.test.ts');
  });

  it('keeps an HTTPException status and message and does not log 4xx', async () => {
    const { app, logger } = appThrowing(() => {
      throw new HTTPException(409, { message: 'already paired' });
    });
    const response = await app.request('/boom');
    expect(response.status).toBe(409);
    expect(await envelopeOf(response)).toEqual({ code: 'conflict', message: 'already paired', requestId: 'req-1' });
    expect(logger.entries).toEqual([]);
  });

  it("keeps headers an HTTPException's own response carried, such as WWW-Authenticate", async () => {
    const { app } = appThrowing(() => {
      throw new HTTPException(401, {
        res: new Response('no', {
          status: 401,
          headers: { 'WWW-Authenticate': 'Bearer', 'Content-Type': 'text/plain' },
        }),
      });
    });
    const response = await app.request('/boom');
    expect(response.headers.get('WWW-Authenticate')).toBe('Bearer');
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect((await envelopeOf(response)).code).toBe('unauthorized');
  });

  it('logs a 5xx HTTPException with its stack but sends only its message', async () => {
    const { app, logger } = appThrowing(() => {
      throw new HTTPException(503, { message: 'try again later' });
    });
    const response = await app.request('/boom');
    expect(response.status).toBe(503);
    expect((await envelopeOf(response)).code).toBe('unavailable');
    expect(logger.entries.map((e) => e.level)).toEqual(['error']);
  });

  it('reports a ZodError as validation_failed with one issue per problem, and does not log it', async () => {
    const { app, logger } = appThrowing(() => {
      z.strictObject({ rating: z.int().max(5), pageUrl: z.url() }).parse({ rating: 9, pageUrl: 'x' });
      throw new Error('unreachable');
    });
    const response = await app.request('/boom');
    expect(response.status).toBe(400);
    const envelope = await envelopeOf(response);
    expect(envelope.code).toBe('validation_failed');
    expect(envelope.issues?.map((i) => i.path).sort()).toEqual(['pageUrl', 'rating']);
    expect(logger.entries).toEqual([]);
  });

  it('keeps the envelope within its schema limits however many issues there are', async () => {
    const { app } = appThrowing(() => {
      z.array(z.string()).parse(Array.from({ length: 150 }, () => 1));
      throw new Error('unreachable');
    });
    const envelope = await envelopeOf(await app.request('/boom'));
    expect(envelope.issues).toHaveLength(100);
  });
});

describe('handleNotFound', () => {
  it('answers 404 not_found with the request id', async () => {
    const { app } = appThrowing(() => {
      throw new Error('not called');
    });
    const response = await app.request('/missing', { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(await envelopeOf(response)).toEqual({
      code: 'not_found',
      message: 'no route for DELETE /missing',
      requestId: 'req-1',
    });
  });
});
