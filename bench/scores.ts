// The server's scores at scale (issue 11), on SQLite and on PostgreSQL (BENCH_SCORES_DB=sqlite|postgres|both;
// default both when PostgreSQL answers at the admin URL, see scores-data.ts), one section of rows per database:
// the overview and the journey answers from the rollups (server/scores/, the very functions behind the routes,
// without HTTP) for the API's periods and two years, each against the exact report over raw rows in the same run
// (scores-exact.ts); the percentiles' largest relative error against that exact report; the overview filtered by
// browser and by sampler (filters that cut across the rollups); and, on SQLite, push ingest with the rollups on
// against a raw insert. The data set (scores-data.ts) is cached between runs; when the rollup code or schema
// changed, its rollups are rebuilt from scratch by the real catch-up first, and that rebuild is reported.
//
// The exact report over a long period reads every raw row of it (two years at 1M: a million walkthroughs and
// ten million ratings), so it runs once, cold (no warm-up, not repeated); over 30 days or less it is the median
// of 3 after a warm-up. The rollups' answers are the median of 5 after a warm-up (filters: of 3).
import { scoresJourney } from '../server/scores/journey.ts';
import { scoresOverview } from '../server/scores/overview.ts';
import { MAX_PUSH_RECORDS } from '../shared/protocol/push.ts';
import type { ScoresQuery } from '../shared/protocol/scores.ts';
import { pushIngestBench } from './push-ingest.ts';
import { bytes, count, type Row, timeRow } from './report.ts';
import { openScoresData, postgresReachable, type ScoresData, type ScoresDbKind } from './scores-data.ts';
import { type ExactReport, exactReport, percentileError } from './scores-exact.ts';
import { BENCH_DAYS, BENCH_FILTER_BROWSER, BENCH_NOW } from './scores-rows.ts';
import { median } from './sync-bench-store.ts';

const DAY_MS = 86_400_000;
const GOAL_MS = 100;
const FILTER_GOAL_MS = 250;
/** Periods up to this long get a warmed-up median of 3 exact runs; longer ones one cold run. */
const REPEAT_EXACT_DAYS = 30;
/** The last instant of the data set's last day: "today" for the API's periods (7d, 30d, 90d, quarter). */
const NOW = new Date(BENCH_NOW.getTime() - 1);

const LABEL: Record<ScoresDbKind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const timeAsync = async (fn: () => Promise<unknown>, runs: number): Promise<number> => {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return median(times);
};

const dayIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A period as the API takes it, and the instants [fromMs, toMs) the exact report reads. */
type Period = { readonly label: string; readonly days: number; query: ScoresQuery; fromMs: number; toMs: number };

const lastDays = (days: number): Period => ({
  label: `${days} days`,
  days,
  query: { period: `${days}d` as '7d' | '30d' | '90d' },
  fromMs: BENCH_NOW.getTime() - days * DAY_MS,
  toMs: BENCH_NOW.getTime(),
});

const quarter = (): Period => {
  const fromMs = Date.UTC(NOW.getUTCFullYear(), Math.floor(NOW.getUTCMonth() / 3) * 3, 1);
  const days = Math.round((BENCH_NOW.getTime() - fromMs) / DAY_MS);
  return {
    label: `the quarter so far (${days} days)`,
    days,
    query: { period: 'quarter' },
    fromMs,
    toMs: BENCH_NOW.getTime(),
  };
};

const wholeData = (): Period => {
  const fromMs = BENCH_NOW.getTime() - BENCH_DAYS * DAY_MS;
  return {
    label: `${BENCH_DAYS} days`,
    days: BENCH_DAYS,
    query: { from: dayIso(fromMs), to: dayIso(BENCH_NOW.getTime() - DAY_MS) },
    fromMs,
    toMs: BENCH_NOW.getTime(),
  };
};

/** The exact report and how long it took: once, cold, over a long period; the median of 3 over a short one. */
async function timedExact(
  data: ScoresData,
  period: Period,
  journeyId?: string,
): Promise<{ ms: number; report: ExactReport; how: string }> {
  const runs = period.days <= REPEAT_EXACT_DAYS ? 3 : 1;
  if (runs > 1) await exactReport(data, period.fromMs, period.toMs, journeyId);
  const times: number[] = [];
  let report: ExactReport | undefined;
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    report = await exactReport(data, period.fromMs, period.toMs, journeyId);
    times.push(performance.now() - started);
  }
  return { ms: median(times), report: report as ExactReport, how: runs > 1 ? 'median of 3' : 'one cold run' };
}

