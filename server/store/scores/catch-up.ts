// The score rollups' catch-up: how score_facts and score_rollups follow the team's change sequence, off the push
// path. Pushes write walkthroughs and nothing else (push ingest keeps its speed); every score read first calls
// catchUpScores, which folds in whatever committed since the last catch-up, so an answer counts every change
// committed before it was asked (its `asOfChangeSeq`).
//
// Why nothing is skipped: the same argument as pull-changes.ts. A change_seq is taken under the team's counter
// row lock, held to commit, so once the counter reads h every change numbered <= h has committed (or rolled back
// with its number). A batch reads changes in (cursor, upto] with upto <= h and moves the cursor to upto.
// Walkthroughs, targets and removals are all stamped from that one counter.
//
// Two server instances on one PostgreSQL: each batch takes the team's cursor row FOR UPDATE first, so one
// instance catches a team up at a time and the other then starts from where it stopped. Recounting is idempotent
// anyway (a bucket is recomputed from the facts, never incremented), so a batch that rolls back loses nothing.
//
// What a batch does: for each walkthrough changed (or removed) in its range, the fact row it had marks its old
// journey-day for a recount; the fact row it has now is added to its new journey-day. A day that only gains
// walkthroughs (the common case: new pushes) gets their aggregate merged into each of its buckets (its day, week
// and dyadic buckets; merging is exact). A day that lost one is recounted from its facts and every bucket above it
// merged again from its children. A targets change recounts every day of its journey from the narrow facts (the
// target-dependent counts change; one journey, not the team's two years).
import type { Kysely } from 'kysely';
import { aggregateFacts, mergeAggregates, mergeAllAggregates } from '../../../shared/domain/journey-aggregate.ts';
import { type Bucket, bucketsOfDay, MAX_LEVEL, WEEK_LEVEL, weekStart } from '../../../shared/domain/score-days.ts';
import type { JourneyAggregate } from '../../../shared/schemas/journey-aggregate.ts';
import type { JourneyTargets } from '../../../shared/schemas/journey-targets.ts';
import type { Logger } from '../../logger.ts';
import { currentChangeSeq } from '../core/change-seq.ts';
import { chunks } from '../core/chunks.ts';
import type { Database } from '../core/database.ts';
import { toSafeInteger } from '../core/normalise.ts';
import { toJourneyTargets } from '../core/record-rows.ts';
import type { StoreContext, StoreKind } from '../core/store-context.ts';
import { parseAggregate } from './aggregate-json.ts';
import { type FactRow, factRowOfStored, normaliseFactRow, scoreFactsOf, UnscorableRecordError } from './facts.ts';
import { rebuildJourneySlices, type SliceSource, updateJourneySlices } from './slices.ts';

/** Walkthrough changes per catch-up transaction: each batch holds the team's cursor lock briefly. */
export const CATCH_UP_BATCH = 2000;

/** Bound parameters per IN list (SQLite allows 32,766 per statement, PostgreSQL 65,535). */
const IN_CHUNK = 500;

/** What a caller may ask of a catch-up besides the batch size. */
export type CatchUpOptions = {
  /**
   * Asked before every transaction (each batch, each step of a rebuild): true ends the catch-up there, with the
   * rollups as far as they got (a shutdown must not wait for a team's whole backlog). Score reads pass none.
   */
  readonly shouldStop?: () => boolean;
};

/**
 * Folds the team's changes since the last catch-up into its score rollups; returns the change_seq they now
 * include. Cheap when nothing changed (three point reads, no lock).
 *
 * The head is read once, on entry: the catch-up ends once the cursor reaches it, so a read of a team that pushes
 * faster than a batch commits still ends (its answer counts everything committed before it was asked).
 *
 * The rollups and slices (per sampler and browser, slices.ts) follow batch by batch once built. Until then (a
 * team's first catch-up, a rebuild from scratch) the batches write the facts alone, and once they are through,
 * every rollup and slice is built from the facts (buildFromFacts), each bucket written once
 * (score_slice_cursors says how far the built rollups are): merging every batch of two years into buckets that
 * the next batch rewrites again made a rebuild at 1M walkthroughs take most of an hour.
 */
