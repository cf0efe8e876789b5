import { describe, expect, it } from 'vitest';
import { serverUrlSchema } from './server-url.ts';

describe('serverUrlSchema', () => {
  it.each([
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['  https://journeys.example.com/  ', 'https://journeys.example.com'],
    ['https://example.com/journey-sampler//', 'https://example.com/journey-sampler'],
    ['HTTPS://Example.COM', 'https://example.com'],
  ])('accepts %j as %j', (input, expected) => {
    expect(serverUrlSchema.parse(input)).toBe(expected);
  });

  it('is idempotent, so a stored value re-parses to itself', () => {
    const once = serverUrlSchema.parse('https://example.com/base/');
    expect(serverUrlSchema.parse(once)).toBe(once);
  });

  it.each([
    ['', 'Enter the server address.'],
    ['   ', 'Enter the server address.'],
    ['example.com', 'starts with http:// or https://'],
    ['ftp://example.com', 'starts with http:// or https://'],
    ['javascript:alert(1)', 'starts with http:// or https://'],
    ['https://user:secret@example.com', 'Leave out any user name'],
    ['https://example.com/?team=1', 'Leave out any user name'],
    ['https://example.com/#x', 'Leave out any user name'],
  ])('refuses %j with a message a sampler can act on', (input, message) => {
    const result = serverUrlSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(message);
  });
});
