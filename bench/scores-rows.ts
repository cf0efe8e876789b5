// The scores benchmark's raw rows, seeded (the same rows on every machine and on both databases): 200 journeys
// in 20 services, N walkthroughs and 10 N customer ratings over two years. Realistic shapes: durations
// log-normal around each journey's own typical time, one in five with a pause, fewer walkthroughs at weekends
// and slower ones on Mondays, five journeys that get slower month by month, 88% completed, a few journeys
// walked far more often than the rest. Rows come in column batches, so the PostgreSQL loader can hand each
// column to unnest() as one array and the SQLite loader can run one prepared statement per row.
import type { Walkthrough } from '../shared/schemas/walkthrough.ts';
import { createIdGenerator, type IdGenerator } from '../tests/fixtures/seeded-ids.ts';

const DAY_MS = 86_400_000;
export const BENCH_DAYS = 730;
export const BENCH_JOURNEYS = 200;
export const BENCH_SERVICES = 20;
export const BENCH_SAMPLERS = 20;
const BROWSERS = ['Chrome 131', 'Chrome 131', 'Edge 131', 'Firefox 133'] as const;
/** The data set's last day ends here; "now" of the benchmark is this instant. */
export const BENCH_NOW = new Date(Date.UTC(2026, 11, 1));
/** Bump when the generator changes: a cached data set of another version is made again. */
export const DATA_VERSION = 'scores-6';

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

/** What the generator knows of a journey once the catalog is stored. */
export type JourneyShape = {
  readonly id: string;
  readonly serviceId: string;
  readonly steps: readonly { readonly id: string; readonly name: string }[];
  readonly typicalMs: number;
  readonly degrading: boolean;
};

/** One batch of walkthrough rows, a column an array (change_seq numbered by the loader's caller). */
export type WalkthroughBatch = {
  ids: string[];
  changeSeqs: number[];
  journeyIds: string[];
  samplerIds: string[];
  startedAts: string[];
  outcomes: string[];
  elapsedMs: number[];
  records: string[];
};

/** One batch of feedback rows (ratings of a journey, no step, no comment). */
export type FeedbackBatch = {
  ids: string[];
  serviceIds: string[];
  journeyIds: string[];
  ratings: number[];
  createdAts: string[];
};

/** The seeded sources: one per data set, so both databases get the same ids, journeys and rows in order. */
export type ScoresRandom = { readonly ids: IdGenerator; readonly random: () => number };
export const scoresRandom = (): ScoresRandom => ({ ids: createIdGenerator(0x5c), random: seeded(0x5c0e5) });

/** A journey's typical time (drawn in catalog order) and whether it is one of the five that degrade. */
export const journeyTiming = (source: ScoresRandom, index: number) => ({
  typicalMs: Math.round(40_000 + source.random() * 260_000),
  degrading: index % 40 === 7,
});

const START_MS = BENCH_NOW.getTime() - BENCH_DAYS * DAY_MS;

/** A moment in the two years, fewer at weekends (weekly seasonality). */
const moment = (random: () => number): number => {
  for (;;) {
    const at = START_MS + Math.floor(random() * BENCH_DAYS * DAY_MS);
    const weekday = new Date(at).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return at;
    if (random() < 0.3) return at;
  }
};

/** Skewed: the first journeys are walked (and rated) far more often than the last (the first ~3.6% of all). */
const pickJourney = (journeys: readonly JourneyShape[], random: () => number): JourneyShape =>
  journeys[Math.floor(journeys.length * random() ** 1.6)] as JourneyShape;

/** The next `count` walkthroughs, numbered from change_seq `firstSeq`. */
export function walkthroughBatch(
  source: ScoresRandom,
  journeys: readonly JourneyShape[],
  samplers: readonly string[],
  count: number,
  firstSeq: number,
): WalkthroughBatch {
  const { ids, random } = source;
  const batch: WalkthroughBatch = {
    ids: [],
    changeSeqs: [],
    journeyIds: [],
    samplerIds: [],
    startedAts: [],
    outcomes: [],
    elapsedMs: [],
    records: [],
  };
  for (let i = 0; i < count; i += 1) {
    const journey = pickJourney(journeys, random);
    const at = moment(random);
    const monday = new Date(at).getUTCDay() === 1 ? 1.15 : 1;
    const drift = journey.degrading ? 1 + (at - START_MS) / (BENCH_DAYS * DAY_MS) : 1;
    const activeMs = Math.max(5_000, Math.round(journey.typicalMs * monday * drift * Math.exp(0.45 * normal(random))));
    const pausedMs = random() < 0.2 ? Math.round(activeMs * (0.1 + random() * 0.5)) : 0;
    const elapsedMs = activeMs + pausedMs;
    const roll = random();
    const outcome = roll < 0.88 ? 'completed' : roll < 0.96 ? 'abandoned' : 'failed';
    const startedAt = new Date(at).toISOString();
    const samplerId = samplers[Math.floor(random() * samplers.length)] as string;
    const record: Walkthrough = {
      id: ids(),
      rev: 1,
      journeyId: journey.id,
      journeyName: 'Journey',
      samplerId,
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
    batch.ids.push(record.id);
    batch.changeSeqs.push(firstSeq + i);
    batch.journeyIds.push(journey.id);
    batch.samplerIds.push(samplerId);
    batch.startedAts.push(startedAt);
    batch.outcomes.push(outcome);
    batch.elapsedMs.push(elapsedMs);
    batch.records.push(JSON.stringify(record));
  }
  return batch;
}

/** The next `count` customer ratings. */
export function feedbackBatch(source: ScoresRandom, journeys: readonly JourneyShape[], count: number): FeedbackBatch {
  const { ids, random } = source;
  const batch: FeedbackBatch = { ids: [], serviceIds: [], journeyIds: [], ratings: [], createdAts: [] };
  for (let i = 0; i < count; i += 1) {
    const journey = pickJourney(journeys, random);
    batch.ids.push(ids());
    batch.serviceIds.push(journey.serviceId);
    batch.journeyIds.push(journey.id);
    batch.ratings.push(Math.min(5, Math.max(1, Math.round(4.1 - Math.abs(normal(random)) * 1.2))));
    batch.createdAts.push(new Date(moment(random)).toISOString());
  }
  return batch;
}

/** The browsers the generator records, for the filtered overview. */
export const BENCH_FILTER_BROWSER: string = BROWSERS[3];