export async function catchUpScores(
  { db, kind, logger }: StoreContext,
  teamId: string,
  batch = CATCH_UP_BATCH,
  { shouldStop = () => false }: CatchUpOptions = {},
): Promise<number> {
  const target = (await currentChangeSeq(db, teamId)) ?? 0;
  for (;;) {
    const cursor = await readCursor(db, teamId);
    if (cursor >= target) {
      const built = await readSliceCursor(db, teamId);
      if (built >= cursor) return cursor;
      if (shouldStop()) return built;
      // Not built when another catch-up moved the cursor meanwhile or a stop came: the loop decides again.
      await buildFromFacts(db, kind, teamId, cursor, shouldStop);
      continue;
    }
    if (shouldStop()) return readSliceCursor(db, teamId);
    await db.transaction().execute((trx) => catchUpBatch(trx, kind, logger, teamId, batch));
  }
}

async function readSliceCursor(db: Kysely<Database>, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('score_slice_cursors')
    .select('through_seq')
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  return row === undefined ? 0 : toSafeInteger(row.through_seq, 'score_slice_cursors.through_seq');
}

async function writeSliceCursor(trx: Kysely<Database>, teamId: string, throughSeq: number): Promise<void> {
  await trx
    .insertInto('score_slice_cursors')
    .values({ team_id: teamId, through_seq: throughSeq })
    .onConflict((oc) => oc.column('team_id').doUpdateSet({ through_seq: throughSeq }))
    .execute();
}

/** Every journey the build must visit: those with targets, and those still holding rollups (to clear them). */
async function journeysToBuild(db: Kysely<Database>, teamId: string): Promise<string[]> {
  const [targeted, rolled, sliced] = await Promise.all([
    db.selectFrom('journey_targets').select('journey_id').where('team_id', '=', teamId).execute(),
    db.selectFrom('score_rollups').select('journey_id').distinct().where('team_id', '=', teamId).execute(),
    db.selectFrom('score_slice_rollups').select('journey_id').distinct().where('team_id', '=', teamId).execute(),
  ]);
  return [...new Set([...targeted, ...rolled, ...sliced].map((row) => row.journey_id))].sort();
}

/**
 * Builds every rollup and slice of the team from its facts through `cursor`, one journey's rollups or slices per
 * transaction: on SQLite a transaction holds the store's only connection, so one transaction for the whole team
 * kept pushes, sign-ins and pulls waiting for minutes at scale. Each step takes the catch-up lock and goes on only
 * if the cursor is still `cursor` (a batch that moved it meanwhile changed the facts: the caller starts over).
 * score_slice_cursors, which lets the batches keep the rollups up to date, is written last, in its own step, so
 * an interrupted build (a stop, a crash, a moved cursor) leaves it behind and the next catch-up builds again from
 * the start; score reads call catchUpScores first and so never read a half-built team. Each journey is rebuilt
 * whole (its buckets deleted, then recounted), so doing one twice, or two builds taking turns, is harmless.
 */
async function buildFromFacts(
  db: Kysely<Database>,
  kind: StoreKind,
  teamId: string,
  cursor: number,
  shouldStop: () => boolean,
): Promise<void> {
  /** Runs `step` under the lock if the build is still wanted at `cursor`; false when it is not. */
  const underLock = (step: (trx: Kysely<Database>) => Promise<void>) =>
    db.transaction().execute(async (trx) => {
      if ((await lockCursor(trx, kind, teamId)) !== cursor) return false;
      if ((await readSliceCursor(trx, teamId)) >= cursor) return false;
      await step(trx);
      return true;
    });
  const targetsOf = async (trx: Kysely<Database>, journeyId: string) => {
    const row = await trx
      .selectFrom('journey_targets')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('journey_id', '=', journeyId)
      .executeTakeFirst();
    return row === undefined ? undefined : toJourneyTargets(row);
  };
  for (const journeyId of await journeysToBuild(db, teamId)) {
    if (shouldStop()) return;
    const rolledUp = await underLock(async (trx) => {
      await trx.deleteFrom('score_rollups').where('team_id', '=', teamId).where('journey_id', '=', journeyId).execute();
      const targets = await targetsOf(trx, journeyId);
      if (targets !== undefined) {
        await recountDays(trx, teamId, journeyId, targets, await journeyDays(trx, teamId, journeyId));
      }
    });
    if (!rolledUp || shouldStop()) return;
    const sliced = await underLock(async (trx) =>
      rebuildJourneySlices(trx, teamId, journeyId, await targetsOf(trx, journeyId)),
    );
    if (!sliced) return;
  }
  if (shouldStop()) return;
  await underLock((trx) => writeSliceCursor(trx, teamId, cursor));
}

