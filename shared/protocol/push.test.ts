import { describe, expect, it } from 'vitest';
import { MAX_PUSH_RECORDS, pushRecordSchema, pushRequestSchema, pushResponseSchema } from './push.ts';
import { PROTOCOL_VERSION } from './version.ts';

const clientId = '019a0000-0000-7000-8000-000000000001';
const record = { type: 'walkthrough', data: { anything: 'is checked per record later' } };

describe('pushRequestSchema', () => {
  it('accepts a batch of records whose payloads are checked one by one later', () => {
    const parsed = pushRequestSchema.safeParse({ protocolVersion: PROTOCOL_VERSION, clientId, records: [record] });
    expect(parsed.success).toBe(true);
  });

  it('leaves a record of an unknown type to be rejected on its own, not with the whole batch', () => {
    const records = [record, { type: 'invoice', data: {} }];
    expect(pushRequestSchema.safeParse({ protocolVersion: 1, clientId, records }).success).toBe(true);
    expect(pushRecordSchema.safeParse(records[1]).success).toBe(false);
  });

  it.each([
    ['an empty batch', { protocolVersion: 1, clientId, records: [] }],
    ['a batch over the limit', { protocolVersion: 1, clientId, records: Array(MAX_PUSH_RECORDS + 1).fill(record) }],
    ['an extra top-level field', { protocolVersion: 1, clientId, records: [record], admin: true }],
    ['a client id that is not a UUIDv7', { protocolVersion: 1, clientId: 'device-1', records: [record] }],
    ['a missing protocol version', { clientId, records: [record] }],
  ])('rejects %s', (_name, body) => {
    expect(pushRequestSchema.safeParse(body).success).toBe(false);
  });
});

describe('pushResponseSchema', () => {
  it('carries a per-record answer, with a reason only where one helps', () => {
    const response = {
      protocolVersion: PROTOCOL_VERSION,
      results: [
        { id: clientId, index: 0, status: 'accepted', rev: 2 },
        { id: null, index: 1, status: 'rejected', reason: 'journeyName: too long' },
      ],
    };
    expect(pushResponseSchema.parse(response)).toEqual(response);
  });
});
