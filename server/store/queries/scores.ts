// The team's scores as the store gives them: the rollups' catch-up (scores/catch-up.ts has its map), a period of
// days as the fewest buckets that cover it exactly (shared/domain/score-days.ts) merged per journey, weeks as their own
// buckets, and the narrow facts for filters that cut across the rollups (sampler, browser, outcome).
import type { ScoreFact } from '../../../shared/domain/journey-aggregate.ts';
import { mergeAggregatesInBulk } from '../../../shared/domain/merge-in-bulk.ts';
import { coarseCover, dyadicCover, WEEK_LEVEL } from '../../../shared/domain/score-days.ts';
import type { Feedback } from '../../../shared/schemas/feedback.ts';
import type { JourneyAggregate } from '../../../shared/schemas/journey-aggregate.ts';
import type { DurationClock } from '../../../shared/schemas/journey-targets.ts';
import type { Outcome, Walkthrough } from '../../../shared/schemas/walkthrough.ts';
import { chunks } from '../core/chunks.ts';
import { toSafeInteger } from '../core/normalise.ts';
import { toFeedback, toWalkthrough } from '../core/record-rows.ts';
import type { StoreContext } from '../core/store-context.ts';
import { StoredRecordError } from '../core/stored-record-error.ts';
import { parseAggregate } from '../scores/aggregate-json.ts';
import { normaliseFactRow, scoreFactsOf } from '../scores/facts.ts';
import { SLICE_LEVELS, type SliceKind } from '../scores/slices.ts';
import { stepSampleOf } from '../scores/step-sample.ts';

export { catchUpScores } from '../scores/catch-up.ts';

/**
 * A rollup's aggregate with only `clock`'s sketch; the other comes back empty. The other clock's object is cut
 * out of the text before JSON.parse (a sketch is a flat object: its first '}' ends it), so its numbers, about
 * half of a row, are never parsed. Text not in the shape the catch-up writes is parsed whole.
 */
const parseOnClock = (json: string, clock: DurationClock, what: string): JourneyAggregate => {
  const other = clock === 'active' ? 'elapsed' : 'active';
  const key = `"${other}":{`;
  const start = json.indexOf(key);
  const end = start === -1 ? -1 : json.indexOf('}', start + key.length);
  const kept =
    end === -1 ? json : `${json.slice(0, start)}"${other}":{"kind":"exact","values":[]}${json.slice(end + 1)}`;
  const value: unknown = JSON.parse(kept);
  if (typeof value !== 'object' || value === null || !('n' in value) || !(clock in value)) {
    throw new StoredRecordError(`${what}: not a journey aggregate`);
  }
  return value as JourneyAggregate;
};

/**
 * Each journey's aggregate over the days `fromDay` <= day < `toDay` (journeys with nothing there are absent).
 * With `clocks`, a journey named there gets only that clock's durations merged, the other clock's sketch empty:
 * for answers that show one clock (the overview), where the other is half the merge for nothing shown.
 */
export async function scoreAggregates(
  { db }: StoreContext,
  teamId: string,
  fromDay: number,
  toDay: number,
  journeyIds?: readonly string[],
  clocks?: ReadonlyMap<string, DurationClock>,
): Promise<Map<string, JourneyAggregate>> {
  const cover = dyadicCover(fromDay, toDay);
  const merged = new Map<string, JourneyAggregate>();
  if (cover.length === 0 || journeyIds?.length === 0) return merged;
  const byJourney = new Map<string, JourneyAggregate[]>();
  // One indexed range per bucket (the key starts team, level, start_day): an OR of the pairs in one statement
  // made SQLite scan every rollup of the team.
  for (const { level, startDay } of cover) {
    let query = db
      .selectFrom('score_rollups')
      .select(['journey_id', 'aggregate_json'])
      .where('team_id', '=', teamId)
      .where('level', '=', level)
      .where('start_day', '=', startDay);
    if (journeyIds !== undefined) query = query.where('journey_id', 'in', journeyIds);
    for (const row of await query.orderBy('journey_id').execute()) {
      const parts = byJourney.get(row.journey_id) ?? [];
      const what = `rollup of journey ${row.journey_id}`;
      const clock = clocks?.get(row.journey_id);
      parts.push(
        clock === undefined ? parseAggregate(row.aggregate_json, what) : parseOnClock(row.aggregate_json, clock, what),
      );
      byJourney.set(row.journey_id, parts);
    }
  }
  // One pass per journey, in bulk (merge-in-bulk.ts): the same sums as merging pairwise, without the copies.
  for (const [journeyId, parts] of byJourney) {
    merged.set(journeyId, mergeAggregatesInBulk(parts, clocks?.get(journeyId)));
  }
  return merged;
}

