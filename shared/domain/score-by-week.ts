import type { Feedback } from '../schemas/feedback.ts';
import type { IsoWeek, WeeklyScorecards } from '../schemas/scorecard.ts';
import type { Walkthrough } from '../schemas/walkthrough.ts';
import { canonicalRecords } from './canonical-records.ts';
import { isoWeek } from './iso-week.ts';
import { type ScoreJourneyInput, scoreJourney } from './score-journey.ts';

type WeekBucket = { walkthroughs: Walkthrough[]; feedback: Feedback[] };

/**
 * Trends: the journey's scorecard once per ISO week (UTC) that has any of its walkthroughs (by `startedAt`) or
 * feedback (by `createdAt`), oldest first. Weeks with nothing are left out rather than shown as zeros, because
 * "no samples" is not "scored 0"; a chart fills the gaps. Each week is scored exactly as `scoreJourney` scores
 * a whole period, including its minimum sample size, so thin weeks honestly show `not_enough_data`.
 */
export const scoreByWeek = (input: ScoreJourneyInput): WeeklyScorecards => {
  const { journeyId } = input.targets;
  const buckets = new Map<IsoWeek, WeekBucket>();
  const bucketFor = (week: IsoWeek): WeekBucket => {
    const existing = buckets.get(week);
    if (existing !== undefined) return existing;
    const created: WeekBucket = { walkthroughs: [], feedback: [] };
    buckets.set(week, created);
    return created;
  };
  const undated: WeeklyScorecards['undated'] = { walkthroughIds: [], feedbackIds: [] };

  // Deduplicated before bucketing: two revisions of one walkthrough may carry different start times.
  const walkthroughs = canonicalRecords(
    input.walkthroughs.filter((w) => w.journeyId === journeyId),
    (w) => w.rev,
  );
  for (const w of walkthroughs) {
    const week = isoWeek(w.startedAt);
    if (week === null) undated.walkthroughIds.push(w.id);
    else bucketFor(week).walkthroughs.push(w);
  }
  for (const f of canonicalRecords(input.feedback.filter((f) => f.journeyId === journeyId))) {
    const week = isoWeek(f.createdAt);
    if (week === null) undated.feedbackIds.push(f.id);
    else bucketFor(week).feedback.push(f);
  }

  const weeks = [...buckets.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([week, bucket]) => ({ week, scorecard: scoreJourney({ ...input, ...bucket }) }));
  return { journeyId, weeks, undated };
};
