// A period's aggregates per journey, from the rollups, or from the narrow facts when a filter cuts across the
// rollups' buckets (sampler, browser, outcome). Both give the same numbers for the same walkthroughs: the
// rollups are merged from aggregates of those very facts (store/scores/catch-up.ts).
import { aggregateFacts } from '../../shared/domain/journey-aggregate.ts';
import type { ScoresQuery } from '../../shared/protocol/scores.ts';
import type { JourneyAggregate } from '../../shared/schemas/journey-aggregate.ts';
import type { JourneyTargets } from '../../shared/schemas/journey-targets.ts';
import { weekStart } from '../store/scores/days.ts';
import { type FactRow, scoreFactsOf } from '../store/scores/facts.ts';
import type { Store } from '../store/store.ts';

export type Filters = Pick<ScoresQuery, 'samplerId' | 'browser' | 'outcome'>;

/** A sampler, browser or outcome filter: the rollups hold no such dimension, so the facts are read instead. */
export const cutsAcross = (filters: Filters): boolean =>
  filters.samplerId !== undefined || filters.browser !== undefined || filters.outcome !== undefined;

const groupBy = <K>(rows: readonly FactRow[], key: (row: FactRow) => K): Map<K, FactRow[]> => {
  const groups = new Map<K, FactRow[]>();
  for (const row of rows) {
    const group = groups.get(key(row)) ?? [];
    group.push(row);
    groups.set(key(row), group);
  }
  return groups;
};

/** Each journey's aggregate over the days, for the journeys of `targets` (a journey without targets has none). */
export async function periodAggregates(
  store: Store,
  teamId: string,
  fromDay: number,
  toDay: number,
  targets: ReadonlyMap<string, JourneyTargets>,
  filters: Filters,
): Promise<Map<string, JourneyAggregate>> {
  const journeyIds = [...targets.keys()];
  if (!cutsAcross(filters)) return store.scoreAggregates(teamId, fromDay, toDay, journeyIds);
  const rows = await store.listScoreFacts(teamId, { fromDay, toDay, journeyIds, ...filters });
  const aggregates = new Map<string, JourneyAggregate>();
  for (const [journeyId, group] of groupBy(rows, (row) => row.journey_id)) {
    const journeyTargets = targets.get(journeyId);
    const facts = scoreFactsOf(group);
    if (journeyTargets !== undefined && facts.length > 0) {
      aggregates.set(journeyId, aggregateFacts(facts, journeyTargets));
    }
  }
  return aggregates;
}

/** One journey's aggregate per week (Monday) for the weeks from `fromWeek` to `toWeek`, both Mondays. */
export async function weeklyAggregates(
  store: Store,
  teamId: string,
  targets: JourneyTargets,
  fromWeek: number,
  toWeek: number,
  filters: Filters,
): Promise<Map<number, JourneyAggregate>> {
  const { journeyId } = targets;
  if (!cutsAcross(filters)) return store.scoreWeekAggregates(teamId, journeyId, fromWeek, toWeek);
  const rows = await store.listScoreFacts(teamId, {
    fromDay: fromWeek,
    toDay: toWeek + 7,
    journeyIds: [journeyId],
    ...filters,
  });
  const weeks = new Map<number, JourneyAggregate>();
  for (const [week, group] of groupBy(rows, (row) => weekStart(row.day))) {
    const facts = scoreFactsOf(group);
    if (facts.length > 0) weeks.set(week, aggregateFacts(facts, targets));
  }
  return weeks;
}

/**
 * Each journey's count and within-target count per week (Monday) from `fromWeek` to `toWeek`: the overview's
 * sparkline. From the week rollups, or from the facts when a filter cuts across them, so the sparkline counts the
 * same walkthroughs as the scorecard beside it.
 */
export async function weekCounts(
  store: Store,
  teamId: string,
  targets: ReadonlyMap<string, JourneyTargets>,
  fromWeek: number,
  toWeek: number,
  filters: Filters,
): Promise<{ journeyId: string; weekStart: number; n: number; withinTarget: number }[]> {
  const journeyIds = [...targets.keys()];
  if (!cutsAcross(filters)) return store.scoreWeekCounts(teamId, fromWeek, toWeek, journeyIds);
  const rows = await store.listScoreFacts(teamId, { fromDay: fromWeek, toDay: toWeek + 7, journeyIds, ...filters });
  const counts = [];
  for (const [key, group] of groupBy(rows, (row) => `${row.journey_id} ${weekStart(row.day)}`)) {
    const [journeyId = '', week = ''] = key.split(' ');
    const journeyTargets = targets.get(journeyId);
    const facts = scoreFactsOf(group);
    if (journeyTargets === undefined || facts.length === 0) continue;
    const { n, withinTarget } = aggregateFacts(facts, journeyTargets);
    counts.push({ journeyId, weekStart: Number(week), n, withinTarget });
  }
  return counts;
}
