// The server's scores at scale (issue 11), on SQLite: the overview and the journey answers from the rollups
// (server/scores/, the very functions behind the routes, without HTTP), each against the exact report over raw
// rows in the same run (every walkthrough and rating of the period read and scored by shared scoreJourney), the
// percentiles' largest relative error against that exact report, a filter that reads the fact rows, and push
// ingest with the rollups caught up after every batch against a raw insert. The data set (scores-data.ts) is
// cached between runs.

import { scoresJourney } from '../server/scores/journey.ts';
import { scoresOverview } from '../server/scores/overview.ts';
import { testDatabase } from '../server/store/testing/test-database.ts';
import { measureDuration } from '../shared/domain/duration.ts';
import { percentile } from '../shared/domain/percentile.ts';
import { scoreJourney } from '../shared/domain/score-journey.ts';
import { MAX_PUSH_RECORDS } from '../shared/protocol/push.ts';
import type { ScoresQuery } from '../shared/protocol/scores.ts';
import type { Feedback } from '../shared/schemas/feedback.ts';
import type { Walkthrough } from '../shared/schemas/walkthrough.ts';
import { pushIngestBench } from './push-ingest.ts';
import { count, type Row, timeRow } from './report.ts';
import { BENCH_NOW, openScoresData, type ScoresData } from './scores-data.ts';
import { median } from './sync-bench-store.ts';

const DAY_MS = 86_400_000;
const GOAL_MS = 100;
const FILTER_GOAL_MS = 250;

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

/** The exact report: every walkthrough and rating of the period (of one journey, or all) read and scored afresh. */
async function exactReport(data: ScoresData, fromMs: number, toMs: number, journeyId?: string) {
  const db = testDatabase(data.store);
  const fromIso = new Date(fromMs).toISOString();
  const toIso = new Date(toMs).toISOString();
  let walkthroughQuery = db
    .selectFrom('walkthroughs')
    .select('record_json')
    .where('team_id', '=', data.teamId)
    .where('started_at', '>=', fromIso)
    .where('started_at', '<', toIso);
  if (journeyId !== undefined) walkthroughQuery = walkthroughQuery.where('journey_id', '=', journeyId);
  // JSON.parse alone: the cheapest exact report (the rows were checked when pushed), so the ratio flatters no one.
  const walkthroughs = (await walkthroughQuery.execute()).map((row) => JSON.parse(row.record_json) as Walkthrough);
  let feedbackQuery = db
    .selectFrom('feedback')
    .selectAll()
    .where('team_id', '=', data.teamId)
    .where('created_at', '>=', fromIso)
    .where('created_at', '<', toIso);
  if (journeyId !== undefined) feedbackQuery = feedbackQuery.where('journey_id', '=', journeyId);
  const feedback = (await feedbackQuery.execute()).map(
    (row): Feedback => ({
      id: row.id,
      serviceId: row.service_id,
      ...(row.journey_id === null ? {} : { journeyId: row.journey_id }),
      rating: row.rating,
      pageUrl: row.page_url,
      createdAt: row.created_at,
    }),
  );

  const byJourney = new Map<string, Walkthrough[]>();
  for (const w of walkthroughs) {
    if (w.journeyId === null) continue;
    const list = byJourney.get(w.journeyId) ?? [];
    list.push(w);
    byJourney.set(w.journeyId, list);
  }
  const feedbackByJourney = new Map<string, Feedback[]>();
  for (const f of feedback) {
    if (f.journeyId === undefined) continue;
    const list = feedbackByJourney.get(f.journeyId) ?? [];
    list.push(f);
    feedbackByJourney.set(f.journeyId, list);
  }
  const targets = await data.store.listJourneyTargets(data.teamId);
  const cards = targets
    .filter((t) => journeyId === undefined || t.journeyId === journeyId)
    .map((t) =>
      scoreJourney({
        targets: t,
        walkthroughs: byJourney.get(t.journeyId) ?? [],
        feedback: feedbackByJourney.get(t.journeyId) ?? [],
      }),
    );
  return { cards, walkthroughs };
}

/**
 * The largest relative error of p50, p90 and p95 of the rollups' answer against exact nearest-rank percentiles of
 * the raw durations (active time of the completed walkthroughs, each journey's target clock here).
 */
function percentileError(
  rollup: ReadonlyMap<string, { p50Ms: number | null; p90Ms: number | null; p95Ms: number | null }>,
  walkthroughs: readonly Walkthrough[],
): number {
  const durations = new Map<string, number[]>();
  for (const w of walkthroughs) {
    const measured = measureDuration(w);
    if (w.journeyId === null || w.outcome !== 'completed' || !measured.ok) continue;
    const list = durations.get(w.journeyId) ?? [];
    list.push(measured.value.activeMs);
    durations.set(w.journeyId, list);
  }
  let worst = 0;
  for (const [journeyId, values] of durations) {
    const got = rollup.get(journeyId);
    for (const [key, p] of [
      ['p50Ms', 50],
      ['p90Ms', 90],
      ['p95Ms', 95],
    ] as const) {
      const want = percentile(values, p);
      const have = got?.[key] ?? null;
      if (want === null || have === null || want === 0) continue;
      worst = Math.max(worst, Math.abs(have - want) / want);
    }
  }
  return worst;
}