export type WeekCounts = {
  readonly journeyId: string;
  readonly weekStart: number;
  readonly n: number;
  readonly withinTarget: number;
};

/** The counts of the week buckets starting in [fromWeek, toWeek] (Mondays), no JSON read: for sparklines. */
export async function scoreWeekCounts(
  { db }: StoreContext,
  teamId: string,
  fromWeek: number,
  toWeek: number,
  journeyIds?: readonly string[],
): Promise<WeekCounts[]> {
  if (journeyIds?.length === 0) return [];
  let query = db
    .selectFrom('score_rollups')
    .select(['journey_id', 'start_day', 'n', 'within_target'])
    .where('team_id', '=', teamId)
    .where('level', '=', WEEK_LEVEL)
    .where('start_day', '>=', fromWeek)
    .where('start_day', '<=', toWeek);
  if (journeyIds !== undefined) query = query.where('journey_id', 'in', journeyIds);
  const rows = await query.orderBy('journey_id').orderBy('start_day').execute();
  return rows.map((row) => ({
    journeyId: row.journey_id,
    weekStart: row.start_day,
    n: row.n,
    withinTarget: row.within_target,
  }));
}

/** One journey's week aggregates starting in [fromWeek, toWeek], by week start. */
export async function scoreWeekAggregates(
  { db }: StoreContext,
  teamId: string,
  journeyId: string,
  fromWeek: number,
  toWeek: number,
): Promise<Map<number, JourneyAggregate>> {
  const rows = await db
    .selectFrom('score_rollups')
    .select(['start_day', 'aggregate_json'])
    .where('team_id', '=', teamId)
    .where('journey_id', '=', journeyId)
    .where('level', '=', WEEK_LEVEL)
    .where('start_day', '>=', fromWeek)
    .where('start_day', '<=', toWeek)
    .orderBy('start_day')
    .execute();
  return new Map(
    rows.map((row) => [row.start_day, parseAggregate(row.aggregate_json, `week of journey ${journeyId}`)]),
  );
}

/** One sampler's (by owner id) or one browser's walkthroughs: a slice the catch-up keeps rollups of. */
export type ScoreSlice = { readonly kind: SliceKind; readonly value: string };

export type SliceParts = {
  /** Each journey's stored buckets of the slice inside the period, to merge (journeys with none are absent). */
  readonly parts: Map<string, JourneyAggregate[]>;
  /** The days at either end no slice bucket covers, each [fromDay, toDay): count them from the facts. */
  readonly edges: [number, number][];
};

/**
 * One slice's buckets over the days `fromDay` <= day < `toDay`: the fewest buckets the slice keeps that fit (8 days
 * and up for a browser, 32 for a sampler: store/scores/slices.ts), and the ragged ends they leave.
 */
export async function scoreSliceParts(
  { db }: StoreContext,
  teamId: string,
  slice: ScoreSlice,
  fromDay: number,
  toDay: number,
  journeyIds?: readonly string[],
): Promise<SliceParts> {
  const { buckets, edges } = coarseCover(fromDay, toDay, SLICE_LEVELS[slice.kind].minLevel);
  const parts = new Map<string, JourneyAggregate[]>();
  if (journeyIds?.length === 0) return { parts, edges };
  // One indexed range per bucket, as scoreAggregates.
  for (const { level, startDay } of buckets) {
    let query = db
      .selectFrom('score_slice_rollups')
      .select(['journey_id', 'aggregate_json'])
      .where('team_id', '=', teamId)
      .where('slice', '=', slice.kind)
      .where('value', '=', slice.value)
      .where('level', '=', level)
      .where('start_day', '=', startDay);
    if (journeyIds !== undefined) query = query.where('journey_id', 'in', journeyIds);
    for (const row of await query.execute()) {
      const list = parts.get(row.journey_id) ?? [];
      list.push(parseAggregate(row.aggregate_json, `slice rollup of journey ${row.journey_id}`));
      parts.set(row.journey_id, list);
    }
  }
  return { parts, edges };
}

