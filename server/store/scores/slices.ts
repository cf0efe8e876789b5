// The score rollups per sampler and per browser (score_slice_rollups, migration 0009), kept by the same catch-up
// batch as the journey rollups (catch-up.ts), from the same fact rows, in the same transaction.
//
// A slice is one sampler's or one browser's walkthroughs of a journey. It keeps fewer buckets than the journey
// rollups (SLICE_LEVELS), because a slice multiplies the rows a batch writes by the samplers and browsers it
// touches: a filtered read merges the buckets it has and counts the period's ragged ends from the facts. A
// browser (a few, each with many walkthroughs) keeps weeks and buckets of 8 days and more; a sampler (many, each
// with few walkthroughs of a journey) keeps buckets of 32 days and more and no weeks (its weekly counts are read
// from the facts: a few thousand rows at a million walkthroughs).
//
// How a batch keeps them (the journey rollups' rules, batched across slices, one journey at a time):
// - new facts: their aggregate per slice and bucket is merged into each bucket (exact);
// - facts that left a bucket (a new rev moved the walkthrough, or it was deleted): the week and the 8-day
//   bucket they left are recounted from the facts, and every bucket above merged again from its two children;
// - a journey whose targets changed: all its slices are rebuilt from its facts.
import type { Kysely } from 'kysely';
import { aggregateFacts, mergeAggregates, mergeAllAggregates } from '../../../shared/domain/journey-aggregate.ts';
import { bucketsOfDay, MAX_LEVEL, WEEK_LEVEL } from '../../../shared/domain/score-days.ts';
import type { JourneyAggregate } from '../../../shared/schemas/journey-aggregate.ts';
import type { JourneyTargets } from '../../../shared/schemas/journey-targets.ts';
import { chunks } from '../core/chunks.ts';
import type { Database } from '../core/database.ts';
import { parseAggregate } from './aggregate-json.ts';
import { type FactRow, normaliseFactRow, scoreFactsOf } from './facts.ts';

export const SLICE_KINDS = ['sampler', 'browser'] as const;
export type SliceKind = (typeof SLICE_KINDS)[number];

/** The lowest dyadic level each kind of slice keeps, and whether it keeps weeks. */
export const SLICE_LEVELS: Readonly<Record<SliceKind, { readonly minLevel: number; readonly weeks: boolean }>> = {
  browser: { minLevel: 3, weeks: true },
  sampler: { minLevel: 5, weeks: false },
};

const IN_CHUNK = 500;

/** What a fact row says of its slices: its owner and its browser. */
export type SliceSource = Pick<FactRow, 'journey_id' | 'day' | 'sampler_id' | 'browser'>;

const sliceValueOf = (fact: SliceSource, kind: SliceKind): string | null =>
  kind === 'sampler' ? fact.sampler_id : fact.browser;

/** The buckets a kind of slice keeps for a day: its week (browsers) and its dyadic buckets from the kind's level. */
export const sliceBucketsOfDay = (kind: SliceKind, day: number) => {
  const { minLevel, weeks } = SLICE_LEVELS[kind];
  return bucketsOfDay(day).filter((b) => (b.level === WEEK_LEVEL ? weeks : b.level >= minLevel));
};

/** The buckets recounted from the facts (the rest merge their children): the week and the lowest level kept. */
const baseBucketsOfDay = (kind: SliceKind, day: number) => {
  const { minLevel } = SLICE_LEVELS[kind];
  return sliceBucketsOfDay(kind, day).filter((b) => b.level === WEEK_LEVEL || b.level === minLevel);
};

/** A bucket of one slice of a journey, as a map key. */
type Key = string;
const keyOf = (kind: SliceKind, value: string, level: number, startDay: number): Key =>
  JSON.stringify([kind, value, level, startDay]);
const keyParts = (key: Key) => JSON.parse(key) as [SliceKind, string, number, number];

const spanOf = (level: number) => (level === WEEK_LEVEL ? 7 : 2 ** level);

const pushTo = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
};

export type SliceChanges = {
  /** The fact rows the batch took away (old revs and deleted walkthroughs), of journeys not rebuilt whole. */
  readonly left: readonly SliceSource[];
  /** The fact rows the batch added, of journeys not rebuilt whole. */
  readonly added: readonly FactRow[];
};

/**
 * Brings one journey's slices up to date with a batch: merges the new facts in, then recounts the buckets facts
 * left. `targets` undefined: the journey has no scorecard, so no slice either.
 */
export async function updateJourneySlices(
  trx: Kysely<Database>,
  teamId: string,
  journeyId: string,
  targets: JourneyTargets | undefined,
  changes: SliceChanges,
): Promise<void> {
  if (targets === undefined) {
    await trx
      .deleteFrom('score_slice_rollups')
      .where('team_id', '=', teamId)
      .where('journey_id', '=', journeyId)
      .execute();
    return;
  }
  await addToSlices(trx, teamId, journeyId, targets, changes.added);
  await recountSlices(trx, teamId, journeyId, targets, changes.left);
}

