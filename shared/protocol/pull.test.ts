import { describe, expect, it } from 'vitest';
import { pullRequestSchema, pullRequestV3Schema } from './pull.ts';
import { PROTOCOL_VERSION } from './version.ts';

const clientId = '019a0000-0000-7000-8000-000000000001';

describe('pullRequestSchema', () => {
  it('takes protocol 1 without a device and protocol 2 with one, each as its own shape', () => {
    expect(pullRequestSchema.parse({ protocolVersion: 1, cursor: null })).toEqual({ protocolVersion: 1, cursor: null });
    expect(pullRequestSchema.parse({ protocolVersion: 2, clientId, cursor: 'c', limit: 5 })).toEqual({
      protocolVersion: 2,
      clientId,
      cursor: 'c',
      limit: 5,
    });
  });

  it('is what the current client sends: protocol 2', () => {
    expect(pullRequestV3Schema.shape.protocolVersion.value).toBe(PROTOCOL_VERSION);
  });

  it.each([
    ['protocol 2 without a device', { protocolVersion: 2, cursor: null }],
    ['protocol 2 with a device id that is not a UUIDv7', { protocolVersion: 2, clientId: 'device-1', cursor: null }],
    ['protocol 2 with an upper-case device id', { protocolVersion: 2, clientId: clientId.toUpperCase(), cursor: null }],
    ['protocol 1 with a device (its shape stays as it was)', { protocolVersion: 1, clientId, cursor: null }],
    ['a version neither shape knows', { protocolVersion: 4, clientId, cursor: null }],
    ['a version as text', { protocolVersion: '2', clientId, cursor: null }],
    ['an extra field', { protocolVersion: 2, clientId, cursor: null, admin: true }],
  ])('refuses %s', (_, body) => {
    expect(pullRequestSchema.safeParse(body).success).toBe(false);
  });
});
