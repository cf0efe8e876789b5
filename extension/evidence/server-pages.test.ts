import { describe, expect, it } from 'vitest';
import { matchesAnyUrlPattern } from '../../shared/domain/match-url-pattern.ts';
import { serverPagePatterns } from './server-pages.ts';

describe('serverPagePatterns', () => {
  it("excludes only the server's own port where patterns can name one (Chromium)", () => {
    const patterns = serverPagePatterns('http://127.0.0.1:8787', { portInPattern: true });
    expect(patterns).toEqual(['http://127.0.0.1:8787/*']);
    expect(matchesAnyUrlPattern(patterns, 'http://127.0.0.1:8787/pair')).toBe(true);
    expect(matchesAnyUrlPattern(patterns, 'http://127.0.0.1:8787/')).toBe(true);
    // A portal under test on another port of the same host is still a journey's site.
    expect(matchesAnyUrlPattern(patterns, 'http://127.0.0.1:9000/form.html')).toBe(false);
  });

  it('excludes the whole host where they cannot (Firefox), and only a path prefix when the server has one', () => {
    expect(serverPagePatterns('http://127.0.0.1:8787', { portInPattern: false })).toEqual(['http://127.0.0.1/*']);
    const prefixed = serverPagePatterns('https://tools.example.com/journeys', { portInPattern: true });
    expect(prefixed).toEqual(['https://tools.example.com/journeys', 'https://tools.example.com/journeys/*']);
    expect(matchesAnyUrlPattern(prefixed, 'https://tools.example.com/journeys')).toBe(true);
    expect(matchesAnyUrlPattern(prefixed, 'https://tools.example.com/journeys/pair')).toBe(true);
    expect(matchesAnyUrlPattern(prefixed, 'https://tools.example.com/wiki/reset')).toBe(false);
  });
});
