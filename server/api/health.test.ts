import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { healthResponseSchema } from '../../shared/protocol/health.ts';
import { type OpenedStore, sqliteStoreFactory } from '../../tests/helpers/store-factories.ts';
import { createApp } from '../app.ts';
import { createMemoryLogger } from '../logger.ts';

describe('GET /healthz', () => {
  let opened: OpenedStore;
  beforeEach(async () => {
    opened = await sqliteStoreFactory.open();
    await opened.store.migrate();
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('answers ok with the store kind and version once the store answered a query', async () => {
    const app = createApp({ store: opened.store, logger: createMemoryLogger(), version: '1.2.3' });
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(healthResponseSchema.parse(await response.json())).toEqual({
      status: 'ok',
      store: 'sqlite',
      version: '1.2.3',
    });
  });

  it('answers 503 unavailable, and logs why, when the store does not answer', async () => {
    const logger = createMemoryLogger();
    const app = createApp({ store: opened.store, logger });
    await opened.store.close();
    const response = await app.request('/healthz', { headers: { 'X-Request-Id': 'hc-1' } });
    expect(response.status).toBe(503);
    expect(errorEnvelopeSchema.parse(await response.json())).toEqual({
      code: 'unavailable',
      message: 'the database is not answering',
      requestId: 'hc-1',
    });
    expect(logger.entries).toMatchObject([{ level: 'error', fields: { requestId: 'hc-1', store: 'sqlite' } }]);
  });

  it('is readable from any origin, including an extension page, and answers a preflight', async () => {
    const app = createApp({ store: opened.store, logger: createMemoryLogger() });
    const simple = await app.request('/healthz', { headers: { Origin: 'chrome-extension://abc' } });
    expect(simple.headers.get('Access-Control-Allow-Origin')).toBe('*');
    const preflight = await app.request('/healthz', {
      method: 'OPTIONS',
      headers: { Origin: 'chrome-extension://abc', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('*');
  });
});
