import { randomBytes } from 'node:crypto';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * A UUIDv7 (RFC 9562), lowercase as idSchema wants, for records the server creates itself (teams, users,
 * tokens). 48-bit Unix milliseconds, version 7, variant 10, 74 random bits. Server-made ids follow the same
 * rule as client-made ones, so a user id can stand as a walkthrough's samplerId.
 */
export function newId(nowMs: number = Date.now(), random: Uint8Array = randomBytes(10)): string {
  const bytes = new Uint8Array(16);
  let time = Math.max(0, Math.floor(nowMs));
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes.set(random.subarray(0, 10), 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
