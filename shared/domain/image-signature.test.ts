import { describe, expect, it } from 'vitest';
import { ATTACHMENT_MEDIA_TYPES } from '../protocol/attachments.ts';
import { imageTypeOf } from './image-signature.ts';

const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d];

describe('imageTypeOf', () => {
  it('knows PNG and JPEG by their first bytes', () => {
    expect(imageTypeOf(new Uint8Array(PNG_HEAD))).toBe('image/png');
    expect(imageTypeOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
  });

  it('knows every attachment media type of the protocol', () => {
    const heads = { 'image/png': PNG_HEAD, 'image/jpeg': [0xff, 0xd8, 0xff, 0xdb] };
    for (const type of ATTACHMENT_MEDIA_TYPES) expect(imageTypeOf(new Uint8Array(heads[type]))).toBe(type);
  });

  it('refuses anything else, a truncated signature included', () => {
    expect(imageTypeOf(new TextEncoder().encode('<svg onload="alert(1)">'))).toBeNull();
    expect(imageTypeOf(new TextEncoder().encode('GIF89a'))).toBeNull();
    expect(imageTypeOf(new Uint8Array(PNG_HEAD.slice(0, 7)))).toBeNull();
    expect(imageTypeOf(new Uint8Array([0xff, 0xd8]))).toBeNull();
    expect(imageTypeOf(new Uint8Array())).toBeNull();
  });
});
