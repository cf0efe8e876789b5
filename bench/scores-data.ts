// The scores benchmark's data set: a team with 20 services, 200 journeys with targets, 20 samplers, N walkthroughs
// and 10 N customer ratings over two years, seeded (the same rows every run). Realistic shapes: durations
// log-normal around each journey's own typical time, one in five with a pause, fewer walkthroughs at weekends
// and slower ones on Mondays, five journeys that get slower month by month, 88% completed.
//
// Made once and cached: a SQLite file under data/bench-scores/ (gitignored) with a marker row written last, so a
// half-made file (an interrupted run) is made again. The rows go in through a raw better-sqlite3 connection (the
// push path is measured elsewhere); the rollups are then built by the real catch-up, which is timed.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { createMemoryLogger } from '../server/logger.ts';
import { createStore } from '../server/store/create-store.ts';
import type { Store } from '../server/store/store.ts';
import type { Walkthrough } from '../shared/schemas/walkthrough.ts';
import { makeJourney } from '../tests/fixtures/make-journey.ts';
import { makeService } from '../tests/fixtures/make-service.ts';
import { makeTargets } from '../tests/fixtures/make-targets.ts';
import { createIdGenerator } from '../tests/fixtures/seeded-ids.ts';

const DAY_MS = 86_400_000;
export const BENCH_DAYS = 730;
export const BENCH_JOURNEYS = 200;
const SERVICES = 20;
const SAMPLERS = 20;
const BROWSERS = ['Chrome 131', 'Chrome 131', 'Edge 131', 'Firefox 133'] as const;
/** The data set's last day ends here; "now" of the benchmark is this instant. */
export const BENCH_NOW = new Date(Date.UTC(2026, 11, 1));
/** Bump when the generator changes: a cached file of another version is made again. */
const DATA_VERSION = 'scores-5';

export type ScoresData = {
  readonly store: Store;
  readonly teamId: string;
  readonly journeyIds: readonly string[];
  readonly walkthroughs: number;
  readonly feedback: number;
  /** How long building the rollups from scratch (the catch-up over every walkthrough) took; null when cached. */
  readonly catchUpMs: number | null;
};

/** mulberry32: a small seeded generator, so the data set is the same on every machine. */
const seeded = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

const normal = (random: () => number): number =>
  Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** Opens the cached data set of `walkthroughs` walkthroughs (and ten times as many ratings), making it first if needed. */
export async function openScoresData(walkthroughs: number): Promise<ScoresData> {
  const dir = path.join(process.cwd(), 'data', 'bench-scores');
  const file = path.join(dir, `${DATA_VERSION}-${walkthroughs}.db`);
  const feedback = walkthroughs * 10;
  if (existsSync(file)) {
    const marker = readMarker(file);
    if (marker !== undefined) {
      const store = createStore({ kind: 'sqlite', file }, { logger: createMemoryLogger() });
      await store.migrate();
      return { store, teamId: marker.teamId, journeyIds: marker.journeyIds, walkthroughs, feedback, catchUpMs: null };
    }
    await rm(file, { force: true });
  }
  await mkdir(dir, { recursive: true });
  return generate(file, walkthroughs, feedback);
}

type Marker = { teamId: string; journeyIds: string[] };

function readMarker(file: string): Marker | undefined {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    const row = db.prepare('select value from bench_marker where version = ?').get(DATA_VERSION) as
      | { value: string }
      | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value) as Marker);
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}

