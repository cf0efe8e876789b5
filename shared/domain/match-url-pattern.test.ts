import { describe, expect, it } from 'vitest';
import { urlPatternSchema } from '../schemas/url-pattern.ts';
import { matchesAnyUrlPattern, matchUrlPattern } from './match-url-pattern.ts';

// [pattern, url, expected]: URLs are as Journey Sampler matches them, query and fragment already stripped.
const TABLE: readonly (readonly [string, string, boolean])[] = [
  // scheme
  ['https://portal.example.com/*', 'https://portal.example.com/reset', true],
  ['https://portal.example.com/*', 'http://portal.example.com/reset', false],
  ['http://portal.example.com/*', 'http://portal.example.com/', true],
  ['*://portal.example.com/*', 'http://portal.example.com/a', true],
  ['*://portal.example.com/*', 'https://portal.example.com/a', true],
  ['*://portal.example.com/*', 'ftp://portal.example.com/a', false],
  ['*://*/*', 'file:///etc/passwd', false],
  ['*://*/*', 'chrome://settings/', false],
  // host: exact, case-insensitive, international
  ['https://portal.example.com/*', 'https://PORTAL.Example.com/x', true],
  ['https://Portal.Example.COM/*', 'https://portal.example.com/x', true],
  ['https://portal.example.com/*', 'https://www.portal.example.com/x', false],
  ['https://portal.example.com/*', 'https://portal.example.com.evil.net/x', false],
  ['https://bücher.example/*', 'https://xn--bcher-kva.example/a', true],
  // host: subdomain wildcard
  ['https://*.example.com/*', 'https://example.com/', true],
  ['https://*.example.com/*', 'https://a.b.example.com/', true],
  ['https://*.example.com/*', 'https://badexample.com/', false],
  ['https://*.example.com/*', 'https://example.com.evil.net/', false],
  // host: any
  ['https://*/*', 'https://anything.example.org/x/y', true],
  ['https://*/login', 'https://idp.example.net/login', true],
  ['https://*/login', 'https://idp.example.net/logout', false],
  // ports: none in the pattern matches any; an explicit one must match
  ['https://portal.example.com/*', 'https://portal.example.com:8443/x', true],
  ['https://portal.example.com:8443/*', 'https://portal.example.com:8443/x', true],
  ['https://portal.example.com:8443/*', 'https://portal.example.com/x', false],
  ['https://portal.example.com:443/*', 'https://portal.example.com/x', true],
  ['http://localhost:3000/*', 'http://localhost:3000/app', true],
  ['http://localhost:3000/*', 'http://localhost:3001/app', false],
  ['http://127.0.0.1/*', 'http://127.0.0.1:8080/app', true],
  ['http://[::1]:8080/*', 'http://[::1]:8080/app', true],
  ['http://[::1]:8080/*', 'http://[::1]:9090/app', false],
  // path globs
  ['https://portal.example.com/reset', 'https://portal.example.com/reset', true],
  ['https://portal.example.com/reset', 'https://portal.example.com/reset/', false],
  ['https://portal.example.com/reset*', 'https://portal.example.com/reset/step/2', true],
  ['https://portal.example.com/reset/*', 'https://portal.example.com/reset', false],
  ['https://portal.example.com/*/confirm', 'https://portal.example.com/a/b/confirm', true],
  ['https://portal.example.com/*/confirm', 'https://portal.example.com/confirm', false],
  ['https://portal.example.com/a*b*c', 'https://portal.example.com/axxbyyc', true],
  ['https://portal.example.com/a*b*c', 'https://portal.example.com/axxcyyb', false],
  ['https://portal.example.com/', 'https://portal.example.com', true],
  ['https://portal.example.com/Reset', 'https://portal.example.com/reset', false],
  ['https://portal.example.com/a.b', 'https://portal.example.com/axb', false],
  ['https://portal.example.com/(x)+', 'https://portal.example.com/(x)+', true],
  ['https://portal.example.com/%20*', 'https://portal.example.com/ x', true],
  // invalid patterns and URLs match nothing
  ['portal.example.com/*', 'https://portal.example.com/', false],
  ['https://por*tal.example.com/*', 'https://portal.example.com/', false],
  ['https://portal.example.com', 'https://portal.example.com/', false],
  ['https://portal.example.com/*', 'not a url', false],
];

describe('matchUrlPattern', () => {
  it.each(TABLE)('%s against %s is %s', (pattern, url, expected) => {
    expect(matchUrlPattern(pattern, url)).toBe(expected);
  });

  it('is only ever asked about patterns the schema allows, and agrees with it on the invalid ones', () => {
    for (const [pattern] of TABLE) {
      if (!urlPatternSchema.safeParse(pattern).success) {
        expect(TABLE.filter(([p]) => p === pattern).every(([, , expected]) => !expected)).toBe(true);
      }
    }
  });
});

describe('matchesAnyUrlPattern', () => {
  it('matches when any pattern matches, and never for no patterns', () => {
    const patterns = ['https://a.example/*', 'https://*.b.example/done'];
    expect(matchesAnyUrlPattern(patterns, 'https://x.b.example/done')).toBe(true);
    expect(matchesAnyUrlPattern(patterns, 'https://x.b.example/other')).toBe(false);
    expect(matchesAnyUrlPattern([], 'https://a.example/')).toBe(false);
  });
});
