import { formatUuidV7 } from '../../shared/domain/format-uuid-v7.ts';

/**
 * A UUIDv7 from this browser's clock and randomness (crypto.randomUUID() makes v4 ids, which the schemas
 * refuse). Small and zod-free, so the content script can use it.
 */
export const uuidV7 = (
  nowMs: number = Date.now(),
  random: Uint8Array = crypto.getRandomValues(new Uint8Array(10)),
): string => formatUuidV7(nowMs, random);
