import { csatScoreOfCounts } from '../../shared/domain/csat-score.ts';
import { emptyAggregate } from '../../shared/domain/journey-aggregate.ts';
import { proportionScore } from '../../shared/domain/proportion-score.ts';
import { scoreAggregate } from '../../shared/domain/score-aggregate.ts';
import { dayToIso, weekStart } from '../../shared/domain/score-days.ts';
import {
  type ScorecardCore,
  type ScoresOverview,
  type ScoresQuery,
  SPARKLINE_WEEKS,
} from '../../shared/protocol/scores.ts';
import type { JourneyAggregate } from '../../shared/schemas/journey-aggregate.ts';
import type { JourneyTargets } from '../../shared/schemas/journey-targets.ts';
import type { Store } from '../store/store.ts';
import { periodAggregates, sourceOf, weekCounts } from './aggregates.ts';
import { periodDays } from './period.ts';

/**
 * A journey's scorecard core from its aggregate and its customers' ratings: shared/domain's scoreAggregate,
 * the same engine as the extension's local scorecard, plus the customer's CSAT from the widget's ratings.
 */
export function scorecardOf(
  journeyId: string,
  aggregate: JourneyAggregate | undefined,
  targets: JourneyTargets,
  customerCounts: readonly number[] | undefined,
): ScorecardCore {
  const core = scoreAggregate({ journeyId, aggregate: aggregate ?? emptyAggregate(), targets });
  const customer = {
    csat: csatScoreOfCounts({
      counts: customerCounts ?? [0, 0, 0, 0, 0],
      goal: targets.csat,
      minSamples: targets.minSamples,
    }),
  };
  return { ...core, customer };
}

/** The overview answer: one scorecard per journey, grouped by service, with a 12-week attainment sparkline. */
export async function scoresOverview(
  store: Store,
  teamId: string,
  query: ScoresQuery,
  now: Date,
): Promise<ScoresOverview> {
  const asOfChangeSeq = await store.catchUpScores(teamId);
  const { fromDay, toDay, period } = periodDays(query, now);
  const [services, journeys, allTargets] = await Promise.all([
    store.listServices(teamId),
    store.listJourneys(teamId),
    store.listJourneyTargets(teamId),
  ]);
  const shown = journeys.filter(
    (j) =>
      (query.serviceId === undefined || j.serviceId === query.serviceId) &&
      (query.journeyId === undefined || j.id === query.journeyId),
  );
  const shownIds = new Set(shown.map((j) => j.id));
  const targets = new Map(allTargets.filter((t) => shownIds.has(t.journeyId)).map((t) => [t.journeyId, t]));
  const journeyIds = [...targets.keys()];

  // Only the judged clock: a scorecard core shows the target's clock alone (scoreAggregate's duration).
  const aggregates = await periodAggregates(store, teamId, fromDay, toDay, targets, query, 'judged');
  const customer = await store.customerRatingCounts(teamId, fromDay, toDay, journeyIds);
  const lastWeek = weekStart(toDay - 1);
  const firstWeek = lastWeek - 7 * (SPARKLINE_WEEKS - 1);
  const counts = await weekCounts(store, teamId, targets, firstWeek, lastWeek, query);
  const sparklines = new Map<string, Map<number, { n: number; withinTarget: number }>>();
  for (const week of counts) {
    const weeks = sparklines.get(week.journeyId) ?? new Map();
    weeks.set(week.weekStart, week);
    sparklines.set(week.journeyId, weeks);
  }

  const answer: ScoresOverview['services'] = [];
  for (const service of services) {
    const serviceJourneys = shown.filter((j) => j.serviceId === service.id);
    if (serviceJourneys.length === 0) continue;
    answer.push({
      service: { id: service.id, name: service.name, archived: service.archived },
      journeys: serviceJourneys.map((journey) => {
        const journeyTargets = targets.get(journey.id);
        return {
          journey: { id: journey.id, name: journey.name, archived: journey.archived },
          scorecard:
            journeyTargets === undefined
              ? null
              : scorecardOf(journey.id, aggregates.get(journey.id), journeyTargets, customer.get(journey.id)),
          sparkline:
            journeyTargets === undefined
              ? []
              : Array.from({ length: SPARKLINE_WEEKS }, (_, i) => {
                  const start = firstWeek + 7 * i;
                  const week = sparklines.get(journey.id)?.get(start);
                  return {
                    weekStart: dayToIso(start),
                    attainment: proportionScore(week?.withinTarget ?? 0, week?.n ?? 0),
                  };
                }),
        };
      }),
    });
  }
  return {
    period,
    freshness: {
      asOfChangeSeq,
      computedAt: now.toISOString(),
      source: sourceOf(query),
    },
    services: answer,
  };
}