/** Rebuilds every slice of a journey from its facts (its targets changed, so every count against them did). */
export async function rebuildJourneySlices(
  trx: Kysely<Database>,
  teamId: string,
  journeyId: string,
  targets: JourneyTargets | undefined,
): Promise<void> {
  await trx
    .deleteFrom('score_slice_rollups')
    .where('team_id', '=', teamId)
    .where('journey_id', '=', journeyId)
    .execute();
  if (targets === undefined) return;
  const rows = await trx
    .selectFrom('score_facts')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('journey_id', '=', journeyId)
    .execute();
  const base = new Map<Key, FactRow[]>();
  for (const row of rows) {
    const fact = normaliseFactRow(row);
    for (const kind of SLICE_KINDS) {
      const value = sliceValueOf(fact, kind);
      if (value === null) continue;
      for (const { level, startDay } of baseBucketsOfDay(kind, fact.day)) {
        pushTo(base, keyOf(kind, value, level, startDay), fact);
      }
    }
  }
  const built = new Map<Key, JourneyAggregate>();
  for (const [key, facts] of base) {
    const scored = scoreFactsOf(facts);
    if (scored.length > 0) built.set(key, aggregateFacts(scored, targets));
  }
  // Each level from the one below, in memory: the same sums as counting the facts again, far cheaper.
  let below = [...built].filter(([key]) => keyParts(key)[2] !== WEEK_LEVEL);
  while (below.length > 0) {
    const parents = new Map<Key, JourneyAggregate[]>();
    for (const [key, aggregate] of below) {
      const [kind, value, level, start] = keyParts(key);
      if (level === MAX_LEVEL) continue;
      const span = spanOf(level + 1);
      pushTo(parents, keyOf(kind, value, level + 1, Math.floor(start / span) * span), aggregate);
    }
    below = [...parents].map(([key, parts]) => [key, mergeAllAggregates(parts)] as const);
    for (const [key, aggregate] of below) built.set(key, aggregate);
  }
  await writeSlices(trx, teamId, journeyId, built);
}

/** Merges the new facts' aggregate per slice and bucket into the stored buckets. */
async function addToSlices(
  trx: Kysely<Database>,
  teamId: string,
  journeyId: string,
  targets: JourneyTargets,
  added: readonly FactRow[],
): Promise<void> {
  const groups = new Map<Key, FactRow[]>();
  for (const fact of added) {
    for (const kind of SLICE_KINDS) {
      const value = sliceValueOf(fact, kind);
      if (value === null) continue;
      for (const { level, startDay } of sliceBucketsOfDay(kind, fact.day)) {
        pushTo(groups, keyOf(kind, value, level, startDay), fact);
      }
    }
  }
  const deltas = new Map<Key, JourneyAggregate>();
  for (const [key, facts] of groups) {
    const scored = scoreFactsOf(facts);
    if (scored.length > 0) deltas.set(key, aggregateFacts(scored, targets));
  }
  if (deltas.size === 0) return;
  const stored = await readSlices(
    trx,
    teamId,
    journeyId,
    [...deltas.keys()].map((key) => keyParts(key)[3]),
  );
  const merged = new Map<Key, JourneyAggregate>();
  for (const [key, delta] of deltas) {
    const before = stored.get(key);
    merged.set(key, before === undefined ? delta : mergeAggregates(before, delta));
  }
  await writeSlices(trx, teamId, journeyId, merged);
}

/**
 * Recounts the base buckets (week, lowest level) that facts left, from the facts now stored, then merges every
 * bucket above them again from its two children, level by level.
 */
