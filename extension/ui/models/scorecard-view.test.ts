import { describe, expect, it } from 'vitest';
import { scoreJourney } from '../../../shared/domain/score-journey.ts';
import { makeJourney } from '../../../tests/fixtures/make-journey.ts';
import { makeTargets } from '../../../tests/fixtures/make-targets.ts';
import { makeWalkthrough } from '../../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../../../tests/fixtures/seeded-ids.ts';
import { apdexBandText, headlineView, scorecardView } from './scorecard-view.ts';

const ids = createIdGenerator(61);

/** 4 completed within 180 s, 1 completed in 400 s (tolerating), 1 abandoned: Apdex (2·4 + 1) / 12 = 0.75. */
const walkthroughs = () => [
  ...[60_000, 90_000, 120_000, 150_000].map((elapsedMs) => makeWalkthrough({ elapsedMs }, ids)),
  makeWalkthrough({ elapsedMs: 400_000, ratings: { seq: 2, ces: 3, satisfaction: 2 } }, ids),
  makeWalkthrough({ elapsedMs: 30_000, outcome: 'abandoned', ratings: {} }, ids),
];

const line = (view: ReturnType<typeof scorecardView>, label: string) => {
  const found = view.lines.find((l) => l.label === label);
  if (!found) throw new Error(`no line "${label}" in ${view.lines.map((l) => l.label).join(', ')}`);
  return found;
};

describe('scorecardView', () => {
  it('prints Apdex with its T, every score with its n, and statuses against the targets', () => {
    const targets = makeTargets();
    const scorecard = scoreJourney({ journey: makeJourney(), targets, walkthroughs: walkthroughs(), feedback: [] });
    const view = scorecardView({ journeyId: targets.journeyId, scorecard, targets, unreadable: 0 });

    expect(view.hasTargets).toBe(true);
    expect(view.n).toBe(6);
    expect(view.outcomes).toBe('5 completed · 1 abandoned · 0 failed');
    expect(line(view, 'Apdex')).toMatchObject({
      value: '0.75 [180 s]',
      detail: 'fair · T on active time',
      n: 6,
      status: null,
    });
    expect(line(view, 'Completion rate')).toMatchObject({ value: '83%', n: 6, goal: '≥ 95%', status: 'at_risk' });
    expect(line(view, 'Completed within 180 s active time')).toMatchObject({ value: '67%', n: 6, goal: '≥ 90%' });
    expect(line(view, 'SEQ mean')).toMatchObject({ value: '5.2 of 7', n: 5, goal: '≥ 5.5' });
    // No CES target in the fixture targets: the line says so rather than painting it green.
    expect(line(view, 'CES mean')).toMatchObject({ n: 5, goal: null, status: 'no_target' });
    expect(line(view, 'Typical active time')).toMatchObject({ value: '2 min 11 s', detail: 'geometric mean', n: 5 });
    expect(view.lines.every((l) => Number.isInteger(l.n))).toBe(true);
    expect(view.steps.map((s) => [s.name, s.n])).toEqual([
      ['Open the portal', 5],
      ['Verify identity', 5],
      ['Set a new password', 5],
    ]);
  });

  it('without targets shows numbers only: no statuses, no goals, and no attainment or Apdex', () => {
    const targets = makeTargets();
    const scorecard = scoreJourney({ targets, walkthroughs: walkthroughs(), feedback: [] });
    const view = scorecardView({ journeyId: targets.journeyId, scorecard, targets: null, unreadable: 2 });

    expect(view.hasTargets).toBe(false);
    expect(view.lines.map((l) => l.label)).toEqual([
      'Completion rate',
      'Typical active time',
      'Active time, 90th percentile',
      'CSAT (satisfaction 4–5)',
      'SEQ mean',
      'CES mean',
    ]);
    expect(view.lines.every((l) => l.status === null && l.goal === null)).toBe(true);
    expect(view.leftOut).toBe(2);
  });

  it('shows a dash, with n = 0, when there is nothing to score', () => {
    const targets = makeTargets();
    const scorecard = scoreJourney({ targets, walkthroughs: [], feedback: [] });
    const view = scorecardView({ journeyId: targets.journeyId, scorecard, targets, unreadable: 0 });
    // Below the minimum n the band says so, in words, rather than a grade one walkthrough cannot earn.
    expect(line(view, 'Apdex')).toMatchObject({
      value: '— [180 s]',
      detail: 'not enough data · T on active time',
      n: 0,
    });
    expect(line(view, 'Completion rate')).toMatchObject({ value: '—', n: 0, status: 'not_enough_data' });
  });

  it('sums a journey up in its headline numbers, attainment with its status and Apdex with T and band', () => {
    const targets = makeTargets();
    const scorecard = scoreJourney({ targets, walkthroughs: walkthroughs(), feedback: [] });
    expect(
      headlineView('Reset my password', { journeyId: targets.journeyId, scorecard, targets, unreadable: 0 }),
    ).toEqual({
      journeyId: targets.journeyId,
      name: 'Reset my password',
      n: 6,
      completion: '83%',
      attainment: {
        label: 'Completed within 180 s active time',
        value: '67%',
        status: scorecard.attainment.target.status,
      },
      apdex: '0.75 [180 s] · fair',
      typical: '2 min 11 s',
      clock: 'active time',
    });
    const withoutTargets = headlineView('Reset', {
      journeyId: targets.journeyId,
      scorecard,
      targets: null,
      unreadable: 0,
    });
    expect(withoutTargets).toMatchObject({ attainment: null, apdex: null, completion: '83%' });
  });

  it('names the elapsed clock wherever a journey’s duration target judges elapsed time', () => {
    const targets = makeTargets({ duration: { thresholdMs: 180_000, share: 0.9, clock: 'elapsed' } });
    const scorecard = scoreJourney({ targets, walkthroughs: walkthroughs(), feedback: [] });
    const view = scorecardView({ journeyId: targets.journeyId, scorecard, targets, unreadable: 0 });
    expect(view.lines.map((l) => l.label)).toEqual(
      expect.arrayContaining([
        'Completed within 180 s elapsed time',
        'Typical elapsed time',
        'Elapsed time, 90th percentile',
      ]),
    );
    expect(line(view, 'Apdex').detail).toBe('fair · T on elapsed time');
    expect(headlineView('Reset', { journeyId: targets.journeyId, scorecard, targets, unreadable: 0 }).clock).toBe(
      'elapsed time',
    );
  });

  it('says every Apdex band in words, "not enough data" included', () => {
    expect(['excellent', 'unacceptable', 'not_enough_data'].map(apdexBandText)).toEqual([
      'excellent',
      'unacceptable',
      'not enough data',
    ]);
  });
});
