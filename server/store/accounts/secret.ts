import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits: far beyond guessing, online or offline. */
export const SECRET_BYTES = 32;

/** A fresh random secret (token body, session id, sign-in code): 32 bytes from the OS CSPRNG, base64url. */
export const newSecret = (): string => randomBytes(SECRET_BYTES).toString('base64url');

/**
 * What the database keeps instead of a secret: its SHA-256, hex. A fast hash is the right tool here, unlike for
 * passwords: these secrets are 256 random bits, so there is no dictionary to try and no way to brute-force the
 * preimage however fast the hash is; a slow KDF (bcrypt, scrypt, argon2) would only make every API request pay
 * for a defence that buys nothing. A leaked database therefore yields no usable token, session or code.
 * Unsalted on purpose: the hash must be computable from the presented secret alone so it can be looked up by
 * index, and salting guards against precomputation, which 2^256 inputs already rule out.
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * Constant-time equality of two hex digests. The row was found by an index lookup on the digest, which already
 * implies equality; comparing again without early exit costs nothing and keeps the check honest should the
 * lookup ever change (a prefix index, a case-insensitive collation).
 */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
