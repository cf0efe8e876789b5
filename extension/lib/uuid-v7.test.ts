import { describe, expect, it } from 'vitest';
import { idSchema } from '../../shared/schemas/common.ts';
import { uuidV7 } from './uuid-v7.ts';

describe('uuidV7', () => {
  it('makes ids the schemas accept (v7, lowercase)', () => {
    for (let i = 0; i < 50; i += 1) expect(idSchema.safeParse(uuidV7()).success).toBe(true);
  });

  it('puts the time first, so ids sort by creation', () => {
    const random = new Uint8Array(10).fill(0xff);
    expect(uuidV7(Date.UTC(2026, 0, 5, 9), random)).toBe('019b8d62-7a80-7fff-bfff-ffffffffffff');
    const earlier = uuidV7(1_000, new Uint8Array(10));
    const later = uuidV7(2_000, new Uint8Array(10).fill(0xff));
    expect(earlier < later).toBe(true);
  });
});
