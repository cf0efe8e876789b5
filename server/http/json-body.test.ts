import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { createMemoryLogger } from '../logger.ts';
import { handleErrors } from '../middleware/error-handler.ts';
import { type RequestIdVariables, requestId } from '../middleware/request-id.ts';
import { jsonBody } from './json-body.ts';

const ratingSchema = z.strictObject({ rating: z.int().min(1).max(5), comment: z.string().trim().optional() });

const logger = createMemoryLogger();
const app = new Hono<{ Variables: RequestIdVariables }>()
  .use(requestId())
  .post('/ratings', jsonBody(ratingSchema), (c) => c.json({ received: c.req.valid('json') }));
app.onError(handleErrors({ logger }));

const post = (body: string, contentType = 'application/json') =>
  app.request('/ratings', { method: 'POST', body, headers: { 'Content-Type': contentType } });

describe('jsonBody', () => {
  it('hands the handler the parsed (and transformed) body', async () => {
    const response = await post(JSON.stringify({ rating: 5, comment: '  great  ' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: { rating: 5, comment: 'great' } });
  });

  it('accepts a +json media type with parameters', async () => {
    expect((await post('{"rating":1}', 'application/vnd.js+json; charset=utf-8')).status).toBe(200);
  });

  it('answers malformed JSON with 400 bad_request', async () => {
    const response = await post('{"rating": 5,');
    expect(response.status).toBe(400);
    expect(errorEnvelopeSchema.parse(await response.json()).code).toBe('bad_request');
  });

  it('answers a schema mismatch with 400 validation_failed naming the field', async () => {
    const response = await post(JSON.stringify({ rating: 6, extra: true }));
    expect(response.status).toBe(400);
    const envelope = errorEnvelopeSchema.parse(await response.json());
    expect(envelope.code).toBe('validation_failed');
    expect(envelope.issues?.map((i) => i.path)).toContain('rating');
  });

  it('answers a non-JSON body with 415 instead of validating an empty object', async () => {
    const response = await post('rating=5', 'application/x-www-form-urlencoded');
    expect(response.status).toBe(415);
    expect(errorEnvelopeSchema.parse(await response.json()).code).toBe('unsupported_media_type');
    expect(logger.entries).toEqual([]);
  });
});