async function recountSlices(
  trx: Kysely<Database>,
  teamId: string,
  journeyId: string,
  targets: JourneyTargets,
  left: readonly SliceSource[],
): Promise<void> {
  if (left.length === 0) return;
  const baseKeys = new Set<Key>();
  for (const fact of left) {
    for (const kind of SLICE_KINDS) {
      const value = sliceValueOf(fact, kind);
      if (value === null) continue;
      for (const { level, startDay } of baseBucketsOfDay(kind, fact.day))
        baseKeys.add(keyOf(kind, value, level, startDay));
    }
  }
  const days = new Set<number>();
  for (const key of baseKeys) {
    const [, , level, start] = keyParts(key);
    for (let day = start; day < start + spanOf(level); day += 1) days.add(day);
  }
  const facts: FactRow[] = [];
  for (const part of chunks([...days], IN_CHUNK)) {
    const rows = await trx
      .selectFrom('score_facts')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('journey_id', '=', journeyId)
      .where('day', 'in', part)
      .execute();
    for (const row of rows) facts.push(normaliseFactRow(row));
  }
  const base = new Map<Key, FactRow[]>([...baseKeys].map((key) => [key, []]));
  for (const fact of facts) {
    for (const kind of SLICE_KINDS) {
      const value = sliceValueOf(fact, kind);
      if (value === null) continue;
      for (const { level, startDay } of baseBucketsOfDay(kind, fact.day)) {
        base.get(keyOf(kind, value, level, startDay))?.push(fact);
      }
    }
  }
  const recounted = new Map<Key, JourneyAggregate | undefined>();
  for (const [key, group] of base) {
    const scored = scoreFactsOf(group);
    recounted.set(key, scored.length === 0 ? undefined : aggregateFacts(scored, targets));
  }
  await writeSlices(trx, teamId, journeyId, recounted);

  // Level by level from the lowest kept (each kind's own), every bucket above a recounted one from its children.
  let children = [...baseKeys].filter((key) => keyParts(key)[2] !== WEEK_LEVEL);
  for (let level = 1; level <= MAX_LEVEL; level += 1) {
    const span = spanOf(level);
    const parents = new Set<Key>();
    for (const key of children) {
      const [kind, value, childLevel, start] = keyParts(key);
      if (childLevel === level - 1) parents.add(keyOf(kind, value, level, Math.floor(start / span) * span));
    }
    if (parents.size > 0) {
      const childStarts = [...parents].flatMap((key) => {
        const start = keyParts(key)[3];
        return [start, start + span / 2];
      });
      const stored = await readSlices(trx, teamId, journeyId, childStarts, level - 1);
      const parts = new Map<Key, JourneyAggregate[]>([...parents].map((key) => [key, []]));
      for (const [key, aggregate] of stored) {
        const [kind, value, , start] = keyParts(key);
        parts.get(keyOf(kind, value, level, Math.floor(start / span) * span))?.push(aggregate);
      }
      await writeSlices(
        trx,
        teamId,
        journeyId,
        new Map([...parts].map(([key, list]) => [key, list.length === 0 ? undefined : mergeAllAggregates(list)])),
      );
    }
    children = [...children.filter((key) => keyParts(key)[2] >= level), ...parents];
  }
}

/** A journey's stored slice buckets that start on any of `starts` (of one level, or any), by key. */
async function readSlices(
  trx: Kysely<Database>,
  teamId: string,
  journeyId: string,
  starts: readonly number[],
  level?: number,
): Promise<Map<Key, JourneyAggregate>> {
  const stored = new Map<Key, JourneyAggregate>();
  for (const part of chunks([...new Set(starts)], IN_CHUNK)) {
    let query = trx
      .selectFrom('score_slice_rollups')
      .select(['slice', 'value', 'level', 'start_day', 'aggregate_json'])
      .where('team_id', '=', teamId)
      .where('journey_id', '=', journeyId)
      .where('start_day', 'in', part);
    if (level !== undefined) query = query.where('level', '=', level);
    for (const row of await query.execute()) {
      stored.set(
        keyOf(row.slice, row.value, row.level, row.start_day),
        parseAggregate(row.aggregate_json, `slice rollup of journey ${journeyId}`),
      );
    }
  }
  return stored;
}

/** Writes each bucket's aggregate; a bucket with none (or n = 0) is deleted. */
async function writeSlices(
  trx: Kysely<Database>,
  teamId: string,
  journeyId: string,
  writes: ReadonlyMap<Key, JourneyAggregate | undefined>,
): Promise<void> {
  const rows = [];
  for (const [key, aggregate] of writes) {
    const [slice, value, level, startDay] = keyParts(key);
    if (aggregate === undefined || aggregate.n === 0) {
      await trx
        .deleteFrom('score_slice_rollups')
        .where('team_id', '=', teamId)
        .where('slice', '=', slice)
        .where('value', '=', value)
        .where('level', '=', level)
        .where('start_day', '=', startDay)
        .where('journey_id', '=', journeyId)
        .execute();
      continue;
    }
    rows.push({
      team_id: teamId,
      slice,
      value,
      level,
      start_day: startDay,
      journey_id: journeyId,
      n: aggregate.n,
      within_target: aggregate.withinTarget,
      aggregate_json: JSON.stringify(aggregate),
    });
  }
  for (const part of chunks(rows, 100)) {
    await trx
      .insertInto('score_slice_rollups')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['team_id', 'slice', 'value', 'level', 'start_day', 'journey_id']).doUpdateSet((eb) => ({
          n: eb.ref('excluded.n'),
          within_target: eb.ref('excluded.within_target'),
          aggregate_json: eb.ref('excluded.aggregate_json'),
        })),
      )
      .execute();
  }
}
