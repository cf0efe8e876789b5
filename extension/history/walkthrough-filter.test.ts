import { describe, expect, it } from 'vitest';
import { makeWalkthrough } from '../../tests/fixtures/make-walkthrough.ts';
import { matchesTerms, searchableText, searchTerms, startedAtRange } from './walkthrough-filter.ts';

describe('startedAtRange', () => {
  it('is null without dates', () => {
    expect(startedAtRange({ from: '', to: '' })).toBeNull();
  });

  it('covers whole local days, both ends included, as a half-open range of ISO instants', () => {
    const range = startedAtRange({ from: '2026-01-04', to: '2026-01-06' });
    expect(range).toEqual({
      lower: new Date(2026, 0, 4).toISOString(),
      upper: new Date(2026, 0, 7).toISOString(),
    });
  });

  it('leaves an end open when it is not set or not a date', () => {
    expect(startedAtRange({ from: '2026-01-04', to: '' })).toEqual({
      lower: new Date(2026, 0, 4).toISOString(),
      upper: '9',
    });
    expect(startedAtRange({ from: 'soon', to: '2026-01-06' })?.lower).toBe('0');
  });
});

describe('text search', () => {
  const walkthrough = makeWalkthrough({
    journeyName: 'Reset my password',
    notes: [{ id: '019b8d62-7a81-7001-8000-0000000000aa', atMs: 1, text: 'Cookie banner twice' }],
    painPoints: [
      { id: '019b8d62-7a81-7001-8000-0000000000ab', atMs: 2, severity: 'major', text: 'Captcha unreadable' },
    ],
    ratings: { seq: 3, comment: 'Far too many STEPS' },
    outcome: 'failed',
    outcomeReason: 'Portal down',
  });

  it('splits the text into lower-cased words', () => {
    expect(searchTerms('  Cookie   BANNER ')).toEqual(['cookie', 'banner']);
    expect(searchTerms('   ')).toEqual([]);
  });

  it('looks in the journey name, notes, pain points, comment and outcome reason, ignoring case', () => {
    for (const text of ['password', 'cookie', 'captcha', 'many steps', 'portal down']) {
      expect(matchesTerms(walkthrough, searchTerms(text)), text).toBe(true);
    }
  });

  it('needs every word to occur somewhere', () => {
    expect(matchesTerms(walkthrough, searchTerms('cookie captcha'))).toBe(true);
    expect(matchesTerms(walkthrough, searchTerms('cookie laptop'))).toBe(false);
  });

  it('reads rows that do not parse without throwing', () => {
    expect(searchableText(null)).toBe('');
    expect(searchableText({ journeyName: 'Old', notes: 'not a list', ratings: 5 })).toBe('old');
  });
});
