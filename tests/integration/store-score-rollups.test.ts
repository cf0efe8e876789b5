// The score rollups (migration 0008, server/store/scores/catch-up.ts) and their slices per sampler and per browser
// (migration 0009, slices.ts) against a from-scratch recount, on SQLite and PostgreSQL: after random pushes, new revs that move a walkthrough to another journey or day, deletions, target
// edits, catch-ups in small batches and at random moments, two catch-ups at once, and (PostgreSQL) a push whose
// transaction commits after a catch-up has run past it, every fact row and every bucket equals what counting the
// stored walkthroughs afresh gives.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../server/logger.ts';
import { periodAggregates, sliceOf } from '../../server/scores/aggregates.ts';
import { scoreRollupsMigration } from '../../server/store/migrations/0008-score-rollups.ts';
import { scoreSlicesMigration } from '../../server/store/migrations/0009-score-slices.ts';
import { feedbackSpanCountsMigration } from '../../server/store/migrations/0010-feedback-span-counts.ts';
import { applyPushBatch, kyselyPushStatements } from '../../server/store/push/push-batch.ts';
import { catchUpScores } from '../../server/store/scores/catch-up.ts';
import { type FactRow, factRowOf, scoreFactsOf } from '../../server/store/scores/facts.ts';
import { SLICE_KINDS, sliceBucketsOfDay } from '../../server/store/scores/slices.ts';
import type { Store } from '../../server/store/store.ts';
import { testContext, testDatabase } from '../../server/store/testing/test-database.ts';
import { aggregateFacts } from '../../shared/domain/journey-aggregate.ts';
import { bucketsOfDay, dayOf, dyadicCover } from '../../shared/domain/score-days.ts';
import type { JourneyTargets } from '../../shared/schemas/journey-targets.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { makeFeedback } from '../fixtures/make-feedback.ts';
import { makeJourney } from '../fixtures/make-journey.ts';
import { makeService } from '../fixtures/make-service.ts';
import { makeTargets } from '../fixtures/make-targets.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator, FIXTURE_EPOCH_MS } from '../fixtures/seeded-ids.ts';
import { type SeededTeam, seedTeamMembers } from '../helpers/api-harness.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

/** Fixed so a failure reproduces; set FUZZ_SEED to explore. fast-check prints the failing case. */
const SEED = Number(process.env.FUZZ_SEED ?? 0x5c0e5);
const DAY_MS = 86_400_000;
const DEVICE = '01900000-0000-7000-8000-00000000d0e5';

type Shape = {
  readonly journey: 0 | 1 | 2; // 2: ad-hoc
  readonly dayOffset: number;
  readonly elapsedMs: number;
  readonly pausedMs: number;
  readonly outcome: 'completed' | 'abandoned' | 'failed';
  readonly satisfaction: number | undefined;
  readonly seq: number | undefined;
  readonly browser: string;
};

type Op =
  | { readonly kind: 'push'; readonly shape: Shape; readonly owner: 0 | 1 }
  | { readonly kind: 'revise'; readonly pick: number; readonly shape: Shape }
  | { readonly kind: 'remove'; readonly pick: number }
  | { readonly kind: 'retarget'; readonly journey: 0 | 1; readonly thresholdMs: number; readonly elapsed: boolean }
  | { readonly kind: 'catch-up'; readonly batch: number }
  | { readonly kind: 'two-catch-ups' }
  | { readonly kind: 'late-commit'; readonly shape: Shape };

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  journey: fc.constantFrom(0 as const, 1 as const, 2 as const),
  // Days spread over ~5 weeks, so weeks and dyadic buckets of several levels get several walkthroughs.
  dayOffset: fc.integer({ min: -20, max: 16 }),
  elapsedMs: fc.integer({ min: 1_000, max: 400_000 }),
  pausedMs: fc.integer({ min: 0, max: 200_000 }),
  outcome: fc.constantFrom('completed' as const, 'completed' as const, 'abandoned' as const, 'failed' as const),
  satisfaction: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  seq: fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
  // A new rev may name another browser: the walkthrough then leaves one browser's slice for another's.
  browser: fc.constantFrom('Chromium 156', 'Firefox 140'),
});

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    // Two samplers, so the walkthroughs fall in more than one sampler's slice.
    arbitrary: fc.record({
      kind: fc.constant('push' as const),
      shape: shapeArb,
      owner: fc.constantFrom(0 as const, 1 as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('revise' as const), pick: fc.nat(), shape: shapeArb }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('retarget' as const),
      journey: fc.constantFrom(0 as const, 1 as const),
      thresholdMs: fc.integer({ min: 5_000, max: 300_000 }),
      elapsed: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('catch-up' as const), batch: fc.integer({ min: 1, max: 7 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'two-catch-ups' as const }) },
  { weight: 1, arbitrary: shapeArb.map((shape) => ({ kind: 'late-commit' as const, shape })) },
);

