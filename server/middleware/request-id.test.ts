import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type RequestIdVariables, requestId } from './request-id.ts';

const appWith = (...args: Parameters<typeof requestId>) =>
  new Hono<{ Variables: RequestIdVariables }>().use(requestId(...args)).get('/', (c) => c.text(c.get('requestId')));

describe('requestId', () => {
  it('generates a UUID, exposes it to handlers and echoes it', async () => {
    const response = await appWith().request('/');
    const id = response.headers.get('X-Request-Id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await response.text()).toBe(id);
  });

  it('keeps a sane incoming id', async () => {
    const response = await appWith().request('/', { headers: { 'X-Request-Id': 'edge-01:abc_DEF.9=' } });
    expect(response.headers.get('X-Request-Id')).toBe('edge-01:abc_DEF.9=');
  });

  it('replaces an id that is too long or could break a log line or a header', async () => {
    for (const bad of ['a'.repeat(201), 'with space', 'quote"', 'new\\nline', '<b>', '']) {
      const response = await appWith({ generate: () => 'fresh' }).request('/', { headers: { 'X-Request-Id': bad } });
      expect(response.headers.get('X-Request-Id')).toBe('fresh');
    }
  });

  it('honours a custom header name and length limit', async () => {
    const app = appWith({ headerName: 'X-Trace', maxLength: 4, generate: () => 'gen' });
    expect((await app.request('/', { headers: { 'X-Trace': 'abcd' } })).headers.get('X-Trace')).toBe('abcd');
    expect((await app.request('/', { headers: { 'X-Trace': 'abcde' } })).headers.get('X-Trace')).toBe('gen');
  });
});
