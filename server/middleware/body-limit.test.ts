import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { limitBody } from './body-limit.ts';
import { type RequestIdVariables, requestId } from './request-id.ts';

const app = new Hono<{ Variables: RequestIdVariables }>()
  .use(requestId({ generate: () => 'req-413' }))
  .use(limitBody({ maxBytes: 10 }))
  .post('/echo', async (c) => c.text(await c.req.text()));

describe('limitBody', () => {
  it('lets a body up to the limit through untouched', async () => {
    const response = await app.request('/echo', { method: 'POST', body: '0123456789' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('0123456789');
  });

  it('refuses a larger body with a 413 envelope', async () => {
    const response = await app.request('/echo', { method: 'POST', body: '0123456789A' });
    expect(response.status).toBe(413);
    expect(errorEnvelopeSchema.parse(await response.json())).toEqual({
      code: 'payload_too_large',
      message: 'request body is larger than the limit of 10 bytes',
      requestId: 'req-413',
    });
  });
});
