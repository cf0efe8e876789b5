import { describe, expect, it } from 'vitest';
import { makeFeedback } from '../../tests/fixtures/make-feedback.ts';
import { makeTargets } from '../../tests/fixtures/make-targets.ts';
import { makeWalkthrough } from '../../tests/fixtures/make-walkthrough.ts';
import { weeklyScorecardsSchema } from '../schemas/scorecard.ts';
import { scoreByWeek } from './score-by-week.ts';
import { scoreJourney } from './score-journey.ts';

const at = (startedAt: string, elapsedMs = 100_000) => makeWalkthrough({ startedAt, elapsedMs });

describe('scoreByWeek', () => {
  const targets = makeTargets();
  const walkthroughs = [
    at('2027-01-04T08:00:00.000Z'), // Monday: 2027-W01
    at('2026-12-31T10:00:00.000Z', 200_000), // Thursday: 2026-W53
    at('2027-01-01T10:00:00.000Z'), // Friday, new calendar year, still 2026-W53
    at('2026-11-23T09:00:00.000Z'), // 2026-W48
  ];
  const feedback = [makeFeedback({ createdAt: '2026-12-08T12:00:00.000Z' })]; // 2026-W50, no walkthroughs
  const trend = weeklyScorecardsSchema.parse(scoreByWeek({ targets, walkthroughs, feedback }));

  it('groups by ISO week of startedAt in UTC, oldest first, including weeks with only feedback', () => {
    expect(trend.weeks.map((w) => [w.week, w.scorecard.n, w.scorecard.customer.csat.n])).toEqual([
      ['2026-W48', 1, 0],
      ['2026-W50', 0, 1],
      ['2026-W53', 2, 0],
      ['2027-W01', 1, 0],
    ]);
  });

  it('scores each week exactly as scoreJourney scores that week’s records', () => {
    const week53 = trend.weeks.find((w) => w.week === '2026-W53')?.scorecard;
    const expected = scoreJourney({ targets, walkthroughs: walkthroughs.slice(1, 3), feedback: [] });
    expect(week53).toEqual(expected);
    expect(week53?.attainment).toMatchObject({ n: 2, count: 1, target: { status: 'not_enough_data' } });
  });

  it('has no weeks for no records', () => {
    expect(scoreByWeek({ targets, walkthroughs: [], feedback: [] })).toEqual({
      journeyId: targets.journeyId,
      weeks: [],
      undated: { walkthroughIds: [], feedbackIds: [] },
    });
  });

  it('lists, rather than drops, records whose timestamp cannot be read', () => {
    const undated = { ...makeWalkthrough(), startedAt: 'yesterday' };
    const result = scoreByWeek({ targets, walkthroughs: [undated], feedback: [] });
    expect(result).toMatchObject({ weeks: [], undated: { walkthroughIds: [undated.id] } });
  });
});
