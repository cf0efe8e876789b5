import { describe, expect, it } from 'vitest';
import { pageUrlSchema, toPageUrl } from './page-url.ts';

describe('toPageUrl', () => {
  it.each([
    ['https://portal.example.com/reset?email=a@b.c#step2', 'https://portal.example.com/reset'],
    ['http://localhost:8080/a/b/?q=1', 'http://localhost:8080/a/b/'],
    ['https://user:secret@portal.example.com/x', 'https://portal.example.com/x'],
  ])('keeps %s as %s', (href, expected) => {
    expect(toPageUrl(href)).toBe(expected);
    expect(pageUrlSchema.parse(expected)).toBe(expected);
  });

  it.each(['chrome://settings/', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url'])('refuses %s', (href) => {
    expect(toPageUrl(href)).toBeNull();
  });
});
