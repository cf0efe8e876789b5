import { z } from 'zod';
import { durationMsSchema, idSchema, nameSchema } from '../schemas/common.ts';
import { journeyTargetsSchema } from '../schemas/journey-targets.ts';
import {
  csatScoreSchema,
  durationStatsSchema,
  meanScoreSchema,
  precisionSchema,
  proportionScoreSchema,
  samplesNeededSchema,
  scorecardSchema,
  stepScoreSchema,
  targetStatusSchema,
} from '../schemas/scorecard.ts';
import { OUTCOMES } from '../schemas/walkthrough.ts';

/**
 * The team's scores over REST (`/api/v1/scores`), for leads and admins of the team (staff: 403). Every number
 * comes from shared/domain, the same engine as the extension's local scorecard.
 *
 * - `GET /scores/overview?period|from&to&serviceId&journeyId&samplerId&browser&outcome`: a scorecard per
 *   journey, grouped by service, and each journey's attainment over the last 12 weeks (a sparkline).
 * - `GET /scores/journeys/:journeyId?…` (the same query): one journey's scorecard, its durations on both clocks,
 *   weekly trends, the step breakdown, and how many more walkthroughs would settle each at-risk target.
 * - `GET /scores/overview.csv?…` and `GET /scores/journeys/:journeyId/walkthroughs.csv?…`: CSV (RFC 4180).
 *
 * Freshness: the rollups behind an answer are caught up with the team's change sequence when it is asked, so it
 * counts every change committed before the request (`asOfChangeSeq`).
 */

export const SCORE_PERIODS = ['7d', '30d', '90d', 'quarter'] as const;
/** A from–to range may cover at most this many days (three years). */
export const MAX_PERIOD_DAYS = 1100;
/** Weeks in a sparkline. */
export const SPARKLINE_WEEKS = 12;

/** A calendar day, UTC: `2026-03-31`. */
export const dayParamSchema = z.iso.date();

/**
 * The period and filters of every scores route. Without `from`/`to` the period is `period` (default 30d) ending
 * today (UTC); `quarter` is the calendar quarter so far. `from` and `to` are both days, inclusive, and go
 * together. Filters combine with "and".
 */
