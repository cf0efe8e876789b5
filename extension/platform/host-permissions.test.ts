import { describe, expect, it } from 'vitest';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import { originsFor } from './host-permissions.ts';

const ids = createIdGenerator(0x0e);
const journeyWith = (...patterns: string[][]) =>
  makeJourney({ steps: patterns.map((urlPatterns, i) => ({ id: ids(), name: `Step ${i + 1}`, urlPatterns })) });

describe('originsFor', () => {
  it('asks for each scheme and host of the steps’ patterns once, any path', () => {
    expect(
      originsFor(
        journeyWith(
          ['https://portal.example.com/reset/*', 'https://portal.example.com/done'],
          ['https://approvals.example.net/requests/*'],
          [],
        ),
      ),
    ).toEqual(['https://approvals.example.net/*', 'https://portal.example.com/*']);
  });

  it('keeps wildcard schemes and subdomains, and drops ports (match patterns cannot name one)', () => {
    expect(
      originsFor(journeyWith(['*://*.example.com/app/*'], ['http://127.0.0.1:8080/form*'], ['http://[::1]:3000/x'])),
    ).toEqual(['*://*.example.com/*', 'http://127.0.0.1/*', 'http://[::1]/*']);
  });

  it('passes an any-host pattern through: the journey says it goes anywhere, the prompt says so', () => {
    expect(originsFor(journeyWith(['https://*/login']))).toEqual(['https://*/*']);
  });

  it('asks for nothing when no step has a pattern (marking by hand needs no access)', () => {
    expect(originsFor(journeyWith([]))).toEqual([]);
    expect(originsFor({ steps: [] })).toEqual([]);
  });
});
