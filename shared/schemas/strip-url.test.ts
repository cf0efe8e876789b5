import { describe, expect, it } from 'vitest';
import { toPageUrl } from './page-url.ts';
import { stripUrl } from './strip-url.ts';

describe('stripUrl', () => {
  it('removes query, fragment and credentials, like toPageUrl', () => {
    for (const href of [
      'https://portal.example.com/reset?email=a@b.c#step2',
      'http://user:pw@127.0.0.1:8080/form.html?ref=home',
      'https://portal.example.com/',
      'https://PORTAL.example.com/Path/',
    ]) {
      expect(stripUrl(href), href).toBe(toPageUrl(href));
    }
    expect(stripUrl('https://portal.example.com/reset?email=a@b.c#step2')).toBe('https://portal.example.com/reset');
  });

  it('is null for what is not an http(s) address', () => {
    expect(stripUrl('about:blank')).toBeNull();
    expect(stripUrl('chrome-extension://abc/sidepanel.html')).toBeNull();
    expect(stripUrl('not a url')).toBeNull();
  });
});
