import { describe, expect, it } from 'vitest';
import {
  createJourneyRequestSchema,
  createServiceRequestSchema,
  putTargetsRequestSchema,
  updateServiceRequestSchema,
} from './catalog.ts';

const serviceId = '019b8d62-7a81-7ca7-8000-000000000002';
const stepId = '019b8d62-7a81-7ca7-8000-000000000005';

describe('catalog request schemas', () => {
  it('fill defaults and trim names', () => {
    expect(createServiceRequestSchema.parse({ name: '  Portal ' })).toEqual({ name: 'Portal', description: '' });
    expect(createJourneyRequestSchema.parse({ serviceId, name: 'Reset', steps: [{ name: 'Open' }] }).steps).toEqual([
      { name: 'Open', urlPatterns: [] },
    ]);
    expect(putTargetsRequestSchema.parse({ rev: null, duration: { thresholdMs: 1000, share: 0.9 } })).toEqual({
      rev: null,
      // Targets from before the clock existed judge active time, as they did then.
      duration: { thresholdMs: 1000, share: 0.9, clock: 'active' },
      minSamples: 5,
    });
  });

  it.each([
    ['a server-owned field', createServiceRequestSchema, { name: 'x', teamId: serviceId }],
    ['an edit without the rev it started from', updateServiceRequestSchema, { name: 'x', description: '' }],
    ['NUL in a name', createServiceRequestSchema, { name: 'a\u0000b' }],
    ['a lone surrogate in a description', createServiceRequestSchema, { name: 'x', description: 'a\uDC00' }],
    [
      'two steps with one id',
      createJourneyRequestSchema,
      {
        serviceId,
        name: 'x',
        steps: [
          { id: stepId, name: 'a' },
          { id: stepId, name: 'b' },
        ],
      },
    ],
    ['a journey without steps', createJourneyRequestSchema, { serviceId, name: 'x', steps: [] }],
    ['targets without a rev', putTargetsRequestSchema, { duration: { thresholdMs: 1000, share: 0.9 } }],
    [
      'targets naming their journey',
      putTargetsRequestSchema,
      { rev: 1, journeyId: serviceId, duration: { thresholdMs: 1, share: 1 } },
    ],
  ])('refuse %s', (_name, schema, body) => {
    expect(schema.safeParse(body).success).toBe(false);
  });

  it('keep paired surrogates (emoji) and other Unicode', () => {
    expect(createServiceRequestSchema.parse({ name: 'Portal 🚀 — ünïcode' }).name).toBe('Portal 🚀 — ünïcode');
  });
});