async function readCursor(db: Kysely<Database>, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('score_rollup_cursors')
    .select('through_seq')
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  return row === undefined ? 0 : toSafeInteger(row.through_seq, 'score_rollup_cursors.through_seq');
}

/** Takes the team's catch-up lock (its cursor row) and returns the cursor as it stands under the lock. */
async function lockCursor(trx: Kysely<Database>, kind: StoreKind, teamId: string): Promise<number> {
  await trx
    .insertInto('score_rollup_cursors')
    .values({ team_id: teamId, through_seq: 0 })
    .onConflict((oc) => oc.column('team_id').doNothing())
    .execute();
  // SQLite: the store's one connection runs one transaction at a time, so the transaction is the lock.
  const query = trx.selectFrom('score_rollup_cursors').select('through_seq').where('team_id', '=', teamId);
  const row = await (kind === 'postgres' ? query.forUpdate() : query).executeTakeFirstOrThrow();
  return toSafeInteger(row.through_seq, 'score_rollup_cursors.through_seq');
}

type Dirty = Map<string, Set<number>>;
/** New fact rows by journey and day. */
type Added = Map<string, Map<number, FactRow[]>>;

const markDirty = (dirty: Dirty, journeyId: string, day: number) => {
  const days = dirty.get(journeyId) ?? new Set<number>();
  days.add(day);
  dirty.set(journeyId, days);
};

async function catchUpBatch(
  trx: Kysely<Database>,
  kind: StoreKind,
  logger: Logger | undefined,
  teamId: string,
  batch: number,
): Promise<void> {
  const cursor = await lockCursor(trx, kind, teamId);
  const head = (await currentChangeSeq(trx, teamId)) ?? 0;
  if (cursor >= head) return;
  // The rollups follow this batch only if they are built and through the same change (else buildFromFacts follows).
  const live = cursor > 0 && (await readSliceCursor(trx, teamId)) === cursor;

  const changed = await trx
    .selectFrom('walkthroughs')
    .select(['id', 'change_seq', 'sampler_id', 'record_json'])
    .where('team_id', '=', teamId)
    .where('change_seq', '>', cursor)
    .where('change_seq', '<=', head)
    .orderBy('change_seq')
    .limit(batch)
    .execute();
  // A full batch may leave changes behind it: this batch covers exactly the changes up to its last row.
  const full = changed.length === batch;
  const upto = full ? toSafeInteger(changed[changed.length - 1]?.change_seq ?? head, 'change_seq') : head;

  const removed = await trx
    .selectFrom('walkthrough_removals')
    .select('walkthrough_id')
    .where('team_id', '=', teamId)
    .where('change_seq', '>', cursor)
    .where('change_seq', '<=', upto)
    .execute();
  const retargeted = await trx
    .selectFrom('journey_targets')
    .select('journey_id')
    .where('team_id', '=', teamId)
    .where('change_seq', '>', cursor)
    .where('change_seq', '<=', upto)
    .execute();

  // Days that lose a walkthrough (a new rev moved it, or it was deleted) are recounted; days that only gain
  // some get the new walkthroughs' aggregate added to each of their buckets (a merge is exact).
  const recount: Dirty = new Map();
  /** The fact rows taken away, by journey: their slices' buckets are recounted too. */
  const left = new Map<string, SliceSource[]>();
  const ids = [...changed.map((row) => row.id), ...removed.map((row) => row.walkthrough_id)];
  for (const part of chunks(ids, IN_CHUNK)) {
    const old = await trx
      .selectFrom('score_facts')
      .select(['journey_id', 'day', 'sampler_id', 'browser'])
      .where('team_id', '=', teamId)
      .where('walkthrough_id', 'in', part)
      .execute();
    for (const row of old) {
      markDirty(recount, row.journey_id, row.day);
      left.set(row.journey_id, [...(left.get(row.journey_id) ?? []), row]);
    }
    await trx.deleteFrom('score_facts').where('team_id', '=', teamId).where('walkthrough_id', 'in', part).execute();
  }
  const facts: FactRow[] = [];
  const added: Added = new Map();
  for (const row of changed) {
    const fact = factRowOrSkip(logger, teamId, row);
    if (fact === undefined) continue;
    facts.push(fact);
    const days = added.get(fact.journey_id) ?? new Map<number, FactRow[]>();
    days.set(fact.day, [...(days.get(fact.day) ?? []), fact]);
    added.set(fact.journey_id, days);
  }
  for (const part of chunks(facts, 40)) await trx.insertInto('score_facts').values(part).execute();

  const wholeJourneys = new Set(retargeted.map((row) => row.journey_id));
  if (live) await recountJourneys(trx, teamId, { recount, whole: wholeJourneys, added, left });

  await trx.updateTable('score_rollup_cursors').set({ through_seq: upto }).where('team_id', '=', teamId).execute();
  if (live) await writeSliceCursor(trx, teamId, upto);
}