const rollupGoal = (ms: number, exactMs: number) => ({
  text: `<= 0.1x exact and < ${GOAL_MS} ms`,
  met: ms * 10 <= exactMs && ms < GOAL_MS,
});

/** The section of one database. */
async function scoresBenchOn(kind: ScoresDbKind, walkthroughs: number): Promise<Row[]> {
  const db = LABEL[kind];
  const data = await openScoresData(kind, walkthroughs, (line) => console.error(`scores bench: ${line}`));
  const rows: Row[] = [];
  const scale = `${walkthroughs.toLocaleString('en')} walkthroughs, ${data.feedback.toLocaleString('en')} ratings`;
  try {
    rows.push({
      name: `[${db}] scores data set on disk: ${scale}, 200 journeys, ${BENCH_DAYS} days (cached between runs)`,
      baseline: null,
      measured: bytes(data.sizeBytes),
      goal: null,
    });
    if (data.generateMs !== null) {
      rows.push({
        name: `[${db}] scores: making the raw rows (bulk load, this run; cached after)`,
        baseline: null,
        measured: { value: data.generateMs, unit: 'ms' },
        goal: null,
      });
    }
    if (data.rebuildMs !== null) {
      rows.push({
        name: `[${db}] scores: rollup rebuild from scratch by the real catch-up (rollup code or schema changed; emptied ${data.cleared.join(', ')})`,
        baseline: null,
        measured: { value: data.rebuildMs, unit: 'ms' },
        goal: null,
      });
    }
    const periods = [lastDays(7), lastDays(30), lastDays(90), quarter(), wholeData()];
    for (const period of periods) {
      const rollupMs = await timeAsync(() => scoresOverview(data.store, data.teamId, period.query, NOW), 5);
      const exact = await timedExact(data, period);
      rows.push(
        timeRow(
          {
            name: `[${db}] scores overview, ${period.label}, 200 journeys, vs the exact report over raw rows (${exact.report.walkthroughs.toLocaleString('en')} walkthroughs, ${exact.report.ratings.toLocaleString('en')} ratings; ${exact.how})`,
            baselineMs: exact.ms,
            measuredMs: rollupMs,
          },
          rollupGoal(rollupMs, exact.ms),
        ),
      );
      if (period.days >= 90) {
        const answer = await scoresOverview(data.store, data.teamId, period.query, NOW);
        const percentiles = new Map(
          answer.services.flatMap((s) =>
            s.journeys.flatMap((j) => (j.scorecard === null ? [] : [[j.journey.id, j.scorecard.duration] as const])),
          ),
        );
        const error = percentileError(percentiles, exact.report.durations);
        rows.push({
          name: `[${db}] scores: largest relative error of p50/p90/p95 over 200 journeys, ${period.label}, vs exact (%)`,
          baseline: null,
          measured: count(Number((error * 100).toFixed(3))),
          goal: { text: '< 1 (%)', met: error < 0.01 },
        });
      }
      if (period.days === BENCH_DAYS) {
        const samplerId = await aSampler(data);
        for (const [what, filter] of [
          [`browser ${BENCH_FILTER_BROWSER}`, { browser: BENCH_FILTER_BROWSER }],
          ['one sampler', { samplerId }],
        ] as const) {
          const filteredMs = await timeAsync(
            () => scoresOverview(data.store, data.teamId, { ...period.query, ...filter }, NOW),
            3,
          );
          rows.push(
            timeRow(
              {
                name: `[${db}] scores overview filtered by ${what} (cuts across the rollups), ${period.label}, vs the unfiltered exact report (which reads the same raw rows)`,
                baselineMs: exact.ms,
                measuredMs: filteredMs,
              },
              { text: `< ${FILTER_GOAL_MS} ms`, met: filteredMs < FILTER_GOAL_MS },
            ),
          );
        }
      }
    }
    // The busiest journey (the generator skews towards the first ones).
    const journeyId = data.journeyIds[0] as string;
    const journey = await data.store.getJourney(data.teamId, journeyId);
    const targets = await data.store.getJourneyTargets(data.teamId, journeyId);
    if (journey === undefined || targets === undefined) throw new Error('bench: journey missing');
    for (const period of [lastDays(7), lastDays(90), wholeData()]) {
      const journeyMs = await timeAsync(
        () => scoresJourney(data.store, data.teamId, { journey, targets }, period.query, NOW),
        5,
      );
      const exact = await timedExact(data, period, journeyId);
      rows.push(
        timeRow(
          {
            name: `[${db}] scores of the busiest journey, ${period.label} (weekly trends, steps), vs its exact report (${exact.report.walkthroughs.toLocaleString('en')} walkthroughs, ${exact.report.ratings.toLocaleString('en')} ratings; ${exact.how})`,
            baselineMs: exact.ms,
            measuredMs: journeyMs,
          },
          rollupGoal(journeyMs, exact.ms),
        ),
      );
    }
  } finally {
    await data.store.close();
  }
  return rows;
}