const periodQuery = (days: number): { query: ScoresQuery; fromMs: number; toMs: number } => {
  const toMs = BENCH_NOW.getTime();
  const fromMs = toMs - days * DAY_MS;
  return { query: { from: dayIso(fromMs), to: dayIso(toMs - DAY_MS) }, fromMs, toMs };
};

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

/** Every row of the scores benchmark, on a data set of `walkthroughs` walkthroughs (ten times as many ratings). */
export async function scoresBench(walkthroughs: number): Promise<Row[]> {
  const data = await openScoresData(walkthroughs);
  const rows: Row[] = [];
  const scale = `${walkthroughs.toLocaleString('en')} walkthroughs, ${data.feedback.toLocaleString('en')} ratings`;
  try {
    if (data.catchUpMs !== null) {
      rows.push({
        name: `scores: first catch-up of the rollups over ${scale} (made once, then cached)`,
        baseline: null,
        measured: { value: data.catchUpMs, unit: 'ms' },
        goal: null,
      });
    }
    const now = BENCH_NOW;
    for (const days of [7, 90, 730]) {
      const { query, fromMs, toMs } = periodQuery(days);
      const rollupMs = await timeAsync(() => scoresOverview(data.store, data.teamId, query, now), 5);
      const started = performance.now();
      const exact = await exactReport(data, fromMs, toMs);
      const exactMs = performance.now() - started;
      rows.push(
        timeRow(
          {
            name: `scores overview, ${days} days of ${scale}, 200 journeys, vs the exact report over raw rows`,
            baselineMs: exactMs,
            measuredMs: rollupMs,
          },
          { text: `<= 0.1x exact and < ${GOAL_MS} ms`, met: rollupMs * 10 <= exactMs && rollupMs < GOAL_MS },
        ),
      );
      if (days === 730) {
        const answer = await scoresOverview(data.store, data.teamId, query, now);
        const durations = new Map(
          answer.services.flatMap((s) =>
            s.journeys.flatMap((j) => (j.scorecard === null ? [] : [[j.journey.id, j.scorecard.duration] as const])),
          ),
        );
        const error = percentileError(durations, exact.walkthroughs);
        rows.push({
          name: `scores: largest relative error of p50/p90/p95 over 200 journeys, ${days} days, vs exact`,
          baseline: null,
          measured: count(Number((error * 100).toFixed(3))),
          goal: { text: '< 1 (%)', met: error < 0.01 },
        });
        const filteredMs = await timeAsync(
          () => scoresOverview(data.store, data.teamId, { ...query, browser: 'Firefox 133' }, now),
          3,
        );
        rows.push(
          timeRow(
            {
              name: `scores overview filtered by browser (reads the fact rows), ${days} days, vs the exact report`,
              baselineMs: exactMs,
              measuredMs: filteredMs,
            },
            { text: `< ${FILTER_GOAL_MS} ms`, met: filteredMs < FILTER_GOAL_MS },
          ),
        );
      }
    }
    // The busiest journey (the generator skews towards the first ones), two years.
    const journeyId = data.journeyIds[0] as string;
    const journey = await data.store.getJourney(data.teamId, journeyId);
    const targets = await data.store.getJourneyTargets(data.teamId, journeyId);
    if (journey === undefined || targets === undefined) throw new Error('bench: journey missing');
    const { query, fromMs, toMs } = periodQuery(730);
    const journeyMs = await timeAsync(
      () => scoresJourney(data.store, data.teamId, { journey, targets }, query, now),
      5,
    );
    const started = performance.now();
    await exactReport(data, fromMs, toMs, journeyId);
    const exactJourneyMs = performance.now() - started;
    rows.push(
      timeRow(
        {
          name: 'scores of the busiest journey, 730 days (weekly trends, steps from its newest 500), vs its exact report',
          baselineMs: exactJourneyMs,
          measuredMs: journeyMs,
        },
        { text: `<= 0.1x exact and < ${GOAL_MS} ms`, met: journeyMs * 10 <= exactJourneyMs && journeyMs < GOAL_MS },
      ),
    );
  } finally {
    await data.store.close();
  }
  const ingest = await ingestWithRollups();
  rows.push(
    timeRow(
      {
        name: `push ingest with the rollups on (kept off the push path), ${MAX_PUSH_RECORDS} walkthroughs a batch (SQLite FULL), vs raw insert`,
        baselineMs: ingest.baselineMs,
        measuredMs: ingest.pushMs,
      },
      { text: 'throughput >= 0.5x raw insert (time <= 2x)', met: ingest.pushMs <= 2 * ingest.baselineMs },
    ),
    timeRow({
      name: `the rollups' catch-up of one such batch (run by the next score read, its own transaction), vs raw insert`,
      baselineMs: ingest.baselineMs,
      measuredMs: ingest.catchUpMs,
    }),
  );
  return rows;
}
