import { canonicalRecords } from '../../shared/domain/canonical-records.ts';
import { emptyAggregate } from '../../shared/domain/journey-aggregate.ts';
import { measureWalkthroughs } from '../../shared/domain/measure-walkthroughs.ts';
import { meanSamplesStillNeeded, samplesStillNeeded } from '../../shared/domain/samples-still-needed.ts';
import { durationSummary, scoreAggregate } from '../../shared/domain/score-aggregate.ts';
import { dayToIso, weekStart } from '../../shared/domain/score-days.ts';
import { stepBreakdown } from '../../shared/domain/step-breakdown.ts';
import type { ScoresJourney, ScoresQuery } from '../../shared/protocol/scores.ts';
import type { Journey } from '../../shared/schemas/journey.ts';
import type { JourneyTargets } from '../../shared/schemas/journey-targets.ts';
import type { Store } from '../store/store.ts';
import { periodAggregates, sourceOf, weeklyAggregates } from './aggregates.ts';
import { scorecardOf } from './overview.ts';
import { dayStartIso, periodDays } from './period.ts';
import { NO_PAGES, stepKey, stepPageTimings } from './step-page-timings.ts';

/**
 * The step breakdown reads the walkthroughs themselves (marks, pain points, pages): the newest this many of the
 * period, so a journey answer over two years costs what one over a busy month does. The answer says how many
 * it read of how many (`steps.basedOn`).
 */
export const STEP_SAMPLE_LIMIT = 500;
/** Customer ratings read for the per-step customer CSAT, newest first. */
export const STEP_FEEDBACK_LIMIT = 5000;

/** What a journey answer needs that the route looks up first (404 when missing). */
export type JourneyInput = { readonly journey: Journey; readonly targets: JourneyTargets };

/** The journey answer: scorecard, both clocks, weekly trends, steps, and what would settle each at-risk target. */
export async function scoresJourney(
  store: Store,
  teamId: string,
  { journey, targets }: JourneyInput,
  query: ScoresQuery,
  now: Date,
): Promise<ScoresJourney> {
  const asOfChangeSeq = await store.catchUpScores(teamId);
  const { fromDay, toDay, period } = periodDays(query, now);
  const fromIso = dayStartIso(fromDay);
  const toIso = dayStartIso(toDay);
  const journeyId = journey.id;
  const byJourney = new Map([[journeyId, targets]]);

  const aggregate = (await periodAggregates(store, teamId, fromDay, toDay, byJourney, query)).get(journeyId);
  const customer = (await store.customerRatingCounts(teamId, fromDay, toDay, [journeyId])).get(journeyId);
  const scorecard = scorecardOf(journeyId, aggregate, targets, customer);
  const both = aggregate ?? emptyAggregate();
  const durations = { active: durationSummary(both, 'active'), elapsed: durationSummary(both, 'elapsed') };

  const firstWeek = weekStart(fromDay);
  const lastWeek = weekStart(toDay - 1);
  const weekly = await weeklyAggregates(store, teamId, targets, firstWeek, lastWeek, query);
  const weeks: ScoresJourney['weeks'] = [];
  for (let start = firstWeek; start <= lastWeek; start += 7) {
    const week = scoreAggregate({ journeyId, aggregate: weekly.get(start) ?? emptyAggregate(), targets });
    const { n, count, value, interval } = week.attainment;
    weeks.push({
      weekStart: dayToIso(start),
      n: week.n,
      attainment: { n, count, value, interval },
      p50Ms: week.duration.p50Ms,
      p90Ms: week.duration.p90Ms,
      precision: week.duration.precision,
      csat: week.csat,
      seq: week.seq,
      ces: {
        n: week.ces.n,
        mean: week.ces.mean,
        sd: week.ces.sd,
        interval: week.ces.interval,
        target: week.ces.target,
      },
    });
  }

  const recent = await store.journeyStepSample(teamId, {
    journeyId,
    fromIso,
    toIso,
    samplerId: query.samplerId,
    browser: query.browser,
    outcome: query.outcome,
    limit: STEP_SAMPLE_LIMIT,
  });
  // In the engine's canonical order (by id), so the lists come out as the extension's scorecard lists them.
  const { measured } = measureWalkthroughs(canonicalRecords(recent.walkthroughs, (w) => w.rev));
  const feedback = await store.recentJourneyFeedback(teamId, journeyId, fromIso, toIso, STEP_FEEDBACK_LIMIT);
  const breakdown = stepBreakdown({
    journey,
    measured,
    feedback,
    csatGoal: targets.csat,
    minSamples: targets.minSamples,
  });
  const timings = stepPageTimings(measured);

  return {
    period,
    freshness: { asOfChangeSeq, computedAt: now.toISOString(), source: sourceOf(query) },
    journey: { id: journey.id, name: journey.name, archived: journey.archived, serviceId: journey.serviceId },
    targets,
    scorecard,
    durations,
    weeks,
    steps: {
      basedOn: {
        walkthroughs: recent.walkthroughs.length,
        of: recent.total,
        exact: recent.walkthroughs.length === recent.total,
      },
      steps: breakdown.steps.map((step) => ({
        ...step,
        pageTimings: timings.get(stepKey(step.stepId, step.name)) ?? NO_PAGES,
      })),
      unmarked: breakdown.unmarked,
    },
    samplesNeeded: samplesNeededOf(scorecard),
  };
}

/** For every target at risk, how many more walkthroughs (or ratings) at the observed rate would settle it. */
function samplesNeededOf(scorecard: ScoresJourney['scorecard']): ScoresJourney['samplesNeeded'] {
  const { minSamples } = scorecard;
  const needed: ScoresJourney['samplesNeeded'] = [];
  const proportions = [
    ['completion', scorecard.completion],
    ['attainment', scorecard.attainment],
    ['csat', scorecard.csat],
  ] as const;
  for (const [target, score] of proportions) {
    if (score.target.status !== 'at_risk' || score.target.goal === null) continue;
    needed.push({
      target,
      status: score.target.status,
      needed: samplesStillNeeded({ count: score.count, n: score.n, goal: score.target.goal, minSamples }),
    });
  }
  for (const [target, score] of [
    ['seq', scorecard.seq],
    ['ces', scorecard.ces],
  ] as const) {
    if (score.target.status !== 'at_risk' || score.target.goal === null || score.mean === null) continue;
    needed.push({
      target,
      status: score.target.status,
      needed: meanSamplesStillNeeded({
        mean: score.mean,
        sd: score.sd ?? 0,
        n: score.n,
        goal: score.target.goal,
        minSamples,
      }),
    });
  }
  return needed;
}
