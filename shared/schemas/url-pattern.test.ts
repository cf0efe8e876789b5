import { describe, expect, it } from 'vitest';
import { urlPatternSchema } from './url-pattern.ts';

describe('urlPatternSchema', () => {
  it.each(['https://portal.example.com/reset/*', 'http://localhost:8080/*', '*://*.example.com/login', 'https://*/*'])(
    'accepts %s',
    (pattern) => {
      expect(urlPatternSchema.safeParse(pattern).success).toBe(true);
    },
  );

  it.each([
    ['a file URL', 'file:///etc/passwd'],
    ['a browser page', 'chrome://settings/*'],
    ['no path', 'https://example.com'],
    ['a wildcard in the middle of a host', 'https://por*tal.example.com/*'],
    ['plain text', 'reset password page'],
  ])('rejects %s', (_name, pattern) => {
    expect(urlPatternSchema.safeParse(pattern).success).toBe(false);
  });
});