type BatchChanges = {
  readonly recount: Dirty;
  /** Journeys whose targets changed: every bucket recounted from the facts. */
  readonly whole: ReadonlySet<string>;
  readonly added: Added;
  readonly left: ReadonlyMap<string, readonly SliceSource[]>;
};

/**
 * Brings each touched journey's buckets up to date: every day of the `whole` ones (their targets changed) is
 * recounted from its facts; otherwise days that only gained walkthroughs (`added`) get their aggregate merged
 * into each of their buckets, then the `recount` days are recounted and every bucket above them merged again
 * from its children (which by then include the additions). A journey without targets has no rollups: its
 * scorecard cannot be made until it has some, and setting them is a change that recounts it whole. The journey's
 * slices (per sampler and per browser, slices.ts) follow the same changes.
 */
async function recountJourneys(
  trx: Kysely<Database>,
  teamId: string,
  { recount, whole, added, left }: BatchChanges,
): Promise<void> {
  const journeyIds = [...new Set([...recount.keys(), ...added.keys(), ...whole])];
  const targets = new Map<string, JourneyTargets>();
  for (const part of chunks(journeyIds, IN_CHUNK)) {
    const rows = await trx
      .selectFrom('journey_targets')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('journey_id', 'in', part)
      .execute();
    for (const row of rows) targets.set(row.journey_id, toJourneyTargets(row));
  }
  for (const journeyId of journeyIds) {
    const journeyTargets = targets.get(journeyId);
    if (whole.has(journeyId)) await rebuildJourneySlices(trx, teamId, journeyId, journeyTargets);
    else {
      await updateJourneySlices(trx, teamId, journeyId, journeyTargets, {
        left: left.get(journeyId) ?? [],
        added: [...(added.get(journeyId)?.values() ?? [])].flat(),
      });
    }
    if (journeyTargets === undefined || whole.has(journeyId)) {
      // Whole: every bucket is rebuilt from the facts below (or none is kept, without targets).
      await trx.deleteFrom('score_rollups').where('team_id', '=', teamId).where('journey_id', '=', journeyId).execute();
    }
    if (journeyTargets === undefined) continue;
    if (whole.has(journeyId)) {
      await recountDays(trx, teamId, journeyId, journeyTargets, await journeyDays(trx, teamId, journeyId));
      continue;
    }
    const recountDaysOf = recount.get(journeyId) ?? new Set<number>();
    const gained = [...(added.get(journeyId) ?? [])].filter(([day]) => !recountDaysOf.has(day));
    await addToBuckets(trx, teamId, journeyId, journeyTargets, gained);
    await recountDays(trx, teamId, journeyId, journeyTargets, [...recountDaysOf]);
  }
}

