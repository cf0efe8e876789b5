import { describe, expect, it } from 'vitest';
import { idSchema } from '../shared/schemas/common.ts';
import { newId } from './new-id.ts';

describe('newId', () => {
  it('makes lowercase UUIDv7s that sort by creation time', () => {
    const ids = [newId(1_000), newId(2_000), newId(3_000)];
    for (const id of ids) expect(idSchema.parse(id)).toBe(id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 100 }, () => newId(5_000))).size).toBe(100);
  });
});