/** One of the 20 samplers (each owns ~1/20 of the walkthroughs, spread over every journey). */
async function aSampler(data: ScoresData): Promise<string> {
  const users = await data.store.accounts.listUsers({ teamId: data.teamId });
  const first = users.find((u) => u.role === 'staff');
  if (first === undefined) throw new Error('bench: no sampler');
  return first.id;
}

type IngestResult = { baselineMs: number; pushMs: number; catchUpMs: number };

/**
 * Push ingest with the rollups on (the store migrated with them, a journey with targets), vs the raw insert of the
 * same rows; and, timed apart, the catch-up that folds each batch into the rollups, which the next score read
 * runs (not the push).
 */
async function ingestWithRollups(batches = 8, warmup = 2): Promise<IngestResult> {
  const result = await pushIngestBench({
    batches,
    warmup,
    prepare: async (server) => {
      await server.store.putJourneyTargets(server.teamId, {
        journeyId: server.journeyId,
        rev: 1,
        duration: { thresholdMs: 180_000, share: 0.9, clock: 'active' },
        minSamples: 5,
        updatedAt: new Date().toISOString(),
      });
    },
    // What the next score read does first: fold the batch into the rollups.
    afterPush: async (server) => {
      await server.store.catchUpScores(server.teamId);
    },
  });
  return { baselineMs: result.baselineMs, pushMs: result.measuredMs, catchUpMs: result.afterPushMs ?? 0 };
}

/** The databases BENCH_SCORES_DB names (default: both when PostgreSQL answers, else SQLite). */
async function benchKinds(): Promise<ScoresDbKind[]> {
  const named = process.env.BENCH_SCORES_DB;
  if (named === undefined || named === '') {
    if (await postgresReachable()) return ['sqlite', 'postgres'];
    console.error('scores bench: PostgreSQL not reachable, SQLite only (BENCH_SCORES_PG_URL / TEST_DATABASE_URL)');
    return ['sqlite'];
  }
  if (named === 'sqlite' || named === 'postgres') return [named];
  if (named === 'both') return ['sqlite', 'postgres'];
  throw new Error(`BENCH_SCORES_DB=${named}: pick sqlite, postgres or both`);
}

/** Every row of the scores benchmark, on a data set of `walkthroughs` walkthroughs (ten times as many ratings). */
export async function scoresBench(walkthroughs: number): Promise<Row[]> {
  if (!Number.isSafeInteger(walkthroughs) || walkthroughs < 1_000 || walkthroughs > 10_000_000) {
    throw new Error(`BENCH_SCORES_WALKTHROUGHS=${walkthroughs}: a whole number from 1000 to 10000000`);
  }
  const rows: Row[] = [];
  for (const kind of await benchKinds()) rows.push(...(await scoresBenchOn(kind, walkthroughs)));
  const ingest = await ingestWithRollups();
  rows.push(
    timeRow(
      {
        name: `[SQLite] push ingest with the rollups on (kept off the push path), ${MAX_PUSH_RECORDS} walkthroughs a batch (SQLite FULL), vs raw insert`,
        baselineMs: ingest.baselineMs,
        measuredMs: ingest.pushMs,
      },
      { text: 'throughput >= 0.5x raw insert (time <= 2x)', met: ingest.pushMs <= 2 * ingest.baselineMs },
    ),
    timeRow({
      name: `[SQLite] the rollups' catch-up of one such batch (run by the next score read, its own transaction), vs raw insert`,
      baselineMs: ingest.baselineMs,
      measuredMs: ingest.catchUpMs,
    }),
  );
  return rows;
}