/**
 * The fact row of a changed walkthrough, or undefined (and a warning) when its stored record cannot be read: one
 * bad row must not stop the team's scores for good, as throwing here would (every later catch-up would meet it
 * again). It then counts in no scorecard, as an ad-hoc walkthrough; its next good rev is counted as usual.
 */
function factRowOrSkip(
  logger: Logger | undefined,
  teamId: string,
  row: { id: string; sampler_id: string | null; record_json: string },
): FactRow | undefined {
  try {
    return factRowOfStored(teamId, row.sampler_id, row.id, row.record_json);
  } catch (error) {
    if (!(error instanceof UnscorableRecordError)) throw error;
    // The kind alone: a parser's or schema's message can quote the record (personal notes) into the log.
    logger?.warn('score catch-up: a stored walkthrough was skipped, its record cannot be scored', {
      teamId,
      walkthroughId: row.id,
      error: error.kind,
    });
    return undefined;
  }
}

/** Merges the aggregate of each day's new facts into the day's bucket at every level and its week. */
async function addToBuckets(
  trx: Kysely<Database>,
  teamId: string,
  journeyId: string,
  targets: JourneyTargets,
  gained: readonly (readonly [number, readonly FactRow[]])[],
): Promise<void> {
  const deltas = new Map<number, Map<number, JourneyAggregate>>();
  for (const [day, rows] of gained) {
    const facts = scoreFactsOf(rows);
    if (facts.length === 0) continue;
    const delta = aggregateFacts(facts, targets);
    for (const { level, startDay } of bucketsOfDay(day)) {
      const starts = deltas.get(level) ?? new Map<number, JourneyAggregate>();
      const sum = starts.get(startDay);
      starts.set(startDay, sum === undefined ? delta : mergeAggregates(sum, delta));
      deltas.set(level, starts);
    }
  }
  for (const [level, starts] of deltas) {
    const current = new Map<number, JourneyAggregate>();
    for (const part of chunks([...starts.keys()], IN_CHUNK)) {
      const rows = await trx
        .selectFrom('score_rollups')
        .select(['start_day', 'aggregate_json'])
        .where('team_id', '=', teamId)
        .where('journey_id', '=', journeyId)
        .where('level', '=', level)
        .where('start_day', 'in', part)
        .execute();
      for (const row of rows)
        current.set(row.start_day, parseAggregate(row.aggregate_json, `rollup of journey ${journeyId}`));
    }
    await writeRollups(
      trx,
      teamId,
      journeyId,
      [...starts].map(([startDay, delta]) => {
        const before = current.get(startDay);
        return {
          bucket: { level, startDay },
          aggregate: before === undefined ? delta : mergeAggregates(before, delta),
        };
      }),
    );
  }
}

async function journeyDays(trx: Kysely<Database>, teamId: string, journeyId: string): Promise<number[]> {
  const rows = await trx
    .selectFrom('score_facts')
    .select('day')
    .distinct()
    .where('team_id', '=', teamId)
    .where('journey_id', '=', journeyId)
    .execute();
  return rows.map((row) => row.day);
}

type RollupWrite = { readonly bucket: Bucket; readonly aggregate: JourneyAggregate | undefined };