/**
 * One slice's week rows starting in [fromWeek, toWeek] (Mondays), by journey and week, with their aggregate parsed
 * only when asked (a sparkline needs the counts alone). Null for a kind of slice that keeps no weeks (samplers):
 * count its weeks from the facts.
 */
export async function scoreSliceWeeks(
  { db }: StoreContext,
  teamId: string,
  slice: ScoreSlice,
  fromWeek: number,
  toWeek: number,
  journeyIds?: readonly string[],
): Promise<(WeekCounts & { readonly aggregate: () => JourneyAggregate })[] | null> {
  if (!SLICE_LEVELS[slice.kind].weeks) return null;
  if (journeyIds?.length === 0) return [];
  let query = db
    .selectFrom('score_slice_rollups')
    .select(['journey_id', 'start_day', 'n', 'within_target', 'aggregate_json'])
    .where('team_id', '=', teamId)
    .where('slice', '=', slice.kind)
    .where('value', '=', slice.value)
    .where('level', '=', WEEK_LEVEL)
    .where('start_day', '>=', fromWeek)
    .where('start_day', '<=', toWeek);
  if (journeyIds !== undefined) query = query.where('journey_id', 'in', journeyIds);
  const rows = await query.execute();
  return rows.map((row) => ({
    journeyId: row.journey_id,
    weekStart: row.start_day,
    n: row.n,
    withinTarget: row.within_target,
    aggregate: () => parseAggregate(row.aggregate_json, `slice week of journey ${row.journey_id}`),
  }));
}

export type ScoreFactFilter = {
  readonly fromDay: number;
  /** Exclusive. */
  readonly toDay: number;
  readonly journeyIds?: readonly string[] | undefined;
  /** The owner (`sampler_id`). */
  readonly samplerId?: string | undefined;
  readonly browser?: string | undefined;
  readonly outcome?: Outcome | undefined;
};

/** A measurable walkthrough of a period as scoring reads it: its journey, its day and its score fact. */
export type PeriodFact = { readonly journeyId: string; readonly day: number; readonly fact: ScoreFact };

/**
 * The narrow facts of a period, filtered: what a filter that cuts across the rollups (outcome, or sampler and
 * browser together) scores from, and a slice's ragged ends. Numbers only, no record_json; walkthroughs whose
 * timeline cannot be measured are left out, as from every score.
 */
export async function listScoreFacts(
  { db }: StoreContext,
  teamId: string,
  filter: ScoreFactFilter,
): Promise<PeriodFact[]> {
  if (filter.journeyIds?.length === 0) return [];
  let query = db
    .selectFrom('score_facts')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('day', '>=', filter.fromDay)
    .where('day', '<', filter.toDay);
  if (filter.journeyIds !== undefined) query = query.where('journey_id', 'in', filter.journeyIds);
  if (filter.samplerId !== undefined) query = query.where('sampler_id', '=', filter.samplerId);
  if (filter.browser !== undefined) query = query.where('browser', '=', filter.browser);
  if (filter.outcome !== undefined) query = query.where('outcome', '=', filter.outcome);
  // Unordered: an aggregate does not depend on the order of its facts (sketches keep sorted values or bins).
  const rows = (await query.execute()).map(normaliseFactRow);
  return rows.flatMap((row) => {
    const [fact] = scoreFactsOf([row]);
    return fact === undefined ? [] : [{ journeyId: row.journey_id, day: row.day, fact }];
  });
}

