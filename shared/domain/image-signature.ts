/**
 * The image types known by their signature: the attachment media types of shared/protocol/attachments.ts
 * (image-signature.test.ts checks that every one of those has a signature here).
 */
export type SignedImageType = 'image/png' | 'image/jpeg';

/** The first bytes of every file of each type (PNG: the 8-byte signature; JPEG: SOI and the first marker's 0xFF). */
const SIGNATURES: readonly (readonly [SignedImageType, readonly number[]])[] = [
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
];

/** The longest signature: a first chunk at least this long (or the whole file) can be judged. */
export const LONGEST_SIGNATURE_BYTES = Math.max(...SIGNATURES.map(([, signature]) => signature.length));

/**
 * What the bytes say they are, by their signature ("magic bytes"), or null. A declared type is only a claim:
 * the server keeps and serves a file as an image, and the extension stores a downloaded one, only when its first
 * bytes agree, so nothing else can pass under an image type and later be handed to a browser.
 */
export function imageTypeOf(head: Uint8Array): SignedImageType | null {
  for (const [type, signature] of SIGNATURES) {
    if (head.length >= signature.length && signature.every((byte, i) => head[i] === byte)) return type;
  }
  return null;
}
