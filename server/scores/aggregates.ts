// A period's aggregates per journey: from the rollups; from one slice's rollups (plus the facts of the period's
// ragged ends) when the only filter is one sampler or one browser; or from the narrow facts when filters combine
// or name an outcome. All three give the same numbers for the same walkthroughs: every rollup is merged from
// aggregates of those very facts (store/scores/catch-up.ts, slices.ts), and merging is exact.
import { aggregateFacts } from '../../shared/domain/journey-aggregate.ts';
import { mergeAggregatesInBulk } from '../../shared/domain/merge-in-bulk.ts';
import { weekStart } from '../../shared/domain/score-days.ts';
import type { ScoresOverview, ScoresQuery } from '../../shared/protocol/scores.ts';
import type { JourneyAggregate } from '../../shared/schemas/journey-aggregate.ts';
import type { JourneyTargets } from '../../shared/schemas/journey-targets.ts';
import type { PeriodFact, ScoreSlice } from '../store/queries/scores.ts';
import type { Store } from '../store/store.ts';

export type Filters = Pick<ScoresQuery, 'samplerId' | 'browser' | 'outcome'>;

/** The one slice a query's filters name, when that is all they name; else undefined. */
export const sliceOf = (filters: Filters): ScoreSlice | undefined => {
  if (filters.outcome !== undefined) return undefined;
  if (filters.samplerId !== undefined && filters.browser === undefined) {
    return { kind: 'sampler', value: filters.samplerId };
  }
  if (filters.browser !== undefined && filters.samplerId === undefined) {
    return { kind: 'browser', value: filters.browser };
  }
  return undefined;
};

/** Where an answer's numbers are counted from (its `freshness.source`). */
export const sourceOf = (filters: Filters): ScoresOverview['freshness']['source'] => {
  if (sliceOf(filters) !== undefined) return 'slices';
  const any = filters.samplerId !== undefined || filters.browser !== undefined || filters.outcome !== undefined;
  return any ? 'facts' : 'rollups';
};

const groupBy = <K>(rows: readonly PeriodFact[], key: (row: PeriodFact) => K): Map<K, PeriodFact[]> => {
  const groups = new Map<K, PeriodFact[]>();
  for (const row of rows) {
    const group = groups.get(key(row)) ?? [];
    group.push(row);
    groups.set(key(row), group);
  }
  return groups;
};

/** The facts' aggregate per journey (a journey without targets, or without a measurable fact, has none). */
function aggregatesOfFacts(
  rows: readonly PeriodFact[],
  targets: ReadonlyMap<string, JourneyTargets>,
): Map<string, JourneyAggregate> {
  const aggregates = new Map<string, JourneyAggregate>();
  for (const [journeyId, group] of groupBy(rows, (row) => row.journeyId)) {
    const journeyTargets = targets.get(journeyId);
    if (journeyTargets !== undefined) {
      aggregates.set(
        journeyId,
        aggregateFacts(
          group.map((row) => row.fact),
          journeyTargets,
        ),
      );
    }
  }
  return aggregates;
}

/**
 * Each journey's aggregate over the days, for the journeys of `targets` (a journey without targets has none).
 * `durations`: 'judged' when the answer shows only the clock the duration target judges (the overview's
 * scorecards): merged rollups then carry that clock's sketch only, the other empty (half the merging saved).
 */
export async function periodAggregates(
  store: Store,
  teamId: string,
  fromDay: number,
  toDay: number,
  targets: ReadonlyMap<string, JourneyTargets>,
  filters: Filters,
  durations: 'both' | 'judged' = 'both',
): Promise<Map<string, JourneyAggregate>> {
  const journeyIds = [...targets.keys()];
  const source = sourceOf(filters);
  const clocks =
    durations === 'judged'
      ? new Map([...targets].map(([journeyId, t]) => [journeyId, t.duration.clock] as const))
      : undefined;
  if (source === 'rollups') return store.scoreAggregates(teamId, fromDay, toDay, journeyIds, clocks);
  const slice = sliceOf(filters);
  if (slice === undefined) {
    const rows = await store.listScoreFacts(teamId, { fromDay, toDay, journeyIds, ...filters });
    return aggregatesOfFacts(rows, targets);
  }
  const { parts, edges } = await store.scoreSliceParts(teamId, slice, fromDay, toDay, journeyIds);
  for (const [from, to] of edges) {
    const rows = await store.listScoreFacts(teamId, { fromDay: from, toDay: to, journeyIds, ...filters });
    for (const [journeyId, aggregate] of aggregatesOfFacts(rows, targets)) {
      parts.set(journeyId, [...(parts.get(journeyId) ?? []), aggregate]);
    }
  }
  return new Map(
    [...parts].map(([journeyId, list]) => [journeyId, mergeAggregatesInBulk(list, clocks?.get(journeyId))]),
  );
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
  const source = sourceOf(filters);
  if (source === 'rollups') return store.scoreWeekAggregates(teamId, journeyId, fromWeek, toWeek);
  const slice = sliceOf(filters);
  const sliceWeeks =
    slice === undefined ? null : await store.scoreSliceWeeks(teamId, slice, fromWeek, toWeek, [journeyId]);
  if (sliceWeeks !== null) return new Map(sliceWeeks.map((week) => [week.weekStart, week.aggregate()]));
  const rows = await store.listScoreFacts(teamId, {
    fromDay: fromWeek,
    toDay: toWeek + 7,
    journeyIds: [journeyId],
    ...filters,
  });
  const weeks = new Map<number, JourneyAggregate>();
  for (const [week, group] of groupBy(rows, (row) => weekStart(row.day))) {
    weeks.set(
      week,
      aggregateFacts(
        group.map((row) => row.fact),
        targets,
      ),
    );
  }
  return weeks;
}

/**
 * Each journey's count and within-target count per week (Monday) from `fromWeek` to `toWeek`: the overview's
 * sparkline. From the week rollups (of the browser, when one is filtered), or from the facts (a sampler's slice
 * keeps no weeks; filters that combine), so the sparkline counts the same walkthroughs as the scorecard beside it.
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
  const source = sourceOf(filters);
  if (source === 'rollups') return store.scoreWeekCounts(teamId, fromWeek, toWeek, journeyIds);
  const slice = sliceOf(filters);
  const sliceWeeks =
    slice === undefined ? null : await store.scoreSliceWeeks(teamId, slice, fromWeek, toWeek, journeyIds);
  if (sliceWeeks !== null) return sliceWeeks;
  const rows = await store.listScoreFacts(teamId, { fromDay: fromWeek, toDay: toWeek + 7, journeyIds, ...filters });
  const counts = [];
  for (const [key, group] of groupBy(rows, (row) => `${row.journeyId} ${weekStart(row.day)}`)) {
    const [journeyId = '', week = ''] = key.split(' ');
    const journeyTargets = targets.get(journeyId);
    if (journeyTargets === undefined) continue;
    const { n, withinTarget } = aggregateFacts(
      group.map((row) => row.fact),
      journeyTargets,
    );
    counts.push({ journeyId, weekStart: Number(week), n, withinTarget });
  }
  return counts;
}
