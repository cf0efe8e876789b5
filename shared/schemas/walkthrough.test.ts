import { describe, expect, it } from 'vitest';
import { makePause, makeStepMark, makeWalkthrough } from '../../tests/fixtures/make-walkthrough.ts';
import { MAX_STEP_MARKS, type Walkthrough, walkthroughSchema } from './walkthrough.ts';

const valid = makeWalkthrough({ elapsedMs: 60_000, pauses: [makePause({ startMs: 5_000, endMs: 15_000 })] });

const problemPaths = (w: unknown): string[] => {
  const parsed = walkthroughSchema.safeParse(w);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('walkthroughSchema', () => {
  it('round-trips a full walkthrough unchanged', () => {
    expect(walkthroughSchema.parse(structuredClone(valid))).toEqual(valid);
  });

  it.each<[string, Partial<Walkthrough>, string]>([
    ['a pause that ends after the walkthrough', { pauses: [makePause({ startMs: 50_000, endMs: 70_000 })] }, 'pauses'],
    [
      'overlapping pauses',
      { pauses: [makePause({ startMs: 0, endMs: 20_000 }), makePause({ startMs: 10_000, endMs: 30_000 })] },
      'pauses',
    ],
    [
      'step marks out of order',
      { stepMarks: [makeStepMark({ atMs: 30_000 }), makeStepMark({ atMs: 10_000 })] },
      'stepMarks',
    ],
    ['a step mark after the end', { stepMarks: [makeStepMark({ atMs: 60_001 })] }, 'stepMarks'],
    [
      'a pain point after the end',
      { painPoints: [{ id: valid.id, atMs: 61_000, severity: 'minor', text: 'slow' }] },
      'painPoints',
    ],
    [
      'a page visit after the end',
      { pages: [{ id: valid.id, url: 'https://portal.example.com/x', atMs: 60_001, timings: {} }] },
      'pages',
    ],
    [
      'a page address with a query string',
      { pages: [{ id: valid.id, url: 'https://portal.example.com/x?token=1', atMs: 1, timings: {} }] },
      'pages.0.url',
    ],
    ['an end before the start', { endedAt: '2020-01-01T00:00:00.000Z' }, 'endedAt'],
    ['a failed walkthrough without a reason', { outcome: 'failed' }, 'outcomeReason'],
    ['an SEQ rating of 8', { ratings: { seq: 8 } }, 'ratings.seq'],
    ['a satisfaction rating of 0', { ratings: { satisfaction: 0 } }, 'ratings.satisfaction'],
    ['a negative duration', { elapsedMs: -1 }, 'elapsedMs'],
    ['a wall time without a UTC offset', { startedAt: '2026-11-25 10:00' }, 'startedAt'],
    ['an unknown outcome', { outcome: 'gave-up' as Walkthrough['outcome'] }, 'outcome'],
  ])('rejects %s', (_name, override, path) => {
    expect(problemPaths({ ...valid, ...override })).toContain(path);
  });

  it('fills evidence lists a client without site access left out', () => {
    const { pages: _pages, interruptions: _interruptions, ...withoutEvidence } = valid;
    expect(walkthroughSchema.parse(withoutEvidence)).toMatchObject({ pages: [], interruptions: [] });
  });

  it('rejects fields it does not know, so nothing unvalidated is stored', () => {
    expect(problemPaths({ ...valid, isAdmin: true })).toContain('');
  });

  it('bounds the number of step marks', () => {
    const stepMarks = Array.from({ length: MAX_STEP_MARKS + 1 }, () => makeStepMark({ atMs: 0 }));
    expect(problemPaths({ ...valid, stepMarks })).toContain('stepMarks');
  });
});
