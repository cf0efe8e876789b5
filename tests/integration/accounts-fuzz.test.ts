import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import { createTokenBucket } from '../../server/middleware/rate-limit.ts';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { type SeededCaller, seedCaller, seedTeam } from '../helpers/accounts.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

/** Printable ASCII: anything else cannot even be put into a header by a client (the Headers API throws). */
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) });

const ACCOUNT_PATHS = [
  '/me',
  '/tokens',
  '/teams',
  '/users',
  '/sign-in',
  '/sign-out',
  '/pairing',
  '/pairing/redeem',
] as const;
/** Mostly the methods the routes answer, so requests get past routing to the checks that matter. */
const method = fc.oneof(
  { arbitrary: fc.constant('POST'), weight: 4 },
  { arbitrary: fc.constant('GET'), weight: 3 },
  { arbitrary: fc.constant('DELETE'), weight: 2 },
  { arbitrary: fc.constantFrom('PUT', 'PATCH', 'HEAD', 'OPTIONS'), weight: 1 },
);
const FIELDS = ['label', 'userId', 'teamId', 'role', 'name', 'code', 'token'] as const;

/** Values near what the schemas accept, and far from it. */
const fieldValue = fc.oneof(
  fc.constantFrom('staff', 'lead', 'admin', 'root', '', ' ', '019b8d62-7a81-7fff-8fff-000000000001', 'A'.repeat(43)),
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.string({ minLength: 190, maxLength: 400 }),
);

const body = fc.oneof(
  printable,
  fc.string(),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .dictionary(fc.constantFrom(...FIELDS, '__proto__', 'constructor', 'extra'), fieldValue)
    .map((o) => JSON.stringify(o)),
  fc.constant('{"label": "x"'),
  // Nearly right: reaches the authorisation checks and the store, and sometimes succeeds.
  fc
    .oneof(
      fc.record({ label: printable }),
      fc.record({ name: printable }),
      fc.record({ name: printable, role: fc.constantFrom('staff', 'lead', 'admin') }),
      fc.record({ label: printable, role: fc.constantFrom('staff', 'lead', 'admin') }),
    )
    .map((o) => JSON.stringify(o)),
);

const path = fc.oneof(
  { arbitrary: fc.constantFrom(...ACCOUNT_PATHS), weight: 3 },
  fc
    .tuple(fc.constantFrom('/tokens', '/teams', '/users'), printable)
    .map(([base, segment]) => `${base}/${encodeURIComponent(segment)}`),
  fc
    .tuple(fc.constantFrom('/tokens', '/users', '/teams'), fc.constantFrom('userId', 'teamId', 'role', 'x'), printable)
    .map(([base, key, value]) => `${base}?${key}=${encodeURIComponent(value)}`),
  fc.constant('/tokens?userId=a&userId=b'),
);

describe.each(storeFactories())('account routes under fuzzed requests on $kind', ({ open }) => {
  let opened: OpenedStore;
  let app: ReturnType<typeof createApp>;
  let admin: SeededCaller;
  let staff: SeededCaller;
  let logger: ReturnType<typeof createMemoryLogger>;
  beforeAll(async () => {
    opened = await open();
    await opened.store.migrate();
    logger = createMemoryLogger();
    app = createApp({
      store: opened.store,
      logger,
      signInBucket: createTokenBucket({ capacity: 1_000_000, refillPerSecond: 1 }),
    });
    const teamId = (await seedTeam(opened.store, 'Fuzz')).id;
    admin = await seedCaller(opened.store, { teamId, role: 'admin' });
    staff = await seedCaller(opened.store, { teamId, role: 'staff' });
  });
  afterAll(async () => {
    await opened?.dispose();
  });

  const credentials = () =>
    fc.oneof(
      { arbitrary: fc.constant(admin.headers), weight: 4 },
      { arbitrary: fc.constant(staff.headers), weight: 2 },
      fc.constant({}),
      printable.map((value) => ({ Authorization: value })),
      printable.map((value) => ({ Authorization: `Bearer ${value}` })),
      printable.map((value) => ({ Cookie: value })),
      printable.map((value) => ({ Cookie: `jsp_session=${value}` })),
    );

  const extraHeaders = fc.record(
    {
      'Content-Type': fc.oneof(
        { arbitrary: fc.constant('application/json'), weight: 4 },
        fc.constantFrom('text/plain', 'application/x-www-form-urlencoded'),
        printable,
      ),
      'X-Requested-With': printable,
      'X-Forwarded-For': printable,
      'X-Forwarded-Proto': printable,
    },
    { requiredKeys: ['Content-Type'] },
  );

  it('never answers 5xx; every refusal is an error envelope', async () => {
    await fc.assert(
      fc.asyncProperty(method, path, credentials(), extraHeaders, body, async (method, p, auth, extra, text) => {
        const hasBody = method !== 'GET' && method !== 'HEAD';
        const response = await app.request(`/api/v1${p}`, {
          method,
          headers: { ...extra, ...auth },
          ...(hasBody ? { body: text } : {}),
        });
        expect(response.status, `${method} ${p}`).toBeLessThan(500);
        if (response.status >= 400 && method !== 'HEAD') {
          expect(errorEnvelopeSchema.safeParse(await response.json()).success).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
    expect(logger.entries.filter((entry) => entry.level === 'error')).toEqual([]);
  });

  it('answers malformed bodies to the write routes with a 4xx, even from an admin', async () => {
    const malformed = fc.oneof(
      printable.filter((text) => {
        try {
          JSON.parse(text);
          return false;
        } catch {
          return true;
        }
      }),
      fc
        .dictionary(fc.constantFrom(...FIELDS, 'extra'), fieldValue, { minKeys: 1 })
        .map((o) => JSON.stringify({ ...o, extra: 1 })),
      fc
        .jsonValue()
        .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
        .map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/tokens', '/teams', '/users', '/sign-in', '/pairing', '/pairing/redeem'),
        malformed,
        async (p, text) => {
          const response = await app.request(`/api/v1${p}`, {
            method: 'POST',
            headers: { ...admin.headers, 'Content-Type': 'application/json', 'X-Requested-With': 'fetch' },
            body: text,
          });
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(errorEnvelopeSchema.safeParse(await response.json()).success).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
