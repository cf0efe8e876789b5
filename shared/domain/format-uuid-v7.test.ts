import { describe, expect, it } from 'vitest';
import { idSchema } from '../schemas/common.ts';
import { formatUuidV7 } from './format-uuid-v7.ts';

describe('formatUuidV7', () => {
  it('puts the time first, so ids sort by creation', () => {
    const random = new Uint8Array(10).fill(0xff);
    const earlier = formatUuidV7(Date.UTC(2026, 0, 5), random);
    const later = formatUuidV7(Date.UTC(2026, 0, 5) + 1, random);
    expect(earlier < later).toBe(true);
    expect(earlier.slice(0, 13)).toBe('019b8b74-1800');
  });

  it('sets the version and variant bits whatever the random bytes', () => {
    for (const fill of [0x00, 0xff, 0x5a]) {
      const id = formatUuidV7(1_700_000_000_000, new Uint8Array(10).fill(fill));
      expect(idSchema.safeParse(id).success).toBe(true);
      expect(id[14]).toBe('7');
      expect(['8', '9', 'a', 'b']).toContain(id[19]);
    }
  });
});