describe.each(storeFactories())('score rollups on $kind', ({ kind, open }) => {
  let opened: OpenedStore;
  let store: Store;
  const ids = createIdGenerator(0x5c0);

  beforeAll(async () => {
    opened = await open();
    store = opened.store;
    await store.migrate();
  });
  afterAll(async () => {
    await opened.dispose();
  });

  /** A new team with a service, two journeys and their targets. */
  async function newTeam(): Promise<{ team: SeededTeam; journeyIds: [string, string] }> {
    const team = await seedTeamMembers(store, `Team ${ids()}`);
    const service = makeService({ id: ids(), teamId: team.teamId });
    await store.putService(team.teamId, service);
    const journeyIds: [string, string] = [ids(), ids()];
    for (const id of journeyIds) {
      await store.putJourney(team.teamId, makeJourney({ id, teamId: team.teamId, serviceId: service.id }));
      await store.putJourneyTargets(team.teamId, makeTargets({ journeyId: id, rev: 1 }));
    }
    return { team, journeyIds };
  }

  const walkthroughOf = (id: string, rev: number, shape: Shape, journeyIds: readonly string[], samplerId: string) => {
    const startedAt = new Date(FIXTURE_EPOCH_MS + shape.dayOffset * DAY_MS + (shape.elapsedMs % 7) * 3_600_000);
    const pausedMs = Math.min(shape.pausedMs, shape.elapsedMs);
    return makeWalkthrough(
      {
        id,
        rev,
        journeyId: shape.journey === 2 ? null : (journeyIds[shape.journey] ?? null),
        samplerId,
        startedAt: startedAt.toISOString(),
        elapsedMs: shape.elapsedMs,
        pauses: pausedMs === 0 ? [] : [{ startMs: 0, endMs: pausedMs, reason: 'approval' }],
        outcome: shape.outcome,
        environment: { browser: shape.browser, os: 'Linux' },
        ratings: {
          ...(shape.satisfaction === undefined ? {} : { satisfaction: shape.satisfaction }),
          ...(shape.seq === undefined ? {} : { seq: shape.seq }),
        },
      },
      ids,
    );
  };

  /** What the rollup tables must hold: counted afresh from the walkthroughs stored now. */
  async function expectedRollups(teamId: string) {
    const db = testDatabase(store);
    const rows = await db
      .selectFrom('walkthroughs')
      .select(['id', 'record_json', 'sampler_id'])
      .where('team_id', '=', teamId)
      .execute();
    const targets = new Map((await store.listJourneyTargets(teamId)).map((t) => [t.journeyId, t]));
    const facts: FactRow[] = [];
    for (const row of rows) {
      const fact = factRowOf(teamId, row.sampler_id, JSON.parse(row.record_json) as Walkthrough);
      if (fact !== undefined) facts.push(fact);
    }
    const buckets = new Map<string, FactRow[]>();
    for (const fact of facts) {
      for (const { level, startDay } of bucketsOfDay(fact.day)) {
        const key = `${fact.journey_id}|${level}|${startDay}`;
        buckets.set(key, [...(buckets.get(key) ?? []), fact]);
      }
    }
    const rollups = new Map<string, unknown>();
    for (const [key, group] of buckets) {
      const journeyTargets = targets.get(key.split('|')[0] ?? '') as JourneyTargets;
      const scored = scoreFactsOf(group);
      if (scored.length > 0) rollups.set(key, aggregateFacts(scored, journeyTargets));
    }
    const sliceBuckets = new Map<string, FactRow[]>();
    for (const fact of facts) {
      for (const kind of SLICE_KINDS) {
        const value = kind === 'sampler' ? fact.sampler_id : fact.browser;
        if (value === null) continue;
        for (const { level, startDay } of sliceBucketsOfDay(kind, fact.day)) {
          const key = `${fact.journey_id}|${kind}|${value}|${level}|${startDay}`;
          sliceBuckets.set(key, [...(sliceBuckets.get(key) ?? []), fact]);
        }
      }
    }
    const slices = new Map<string, unknown>();
    for (const [key, group] of sliceBuckets) {
      const journeyTargets = targets.get(key.split('|')[0] ?? '') as JourneyTargets;
      const scored = scoreFactsOf(group);
      if (scored.length > 0) slices.set(key, aggregateFacts(scored, journeyTargets));
    }
    return { facts, rollups, slices };
  }

  async function actualRollups(teamId: string) {
    const db = testDatabase(store);
    const facts = await db.selectFrom('score_facts').selectAll().where('team_id', '=', teamId).execute();
    const rows = await db.selectFrom('score_rollups').selectAll().where('team_id', '=', teamId).execute();
    const rollups = new Map<string, unknown>();
    for (const row of rows) {
      const aggregate = JSON.parse(row.aggregate_json) as { n: number; withinTarget: number };
      // The copied counts agree with the JSON they copy.
      expect([row.n, row.within_target]).toEqual([aggregate.n, aggregate.withinTarget]);
      rollups.set(`${row.journey_id}|${row.level}|${row.start_day}`, aggregate);
    }
    const sliceRows = await db.selectFrom('score_slice_rollups').selectAll().where('team_id', '=', teamId).execute();
    const slices = new Map<string, unknown>();
    for (const row of sliceRows) {
      const aggregate = JSON.parse(row.aggregate_json) as { n: number; withinTarget: number };
      expect([row.n, row.within_target]).toEqual([aggregate.n, aggregate.withinTarget]);
      slices.set(`${row.journey_id}|${row.slice}|${row.value}|${row.level}|${row.start_day}`, aggregate);
    }
    return {
      slices,
      facts: facts.map((f) => ({
        ...f,
        active_ms: f.active_ms === null ? null : Number(f.active_ms),
        elapsed_ms: f.elapsed_ms === null ? null : Number(f.elapsed_ms),
      })),
      rollups,
    };
  }

  const byId = (rows: readonly FactRow[]) => [...rows].sort((a, b) => a.walkthrough_id.localeCompare(b.walkthrough_id));

  /** A push whose transaction stays open while a catch-up runs, then commits (PostgreSQL: a real second connection). */
  async function lateCommit(teamId: string, samplerId: string, walkthrough: Walkthrough) {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let pushed = () => {};
    const reserved = new Promise<void>((resolve) => {
      pushed = resolve;
    });
    const push = testDatabase(store)
      .transaction()
      .execute(async (trx) => {
        await applyPushBatch(kyselyPushStatements(trx), {
          teamId,
          samplerId,
          clientId: DEVICE,
          walkthroughs: [walkthrough],
        });
        pushed();
        await held;
      });
    await reserved;
    // The push holds its change_seq, uncommitted: the catch-up must not move past it for good.
    const through = await store.catchUpScores(teamId);
    release();
    await push;
    return through;
  }

  it('equal a from-scratch recount after any sequence of changes', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 40 }), async (ops) => {
        const { team, journeyIds } = await newTeam();
        const { teamId } = team;
        const samplerId = team.staff.userId;
        const owners = [team.staff.userId, team.otherStaff.userId];
        const held: { id: string; rev: number; owner: string }[] = [];
        const targetRevs = [1, 1];
        for (const op of ops) {
          if (op.kind === 'push' || (op.kind === 'late-commit' && kind === 'sqlite')) {
            const owner = op.kind === 'push' ? (owners[op.owner] as string) : samplerId;
            const w = walkthroughOf(ids(), 1, op.shape, journeyIds, owner);
            await store.pushWalkthroughs({ teamId, samplerId: owner, clientId: DEVICE, walkthroughs: [w] });
            held.push({ id: w.id, rev: 1, owner });
          } else if (op.kind === 'late-commit') {
            const w = walkthroughOf(ids(), 1, op.shape, journeyIds, samplerId);
            await lateCommit(teamId, samplerId, w);
            held.push({ id: w.id, rev: 1, owner: samplerId });
          } else if (op.kind === 'revise' && held.length > 0) {
            const entry = held[op.pick % held.length] as { id: string; rev: number; owner: string };
            entry.rev += 1;
            const w = walkthroughOf(entry.id, entry.rev, op.shape, journeyIds, entry.owner);
            await store.pushWalkthroughs({ teamId, samplerId: entry.owner, clientId: DEVICE, walkthroughs: [w] });
          } else if (op.kind === 'remove' && held.length > 0) {
            const [entry] = held.splice(op.pick % held.length, 1);
            expect(await store.removeWalkthroughs(teamId, [entry?.id ?? ''])).toEqual([entry?.id]);
          } else if (op.kind === 'retarget') {
            targetRevs[op.journey] = (targetRevs[op.journey] ?? 1) + 1;
            const journeyId = journeyIds[op.journey] as string;
            await store.putJourneyTargets(
              teamId,
              makeTargets({
                journeyId,
                rev: targetRevs[op.journey] as number,
                duration: { thresholdMs: op.thresholdMs, share: 0.8, clock: op.elapsed ? 'elapsed' : 'active' },
                apdexTMs: Math.floor(op.thresholdMs / 2),
              }),
            );
          } else if (op.kind === 'catch-up') {
            await store.catchUpScores(teamId, op.batch);
          } else if (op.kind === 'two-catch-ups') {
            const [a, b] = await Promise.all([store.catchUpScores(teamId, 3), store.catchUpScores(teamId, 2)]);
            expect(a).toBe(b);
          }
        }
        const through = await store.catchUpScores(teamId);
        const head = await testDatabase(store)
          .selectFrom('change_counters')
          .select('value')
          .where('team_id', '=', teamId)
          .executeTakeFirstOrThrow();
        expect(through).toBe(Number(head.value));
        const expected = await expectedRollups(teamId);
        const actual = await actualRollups(teamId);
        expect(byId(actual.facts)).toEqual(byId(expected.facts));
        expect(new Map([...actual.rollups].sort())).toEqual(new Map([...expected.rollups].sort()));
        expect(new Map([...actual.slices].sort())).toEqual(new Map([...expected.slices].sort()));

        // A period read merges the fewest buckets and gives the recount of its days.
        const from = dayOf(new Date(FIXTURE_EPOCH_MS - 13 * DAY_MS).toISOString());
        const to = from + 23;
        expect(dyadicCover(from, to).reduce((days, b) => days + 2 ** b.level, 0)).toBe(23);
        const merged = await store.scoreAggregates(teamId, from, to, journeyIds);
        const targets = new Map((await store.listJourneyTargets(teamId)).map((t) => [t.journeyId, t]));
        for (const journeyId of journeyIds) {
          const inPeriod = scoreFactsOf(
            expected.facts
              .filter((f) => f.journey_id === journeyId && f.day >= from && f.day < to)
              .sort((a, b) => a.day - b.day),
          );
          expect(merged.get(journeyId)).toEqual(
            inPeriod.length === 0 ? undefined : aggregateFacts(inPeriod, targets.get(journeyId) as JourneyTargets),
          );
        }
        // So does a read of one sampler's or one browser's slice (its buckets and the facts of its ragged ends),
        // over this period and over one long enough to hold a sampler's 32-day buckets.
        const periods = [
          [from, to],
          [from - 60, to + 50],
        ] as const;
        for (const [first, end] of periods) {
          for (const filters of [{ samplerId: owners[1] }, { browser: 'Firefox 140' }]) {
            expect(sliceOf(filters)).toBeDefined();
            const sliced = await periodAggregates(store, teamId, first, end, targets, filters);
            for (const journeyId of journeyIds) {
              const inSlice = scoreFactsOf(
                expected.facts.filter(
                  (f) =>
                    f.journey_id === journeyId &&
                    f.day >= first &&
                    f.day < end &&
                    (filters.samplerId === undefined || f.sampler_id === filters.samplerId) &&
                    (filters.browser === undefined || f.browser === filters.browser),
                ),
              );
              expect(sliced.get(journeyId)).toEqual(
                inSlice.length === 0 ? undefined : aggregateFacts(inSlice, targets.get(journeyId) as JourneyTargets),
              );
            }
          }
        }
      }),
      { seed: SEED, numRuns: kind === 'postgres' ? 12 : 20, endOnFailure: true },
    );
  });

  it('a bucket of more than 256 walkthroughs turns into a DDSketch and still equals the recount', async () => {
    const { team, journeyIds } = await newTeam();
    const samplerId = team.staff.userId;
    const walkthroughs = Array.from({ length: 300 }, (_, i) =>
      walkthroughOf(
        ids(),
        1,
        {
          journey: 0,
          dayOffset: i % 2,
          elapsedMs: 20_000 + ((i * 7919) % 200_000),
          pausedMs: i % 3 === 0 ? 5_000 : 0,
          outcome: i % 10 === 0 ? 'abandoned' : 'completed',
          satisfaction: (i % 5) + 1,
          seq: (i % 7) + 1,
          browser: 'Chromium 156',
        },
        journeyIds,
        samplerId,
      ),
    );
    await store.pushWalkthroughs({ teamId: team.teamId, samplerId, clientId: DEVICE, walkthroughs });
    await store.catchUpScores(team.teamId, 64);
    const expected = await expectedRollups(team.teamId);
    const actual = await actualRollups(team.teamId);
    expect(new Map([...actual.rollups].sort())).toEqual(new Map([...expected.rollups].sort()));
    const kinds = [...actual.rollups.values()].map((a) => (a as { active: { kind: string } }).active.kind);
    expect(kinds).toContain('ddsketch');
    expect(kinds).toContain('exact');
  });

  it('a stored record that cannot be scored is logged and skipped, and the catch-up goes on past it', async () => {
    const { team, journeyIds } = await newTeam();
    const { teamId } = team;
    const samplerId = team.staff.userId;
    const shape: Shape = {
      journey: 0,
      dayOffset: 0,
      elapsedMs: 60_000,
      pausedMs: 0,
      outcome: 'completed',
      satisfaction: 4,
      seq: 6,
      browser: 'Chromium 156',
    };
    const [broken, unreadable, good] = [1, 2, 3].map(() => walkthroughOf(ids(), 1, shape, journeyIds, samplerId)) as [
      Walkthrough,
      Walkthrough,
      Walkthrough,
    ];
    await store.pushWalkthroughs({ teamId, samplerId, clientId: DEVICE, walkthroughs: [broken, unreadable, good] });
    // Damaged after the push checked them: what a bug or a hand edit could leave behind.
    const db = testDatabase(store);
    const damage = (id: string, json: string) =>
      db.updateTable('walkthroughs').set({ record_json: json }).where('id', '=', id).execute();
    await damage(broken.id, JSON.stringify({ ...broken, startedAt: 'yesterday' }));
    // Not JSON: a parser's message quotes the start of it ("Alice live"...), which must not reach the log.
    await damage(unreadable.id, 'Alice lives at 5 Elm St, call her on 0123');
    const logger = createMemoryLogger();
    const context = { ...testContext(store), logger };
    const head = await testDatabase(store)
      .selectFrom('change_counters')
      .select('value')
      .where('team_id', '=', teamId)
      .executeTakeFirstOrThrow();
    expect(await catchUpScores(context, teamId)).toBe(Number(head.value));
    expect(logger.entries.map((e) => [e.level, e.fields.walkthroughId])).toEqual([
      ['warn', broken.id],
      ['warn', unreadable.id],
    ]);
    // The kind alone: nothing of either record's text reaches the log.
    expect(logger.entries.map((e) => e.fields.error)).toEqual(['schema', 'not-json']);
    expect(JSON.stringify(logger.entries)).not.toMatch(/Alice|Elm|yesterday/);
    const counted = async () =>
      (await db.selectFrom('score_facts').select('walkthrough_id').where('team_id', '=', teamId).execute())
        .map((row) => row.walkthrough_id)
        .sort();
    expect(await counted()).toEqual([good.id]);
    // Its next good rev counts as usual, and the rollups equal the recount.
    const fixed = walkthroughOf(broken.id, 2, shape, journeyIds, samplerId);
    await store.pushWalkthroughs({ teamId, samplerId, clientId: DEVICE, walkthroughs: [fixed] });
    await catchUpScores(context, teamId);
    expect(await counted()).toEqual([broken.id, good.id].sort());
    const aggregates = await store.scoreAggregates(teamId, dayOf(good.startedAt), dayOf(good.startedAt) + 1);
    expect(aggregates.get(journeyIds[0])?.n).toBe(2);
  });

  /** Walkthroughs spread over both journeys and several weeks, pushed but not yet caught up. */
  async function backlogTeam(count: number) {
    const { team, journeyIds } = await newTeam();
    const samplerId = team.staff.userId;
    const walkthroughs = Array.from({ length: count }, (_, i) =>
      walkthroughOf(
        ids(),
        1,
        {
          journey: (i % 2) as 0 | 1,
          dayOffset: (i % 30) - 15,
          elapsedMs: 20_000 + ((i * 7919) % 200_000),
          pausedMs: 0,
          outcome: 'completed',
          satisfaction: (i % 5) + 1,
          seq: undefined,
          browser: i % 3 === 0 ? 'Firefox 140' : 'Chromium 156',
        },
        journeyIds,
        samplerId,
      ),
    );
    await store.pushWalkthroughs({ teamId: team.teamId, samplerId, clientId: DEVICE, walkthroughs });
    return { team, journeyIds, samplerId };
  }

  async function expectRecount(teamId: string) {
    const expected = await expectedRollups(teamId);
    const actual = await actualRollups(teamId);
    expect(new Map([...actual.rollups].sort())).toEqual(new Map([...expected.rollups].sort()));
    expect(new Map([...actual.slices].sort())).toEqual(new Map([...expected.slices].sort()));
  }

  const builtThrough = async (teamId: string) =>
    Number(
      (
        await testDatabase(store)
          .selectFrom('score_slice_cursors')
          .select('through_seq')
          .where('team_id', '=', teamId)
          .executeTakeFirst()
      )?.through_seq ?? 0,
    );

  it('a rebuild goes one journey per transaction: other store calls run between them, on SQLite too', async () => {
    const { team, journeyIds } = await backlogTeam(120);
    const { teamId } = team;
    await store.catchUpScores(teamId);
    // A rebuild from scratch, as after migration 0011: the rollups are no longer marked built.
    await testDatabase(store).deleteFrom('score_slice_cursors').where('team_id', '=', teamId).execute();
    let transactions = 0;
    let running = true;
    const seenAt: number[] = [];
    // Another store call, over and over: on SQLite it waits for the one connection, so it completes only between
    // the rebuild's transactions (one transaction for the whole team let none through until the end).
    const reader = (async () => {
      while (running) {
        await store.accounts.listTeams();
        seenAt.push(transactions);
      }
    })();
    const through = await store.catchUpScores(teamId, undefined, {
      shouldStop: () => {
        transactions += 1;
        return false;
      },
    });
    running = false;
    await reader;
    // Rollups then slices of each journey, then the built marker.
    expect(transactions).toBe(1 + 2 * journeyIds.length + 1);
    const during = new Set(seenAt.filter((at) => at >= 1 && at <= 2 * journeyIds.length));
    expect(during.size).toBeGreaterThanOrEqual(2 * journeyIds.length - 1);
    expect(await builtThrough(teamId)).toBe(through);
    await expectRecount(teamId);
  });

  it('a rebuild cut short is not marked built, and the next catch-up builds it whole', async () => {
    const { team } = await backlogTeam(80);
    const { teamId } = team;
    let checks = 0;
    // 1: the facts batch; 2: the build; 3: the first journey's rollups; 4: its slices (stopped there).
    const cut = await store.catchUpScores(teamId, 10_000, { shouldStop: () => ++checks > 3 });
    expect(cut).toBe(0);
    expect(await builtThrough(teamId)).toBe(0);
    const rolledJourneys = await testDatabase(store)
      .selectFrom('score_rollups')
      .select('journey_id')
      .distinct()
      .where('team_id', '=', teamId)
      .execute();
    expect(rolledJourneys).toHaveLength(1);
    // A score read catches up first: it finishes the build before reading anything.
    const through = await store.catchUpScores(teamId);
    expect(await builtThrough(teamId)).toBe(through);
    await expectRecount(teamId);
  });

  it('a catch-up ends at the head it found on entry, however fast the team keeps pushing', async () => {
    const { team, journeyIds, samplerId } = await backlogTeam(6);
    const { teamId } = team;
    const headOf = async () =>
      Number(
        (
          await testDatabase(store)
            .selectFrom('change_counters')
            .select('value')
            .where('team_id', '=', teamId)
            .executeTakeFirstOrThrow()
        ).value,
      );
    const head = await headOf();
    const pushes: Promise<unknown>[] = [];
    // A push before every transaction of the catch-up (batches of one): the head keeps moving away from it.
    const through = await store.catchUpScores(teamId, 1, {
      shouldStop: () => {
        if (pushes.length < 30) {
          const shape: Shape = {
            journey: 0,
            dayOffset: 0,
            elapsedMs: 30_000,
            pausedMs: 0,
            outcome: 'completed',
            satisfaction: undefined,
            seq: undefined,
            browser: 'Chromium 156',
          };
          const walkthroughs = [walkthroughOf(ids(), 1, shape, journeyIds, samplerId)];
          pushes.push(store.pushWalkthroughs({ teamId, samplerId, clientId: DEVICE, walkthroughs }));
        }
        return false;
      },
    });
    await Promise.all(pushes);
    expect(through).toBeGreaterThanOrEqual(head);
    // Stopped near the entry head: a chase would have run on until the pushes stopped.
    expect(pushes.length).toBeLessThan(30);
    expect(through).toBeLessThan(await headOf());
    await store.catchUpScores(teamId);
    await expectRecount(teamId);
  });

  it("migration 0008 counts the customers' ratings already stored; new ones are counted as they come", async () => {
    const { team, journeyIds } = await newTeam();
    const [journeyId] = journeyIds;
    const db = testDatabase(store);
    const serviceId = (await store.getJourney(team.teamId, journeyId))?.serviceId as string;
    const day = dayOf(new Date(FIXTURE_EPOCH_MS).toISOString());
    // Ratings stored before the migration: the table and its counts come and go with it (0009 first, which
    // replaced one of 0008's indexes, and back).
    await feedbackSpanCountsMigration.down?.(db);
    await scoreSlicesMigration.down?.(db);
    await scoreRollupsMigration.down?.(db);
    for (const [i, rating] of [5, 4, 4, 1, 5, 5].entries()) {
      await db
        .insertInto('feedback')
        .values({
          id: ids(),
          team_id: team.teamId,
          service_id: serviceId,
          journey_id: i === 5 ? null : journeyId,
          step_id: null,
          rating,
          comment: null,
          page_url: 'https://portal.example.com/',
          created_at: new Date(FIXTURE_EPOCH_MS + (i % 2) * DAY_MS).toISOString(),
        })
        .execute();
    }
    await scoreRollupsMigration.up(db);
    await scoreSlicesMigration.up(db);
    await feedbackSpanCountsMigration.up(db);
    expect(await store.customerRatingCounts(team.teamId, day, day + 1)).toEqual(
      new Map([[journeyId, [0, 0, 0, 1, 2]]]),
    );
    expect(await store.customerRatingCounts(team.teamId, day, day + 2)).toEqual(
      new Map([[journeyId, [1, 0, 0, 2, 2]]]),
    );
    const later = makeFeedback(
      { serviceId, journeyId, rating: 2, createdAt: new Date(FIXTURE_EPOCH_MS + DAY_MS).toISOString() },
      ids,
    );
    expect(await store.insertFeedback(team.teamId, later)).toEqual({ status: 'accepted' });
    expect(await store.insertFeedback(team.teamId, later)).toEqual({ status: 'duplicate' });
    expect(await store.customerRatingCounts(team.teamId, day, day + 2)).toEqual(
      new Map([[journeyId, [1, 1, 0, 2, 2]]]),
    );
  });

  it("the customers' ratings of any period sum to the ratings stored, whole 32-day spans and ragged ends alike", async () => {
    const { team, journeyIds } = await newTeam();
    const [journeyId, otherId] = journeyIds;
    const serviceId = (await store.getJourney(team.teamId, journeyId))?.serviceId as string;
    const first = dayOf(new Date(FIXTURE_EPOCH_MS).toISOString()) - 100;
    const ratings = Array.from({ length: 120 }, (_, i) => ({
      journeyId: i % 4 === 0 ? otherId : journeyId,
      rating: ((i * 7) % 5) + 1,
      day: first + ((i * 37) % 170),
    }));
    for (const r of ratings.slice(0, 60)) {
      const createdAt = new Date(r.day * DAY_MS + 3_600_000).toISOString();
      const f = makeFeedback({ serviceId, journeyId: r.journeyId, rating: r.rating, createdAt }, ids);
      expect(await store.insertFeedback(team.teamId, f)).toEqual({ status: 'accepted' });
    }
    // The spans of ratings stored before migration 0010 are filled from the day counts; later ones by the trigger.
    const db = testDatabase(store);
    await feedbackSpanCountsMigration.down?.(db);
    await feedbackSpanCountsMigration.up(db);
    for (const r of ratings.slice(60)) {
      const createdAt = new Date(r.day * DAY_MS + 3_600_000).toISOString();
      const f = makeFeedback({ serviceId, journeyId: r.journeyId, rating: r.rating, createdAt }, ids);
      expect(await store.insertFeedback(team.teamId, f)).toEqual({ status: 'accepted' });
    }
    for (const [from, to] of [
      [first, first + 170],
      [first + 3, first + 5],
      [first + 1, first + 100],
      [first - 40, first + 31],
      [first + 64, first + 128],
    ] as const) {
      const want = new Map<string, number[]>();
      for (const r of ratings) {
        if (r.day < from || r.day >= to) continue;
        const counts = want.get(r.journeyId) ?? [0, 0, 0, 0, 0];
        counts[r.rating - 1] = (counts[r.rating - 1] ?? 0) + 1;
        want.set(r.journeyId, counts);
      }
      expect(await store.customerRatingCounts(team.teamId, from, to)).toEqual(want);
      expect(await store.customerRatingCounts(team.teamId, from, to, [otherId])).toEqual(
        new Map([...want].filter(([id]) => id === otherId)),
      );
    }
  });
});
