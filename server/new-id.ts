import { randomBytes } from 'node:crypto';
import { formatUuidV7 } from '../shared/domain/format-uuid-v7.ts';

/**
 * A UUIDv7 for records the server creates itself (teams, users, tokens). Same rule as client-made ids, so a
 * user id can stand as a walkthrough's samplerId.
 */
export function newId(nowMs: number = Date.now(), random: Uint8Array = randomBytes(10)): string {
  return formatUuidV7(nowMs, random);
}
