import { describe, expect, it } from 'vitest';
import { isOtherSchemaVanished } from './migrate.ts';

// What PostgreSQL (through pg) throws when Kysely's catalog read meets a schema dropped meanwhile.
const vanished = (schema: string) =>
  Object.assign(new Error(`schema "${schema}" does not exist`), { code: '3F000', routine: 'get_namespace_oid' });

describe('isOtherSchemaVanished', () => {
  it('retries when another schema vanished under the catalog read', () => {
    expect(isOtherSchemaVanished(vanished('tenant_b'), 'tenant_a')).toBe(true);
  });

  it('does not retry when our own schema is the one missing: that is a configuration error', () => {
    expect(isOtherSchemaVanished(vanished('tenant_a'), 'tenant_a')).toBe(false);
  });

  it('does not retry any other failure', () => {
    expect(isOtherSchemaVanished(Object.assign(new Error('syntax error'), { code: '42601' }), 'tenant_a')).toBe(false);
    expect(isOtherSchemaVanished(new Error('schema "x" does not exist'), 'tenant_a')).toBe(false);
    expect(isOtherSchemaVanished(undefined, 'tenant_a')).toBe(false);
  });
});