/** The days of a feedback span (feedback_span_counts, migration 0010). */
const FEEDBACK_SPAN = 32;

/** A SUM as the drivers give it back (PostgreSQL: bigint as a string). */
type Sum = number | string;

/**
 * How many customer ratings of each value (index 0: the 1s) each journey got on the days `fromDay` <= day <
 * `toDay`: the customer's CSAT. Whole 32-day spans from feedback_span_counts, the days at either end from the
 * per-day counts insertFeedback keeps (a trigger keeps the spans equal to the sum of their days).
 */
export async function customerRatingCounts(
  { db }: StoreContext,
  teamId: string,
  fromDay: number,
  toDay: number,
  journeyIds?: readonly string[],
): Promise<Map<string, number[]>> {
  const counts = new Map<string, number[]>();
  if (journeyIds?.length === 0 || fromDay >= toDay) return counts;
  const add = (rows: readonly { journey_id: string; r1: Sum; r2: Sum; r3: Sum; r4: Sum; r5: Sum }[]) => {
    for (const row of rows) {
      const sums = [row.r1, row.r2, row.r3, row.r4, row.r5].map((sum) => toSafeInteger(sum, 'feedback counts'));
      const before = counts.get(row.journey_id);
      counts.set(row.journey_id, before === undefined ? sums : before.map((c, i) => c + (sums[i] ?? 0)));
    }
  };
  const first = Math.ceil(fromDay / FEEDBACK_SPAN) * FEEDBACK_SPAN;
  const end = Math.floor(toDay / FEEDBACK_SPAN) * FEEDBACK_SPAN;
  const dayRanges: [number, number][] = first < end ? [] : [[fromDay, toDay]];
  if (first < end) {
    let spans = db
      .selectFrom('feedback_span_counts')
      .select((eb) => [
        'journey_id',
        eb.fn.sum<number | string>('r1').as('r1'),
        eb.fn.sum<number | string>('r2').as('r2'),
        eb.fn.sum<number | string>('r3').as('r3'),
        eb.fn.sum<number | string>('r4').as('r4'),
        eb.fn.sum<number | string>('r5').as('r5'),
      ])
      .where('team_id', '=', teamId)
      .where('start_day', '>=', first)
      .where('start_day', '<', end);
    if (journeyIds !== undefined) spans = spans.where('journey_id', 'in', journeyIds);
    add(await spans.groupBy('journey_id').execute());
    if (fromDay < first) dayRanges.push([fromDay, first]);
    if (end < toDay) dayRanges.push([end, toDay]);
  }
  for (const [from, to] of dayRanges) {
    let days = db
      .selectFrom('feedback_day_counts')
      .select((eb) => [
        'journey_id',
        eb.fn.sum<number | string>('r1').as('r1'),
        eb.fn.sum<number | string>('r2').as('r2'),
        eb.fn.sum<number | string>('r3').as('r3'),
        eb.fn.sum<number | string>('r4').as('r4'),
        eb.fn.sum<number | string>('r5').as('r5'),
      ])
      .where('team_id', '=', teamId)
      .where('day', '>=', from)
      .where('day', '<', to);
    if (journeyIds !== undefined) days = days.where('journey_id', 'in', journeyIds);
    add(await days.groupBy('journey_id').execute());
  }
  return counts;
}

export type RecentWalkthroughs = {
  /** Newest first, at most `limit`. */
  readonly walkthroughs: Walkthrough[];
  /** Walkthroughs of the journey in the period in all, so an answer built on the first `limit` can say so. */
  readonly total: number;
};

export type RecentWalkthroughsFilter = {
  readonly journeyId: string;
  readonly fromIso: string;
  /** Exclusive. */
  readonly toIso: string;
  readonly samplerId?: string | undefined;
  readonly browser?: string | undefined;
  readonly outcome?: Outcome | undefined;
  readonly limit: number;
};

/**
 * The ids of the newest walkthroughs of a journey from `fromIso` <= started_at < `toIso` (filtered like
 * listScoreFacts), newest first, and how many match in all. Ids alone, from the index by journey, time and id
 * (migration 0009): asked for whole rows in the same statement, SQLite walked the team's index by time instead
 * (no statistics say a journey is a small part of the team), 100 ms and more for 500 rows.
 */