async function generate(file: string, walkthroughs: number, feedback: number): Promise<ScoresData> {
  const ids = createIdGenerator(0x5c);
  const random = seeded(0x5c0e5);
  let store = createStore({ kind: 'sqlite', file }, { logger: createMemoryLogger() });
  await store.migrate();
  const team = await store.accounts.createTeam('Bench scores');
  if (!team.ok) throw new Error('bench: team exists');
  const teamId = team.team.id;
  const samplers: string[] = [];
  for (let i = 0; i < SAMPLERS; i += 1) {
    const user = await store.accounts.createUser({ teamId, name: `Sampler ${i}`, role: 'staff' });
    if (!user.ok) throw new Error('bench: user exists');
    samplers.push(user.user.id);
  }
  type Shape = {
    id: string;
    serviceId: string;
    steps: { id: string; name: string }[];
    typicalMs: number;
    degrading: boolean;
  };
  const journeys: Shape[] = [];
  for (let s = 0; s < SERVICES; s += 1) {
    const service = makeService({ id: ids(), teamId, name: `Service ${s}` });
    await store.putService(teamId, service);
    for (let j = 0; j < BENCH_JOURNEYS / SERVICES; j += 1) {
      const journey = makeJourney({
        id: ids(),
        teamId,
        serviceId: service.id,
        name: `Journey ${s}.${j}`,
        steps: ['Open', 'Fill in', 'Confirm'].map((name) => ({ id: ids(), name, urlPatterns: [] })),
      });
      await store.putJourney(teamId, journey);
      const typicalMs = Math.round(40_000 + random() * 260_000);
      await store.putJourneyTargets(
        teamId,
        makeTargets({
          journeyId: journey.id,
          duration: { thresholdMs: Math.round(typicalMs * 1.4), share: 0.9, clock: 'active' },
        }),
      );
      journeys.push({
        id: journey.id,
        serviceId: service.id,
        steps: journey.steps.map((step) => ({ id: step.id, name: step.name })),
        typicalMs,
        degrading: journeys.length % 40 === 7,
      });
    }
  }
  await store.close();

  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const seqRow = db.prepare('select value from change_counters where team_id = ?').get(teamId) as { value: number };
  let seq = seqRow.value;
  const insertWalkthrough = db.prepare(
    `insert into walkthroughs (id, team_id, rev, change_seq, journey_id, sampler_id, started_at, outcome, elapsed_ms, record_json, pushed_by_client)
     values (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, null)`,
  );
  const insertFeedback = db.prepare(
    `insert into feedback (id, team_id, service_id, journey_id, step_id, rating, comment, page_url, created_at)
     values (?, ?, ?, ?, ?, ?, null, 'https://portal.example.com/', ?)`,
  );
  const start = BENCH_NOW.getTime() - BENCH_DAYS * DAY_MS;
  /** A moment in the two years, fewer at weekends (weekly seasonality). */
  const moment = (): number => {
    for (;;) {
      const at = start + Math.floor(random() * BENCH_DAYS * DAY_MS);
      const weekday = new Date(at).getUTCDay();
      if (weekday !== 0 && weekday !== 6) return at;
      if (random() < 0.3) return at;
    }
  };
  const writeWalkthroughs = db.transaction((count: number) => {
    for (let i = 0; i < count; i += 1) {
      // Skewed: some journeys are walked far more often than others.
      const journey = journeys[Math.floor(BENCH_JOURNEYS * random() ** 1.6)] as Shape;
      const at = moment();
      const monday = new Date(at).getUTCDay() === 1 ? 1.15 : 1;
      const drift = journey.degrading ? 1 + (at - start) / (BENCH_DAYS * DAY_MS) : 1;
      const activeMs = Math.max(
        5_000,
        Math.round(journey.typicalMs * monday * drift * Math.exp(0.45 * normal(random))),
      );
      const pausedMs = random() < 0.2 ? Math.round(activeMs * (0.1 + random() * 0.5)) : 0;
      const elapsedMs = activeMs + pausedMs;
      const roll = random();
      const outcome = roll < 0.88 ? 'completed' : roll < 0.96 ? 'abandoned' : 'failed';
      const startedAt = new Date(at).toISOString();
      const record: Walkthrough = {
        id: ids(),
        rev: 1,
        journeyId: journey.id,
        journeyName: 'Journey',
        samplerId: samplers[Math.floor(random() * SAMPLERS)] ?? null,
        startedAt,
        endedAt: new Date(at + elapsedMs).toISOString(),
        elapsedMs,
        stepMarks: journey.steps.map((step, k) => ({
          stepId: step.id,
          name: step.name,
          atMs: Math.floor((elapsedMs * k) / 3),
          source: 'manual' as const,
        })),
        pauses: pausedMs === 0 ? [] : [{ startMs: 1_000, endMs: 1_000 + pausedMs, reason: 'email' as const }],
        notes: [],
        painPoints: [],
        outcome,
        ...(outcome === 'failed' ? { outcomeReason: 'The form did not submit' } : {}),
        ratings: {
          satisfaction: Math.min(5, Math.max(1, Math.round(4 - normal(random) * 0.9))),
          seq: Math.min(7, Math.max(1, Math.round(5.5 - normal(random) * 1.2))),
          ces: Math.min(7, Math.max(1, Math.round(5 - normal(random) * 1.3))),
        },
        environment: { browser: BROWSERS[Math.floor(random() * BROWSERS.length)] as string, os: 'Windows' },
        pages: [],
        interruptions: [],
      };
      seq += 1;
      insertWalkthrough.run(
        record.id,
        teamId,
        seq,
        journey.id,
        record.samplerId,
        startedAt,
        outcome,
        elapsedMs,
        JSON.stringify(record),
      );
    }
  });
  const writeFeedback = db.transaction((count: number) => {
    for (let i = 0; i < count; i += 1) {
      const journey = journeys[Math.floor(BENCH_JOURNEYS * random() ** 1.6)] as Shape;
      const rating = Math.min(5, Math.max(1, Math.round(4.1 - Math.abs(normal(random)) * 1.2)));
      insertFeedback.run(ids(), teamId, journey.serviceId, journey.id, null, rating, new Date(moment()).toISOString());
    }
  });
  for (let done = 0; done < walkthroughs; done += 10_000) writeWalkthroughs(Math.min(10_000, walkthroughs - done));
  for (let done = 0; done < feedback; done += 50_000) writeFeedback(Math.min(50_000, feedback - done));
  db.prepare('update change_counters set value = ? where team_id = ?').run(seq, teamId);
  // What insertFeedback keeps per rating, counted at once for the rows written above.
  db.exec(`insert into feedback_day_counts (team_id, journey_id, day, r1, r2, r3, r4, r5)
    select team_id, journey_id, cast(julianday(substr(created_at, 1, 10)) - 2440587.5 as integer) as day,
      sum(rating = 1), sum(rating = 2), sum(rating = 3), sum(rating = 4), sum(rating = 5)
    from feedback where journey_id is not null group by team_id, journey_id, day`);
  db.close();

  store = createStore({ kind: 'sqlite', file }, { logger: createMemoryLogger() });
  const started = performance.now();
  // Big batches: the first catch-up folds in two years at once.
  await store.catchUpScores(teamId, 20_000);
  const catchUpMs = performance.now() - started;
  const journeyIds = journeys.map((j) => j.id);
  const marker = new SqliteDatabase(file);
  marker.exec('create table if not exists bench_marker (version text primary key, value text not null)');
  marker
    .prepare('insert into bench_marker (version, value) values (?, ?)')
    .run(DATA_VERSION, JSON.stringify({ teamId, journeyIds }));
  marker.close();
  return { store, teamId, journeyIds, walkthroughs, feedback, catchUpMs };
}