export const scoresQuerySchema = z
  .strictObject({
    period: z.enum(SCORE_PERIODS).optional(),
    from: dayParamSchema.optional(),
    to: dayParamSchema.optional(),
    serviceId: idSchema.optional(),
    journeyId: idSchema.optional(),
    /** The owner (the user who pushed the walkthroughs). */
    samplerId: idSchema.optional(),
    /** `environment.browser` as recorded, e.g. "Chrome 131". */
    browser: z.string().min(1).max(100).optional(),
    outcome: z.enum(OUTCOMES).optional(),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), {
    message: 'from and to go together',
    path: ['to'],
  })
  .refine((q) => q.from === undefined || q.period === undefined, {
    message: 'give a period or from and to, not both',
    path: ['period'],
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['to'],
  })
  .refine(
    (q) =>
      q.from === undefined ||
      q.to === undefined ||
      (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1 <= MAX_PERIOD_DAYS,
    { message: `a period covers at most ${MAX_PERIOD_DAYS} days`, path: ['to'] },
  );
export type ScoresQuery = z.infer<typeof scoresQuerySchema>;

/** The days an answer covers, both inclusive (UTC). */
export const scorePeriodSchema = z.strictObject({ from: dayParamSchema, to: dayParamSchema, days: z.int().min(1) });
export type ScorePeriod = z.infer<typeof scorePeriodSchema>;

/**
 * How fresh and how exact an answer is. `asOfChangeSeq`: every change of the team up to it is counted.
 * `source`: `rollups` (per-journey buckets of days merged) or `facts` (a filter by sampler, browser or outcome
 * cuts across the buckets, so the answer is counted from one narrow row per walkthrough instead; same numbers).
 * `slices`: one sampler or one browser filter, from that slice's buckets plus the facts of the period's ragged
 * ends (under 8 days each); same numbers again. Combined filters, or an outcome filter, read the facts.
 */
export const scoreFreshnessSchema = z.strictObject({
  asOfChangeSeq: z.int().min(0),
  computedAt: z.iso.datetime(),
  source: z.enum(['rollups', 'slices', 'facts']),
});

/** A journey's scorecard without the step breakdown and exclusions (the journey answer has those). */
export const scorecardCoreSchema = scorecardSchema.pick({
  journeyId: true,
  n: true,
  outcomes: true,
  minSamples: true,
  completion: true,
  attainment: true,
  duration: true,
  apdex: true,
  csat: true,
  seq: true,
  ces: true,
  customer: true,
});
export type ScorecardCore = z.infer<typeof scorecardCoreSchema>;

/** Attainment of one week (Monday to Sunday, UTC). */
export const weekAttainmentSchema = z.strictObject({
  weekStart: dayParamSchema,
  attainment: proportionScoreSchema,
});

const journeyRefSchema = z.strictObject({ id: idSchema, name: nameSchema, archived: z.boolean() });

export const overviewJourneySchema = z.strictObject({
  journey: journeyRefSchema,
  /** Null when the journey has no targets yet: a scorecard judges against targets. */
  scorecard: scorecardCoreSchema.nullable(),
  /** The last SPARKLINE_WEEKS weeks up to the period's end, oldest first (unfiltered but for the journey). */
  sparkline: z.array(weekAttainmentSchema).max(SPARKLINE_WEEKS),
});

export const scoresOverviewSchema = z.strictObject({
  period: scorePeriodSchema,
  freshness: scoreFreshnessSchema,
  services: z.array(
    z.strictObject({
      service: journeyRefSchema,
      journeys: z.array(overviewJourneySchema),
    }),
  ),
});
export type ScoresOverview = z.infer<typeof scoresOverviewSchema>;

/** One week of a journey's trend, on the target's clock. */
export const journeyWeekSchema = z.strictObject({
  weekStart: dayParamSchema,
  n: z.int().min(0),
  attainment: proportionScoreSchema,
  p50Ms: durationMsSchema.nullable(),
  p90Ms: durationMsSchema.nullable(),
  precision: precisionSchema,
  csat: csatScoreSchema,
  seq: meanScoreSchema,
  ces: meanScoreSchema,
});

/** Median page timings of the pages reached during a step (nearest rank; null when none was measured). */
export const stepPageTimingsSchema = z.strictObject({
  pages: z.int().min(0),
  ttfbMs: durationMsSchema.nullable(),
  domContentLoadedMs: durationMsSchema.nullable(),
  loadMs: durationMsSchema.nullable(),
  lcpMs: durationMsSchema.nullable(),
  inpMs: durationMsSchema.nullable(),
});

export const journeyStepSchema = z.strictObject({ ...stepScoreSchema.shape, pageTimings: stepPageTimingsSchema });

export const SCORED_TARGETS = ['completion', 'attainment', 'csat', 'seq', 'ces'] as const;

export const scoresJourneySchema = z.strictObject({
  period: scorePeriodSchema,
  freshness: scoreFreshnessSchema,
  journey: z.strictObject({ ...journeyRefSchema.shape, serviceId: idSchema }),
  targets: journeyTargetsSchema,
  scorecard: scorecardCoreSchema,
  /** The completed walkthroughs' durations on both clocks, whichever the target judges. */
  durations: z.strictObject({ active: durationStatsSchema, elapsed: durationStatsSchema }),
  /** Every week (Monday to Sunday) that overlaps the period, oldest first, whole weeks. */
  weeks: z.array(journeyWeekSchema),
  steps: z.strictObject({
    /** The step breakdown reads the newest `walkthroughs` of the `of` in the period; exact when they are equal. */
    basedOn: z.strictObject({ walkthroughs: z.int().min(0), of: z.int().min(0), exact: z.boolean() }),
    steps: z.array(journeyStepSchema),
    unmarked: scorecardSchema.shape.unmarked,
  }),
  /** For each target at risk: how many more walkthroughs (ratings) at the observed rate would settle it. */
  samplesNeeded: z.array(
    z.strictObject({ target: z.enum(SCORED_TARGETS), status: targetStatusSchema, needed: samplesNeededSchema }),
  ),
});
export type ScoresJourney = z.infer<typeof scoresJourneySchema>;