async function newestMatching(
  db: StoreContext['db'],
  teamId: string,
  filter: RecentWalkthroughsFilter,
): Promise<{ ids: string[]; total: number }> {
  const { journeyId, fromIso, toIso, samplerId, browser, outcome, limit } = filter;
  let inPeriod = db
    .selectFrom('walkthroughs as w')
    .where('w.team_id', '=', teamId)
    .where('w.journey_id', '=', journeyId)
    .where('w.started_at', '>=', fromIso)
    .where('w.started_at', '<', toIso);
  if (samplerId !== undefined) inPeriod = inPeriod.where('w.sampler_id', '=', samplerId);
  if (outcome !== undefined) inPeriod = inPeriod.where('w.outcome', '=', outcome);
  if (browser !== undefined) {
    // The browser is a field of the record; its fact row holds a copy (caught up before any score read).
    inPeriod = inPeriod.where((eb) =>
      eb.exists(
        eb
          .selectFrom('score_facts as f')
          .select('f.walkthrough_id')
          .whereRef('f.walkthrough_id', '=', 'w.id')
          .where('f.browser', '=', browser),
      ),
    );
  }
  const rows = await inPeriod
    .select('w.id')
    .orderBy('w.started_at', 'desc')
    .orderBy('w.id', 'desc')
    .limit(limit)
    .execute();
  const total =
    rows.length < limit
      ? rows.length
      : toSafeInteger(
          (await inPeriod.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()).count,
          'count',
        );
  return { ids: rows.map((row) => row.id), total };
}

/** The stored records of `ids`, in that order, each turned into a walkthrough by `parse`. */
async function recordsInOrder(
  db: StoreContext['db'],
  teamId: string,
  ids: readonly string[],
  parse: (row: { id: string; record_json: string }) => Walkthrough,
): Promise<Walkthrough[]> {
  const byId = new Map<string, Walkthrough>();
  for (const part of chunks(ids, 500)) {
    const rows = await db
      .selectFrom('walkthroughs')
      .select(['id', 'record_json'])
      .where('team_id', '=', teamId)
      .where('id', 'in', part)
      .execute();
    for (const row of rows) byId.set(row.id, parse(row));
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * The newest walkthroughs of a journey from `fromIso` <= started_at < `toIso` (filtered like listScoreFacts),
 * with how many there are in all.
 */
export async function recentJourneyWalkthroughs(
  { db }: StoreContext,
  teamId: string,
  filter: RecentWalkthroughsFilter,
): Promise<RecentWalkthroughs> {
  const { ids, total } = await newestMatching(db, teamId, filter);
  return { walkthroughs: await recordsInOrder(db, teamId, ids, toWalkthrough), total };
}

/**
 * As recentJourneyWalkthroughs, for the step breakdown: only the fields it scores are checked and kept sound
 * (store/scores/step-sample.ts), the rest of each record is not parsed with the schema again.
 */
export async function journeyStepSample(
  { db }: StoreContext,
  teamId: string,
  filter: RecentWalkthroughsFilter,
): Promise<RecentWalkthroughs> {
  const { ids, total } = await newestMatching(db, teamId, filter);
  return { walkthroughs: await recordsInOrder(db, teamId, ids, stepSampleOf), total };
}

/**
 * A journey's customer feedback on a step from `fromIso` <= created_at < `toIso`, newest first, at most `limit`:
 * what the step breakdown scores per step (ratings of the journey as a whole come from the day counts).
 */
export async function recentJourneyFeedback(
  { db }: StoreContext,
  teamId: string,
  journeyId: string,
  fromIso: string,
  toIso: string,
  limit: number,
): Promise<Feedback[]> {
  const rows = await db
    .selectFrom('feedback')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('journey_id', '=', journeyId)
    .where('step_id', 'is not', null)
    .where('created_at', '>=', fromIso)
    .where('created_at', '<', toIso)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toFeedback);
}