async function recountDays(
  trx: Kysely<Database>,
  teamId: string,
  journeyId: string,
  targets: JourneyTargets,
  days: readonly number[],
): Promise<void> {
  if (days.length === 0) return;
  const byDay = new Map<number, FactRow[]>(days.map((day) => [day, []]));
  for (const part of chunks(days, IN_CHUNK)) {
    const rows = await trx
      .selectFrom('score_facts')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('journey_id', '=', journeyId)
      .where('day', 'in', part)
      .execute();
    for (const row of rows) byDay.get(row.day)?.push(normaliseFactRow(row));
  }
  const dayAggregates = new Map<number, JourneyAggregate | undefined>();
  for (const [day, rows] of byDay) {
    const facts = scoreFactsOf(rows);
    dayAggregates.set(day, facts.length === 0 ? undefined : aggregateFacts(facts, targets));
  }
  await writeRollups(
    trx,
    teamId,
    journeyId,
    [...dayAggregates].map(([day, aggregate]) => ({ bucket: { level: 0, startDay: day }, aggregate })),
  );

  // Every bucket above a dirty day, merged from its children, level by level (weeks from their days).
  const parents = new Map<number, Set<number>>();
  for (const day of days) {
    for (const bucket of bucketsOfDay(day)) {
      if (bucket.level === 0) continue;
      const starts = parents.get(bucket.level) ?? new Set<number>();
      starts.add(bucket.startDay);
      parents.set(bucket.level, starts);
    }
  }
  for (const level of [WEEK_LEVEL, ...Array.from({ length: MAX_LEVEL }, (_, i) => i + 1)]) {
    const starts = [...(parents.get(level) ?? [])];
    if (starts.length === 0) continue;
    const childLevel = level === WEEK_LEVEL ? 0 : level - 1;
    const span = level === WEEK_LEVEL ? 7 : 2 ** level;
    const childSpan = level === WEEK_LEVEL ? 1 : 2 ** childLevel;
    const children = new Map<number, JourneyAggregate[]>(starts.map((start) => [start, []]));
    const childStarts = starts.flatMap((start) =>
      Array.from({ length: span / childSpan }, (_, i) => start + i * childSpan),
    );
    for (const part of chunks(childStarts, IN_CHUNK)) {
      const rows = await trx
        .selectFrom('score_rollups')
        .select(['start_day', 'aggregate_json'])
        .where('team_id', '=', teamId)
        .where('journey_id', '=', journeyId)
        .where('level', '=', childLevel)
        .where('start_day', 'in', part)
        .orderBy('start_day')
        .execute();
      for (const row of rows) {
        const parent = level === WEEK_LEVEL ? weekStart(row.start_day) : Math.floor(row.start_day / span) * span;
        children.get(parent)?.push(parseAggregate(row.aggregate_json, `rollup of journey ${journeyId}`));
      }
    }
    await writeRollups(
      trx,
      teamId,
      journeyId,
      [...children].map(([startDay, parts]) => ({
        bucket: { level, startDay },
        aggregate: parts.length === 0 ? undefined : mergeAllAggregates(parts),
      })),
    );
  }
}

async function writeRollups(
  trx: Kysely<Database>,
  teamId: string,
  journeyId: string,
  writes: readonly RollupWrite[],
): Promise<void> {
  const empty = writes.filter((w) => w.aggregate === undefined || w.aggregate.n === 0);
  for (const level of new Set(empty.map((w) => w.bucket.level))) {
    const starts = empty.filter((w) => w.bucket.level === level).map((w) => w.bucket.startDay);
    for (const part of chunks(starts, IN_CHUNK)) {
      await trx
        .deleteFrom('score_rollups')
        .where('team_id', '=', teamId)
        .where('journey_id', '=', journeyId)
        .where('level', '=', level)
        .where('start_day', 'in', part)
        .execute();
    }
  }
  const rows = writes.flatMap(({ bucket, aggregate }) =>
    aggregate === undefined || aggregate.n === 0
      ? []
      : [
          {
            team_id: teamId,
            level: bucket.level,
            start_day: bucket.startDay,
            journey_id: journeyId,
            n: aggregate.n,
            within_target: aggregate.withinTarget,
            aggregate_json: JSON.stringify(aggregate),
          },
        ],
  );
  for (const part of chunks(rows, 100)) {
    await trx
      .insertInto('score_rollups')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['team_id', 'level', 'start_day', 'journey_id']).doUpdateSet((eb) => ({
          n: eb.ref('excluded.n'),
          within_target: eb.ref('excluded.within_target'),
          aggregate_json: eb.ref('excluded.aggregate_json'),
        })),
      )
      .execute();
  }
}
