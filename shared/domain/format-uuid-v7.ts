const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * A UUIDv7 (RFC 9562) from a time and 10 random bytes, lowercase as idSchema wants: 48-bit Unix milliseconds,
 * version 7, 12 random bits, variant 10, 62 random bits. Pure: the caller brings the clock and the randomness
 * (the extension and the server each from their own platform), so both sides make ids by one rule.
 */
export const formatUuidV7 = (nowMs: number, random: Uint8Array): string => {
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
};
