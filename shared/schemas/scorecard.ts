import { z } from 'zod';
import { durationMsSchema, idSchema, nameSchema, shareSchema } from './common.ts';
import { durationClockSchema } from './journey-targets.ts';
import { PAIN_SEVERITIES } from './walkthrough.ts';

/**
 * Scores computed by `shared/domain` from walkthroughs and feedback. These shapes go over the wire (server ->
 * dashboard) and into the extension's side panel, so both render the same numbers. Every score carries its n,
 * and "no value" is `null` rather than an absent key so a JSON consumer sees the gap explicitly.
 */

const countSchema = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * `no_target` is distinct from `met`: the SLA did not name this target, and the UI must not paint it green.
 * `not_enough_data` wins over the others below the journey's minimum sample size.
 */
export const TARGET_STATUSES = ['met', 'at_risk', 'breached', 'not_enough_data', 'no_target'] as const;
export const targetStatusSchema = z.enum(TARGET_STATUSES);
export type TargetStatus = z.infer<typeof targetStatusSchema>;

/** A 95% interval around an estimate: a share (0–1) for proportions, a scale value (e.g. 1–7) for means. */
export const intervalSchema = z
  .strictObject({ low: z.number(), high: z.number() })
  .refine((i) => i.low <= i.high, { message: 'an interval must not end before it starts', path: ['high'] });
export type Interval = z.infer<typeof intervalSchema>;

export const targetCheckSchema = z.strictObject({
  /** The SLA's minimum (a share, or a mean on the rating scale); null when the SLA names none. */
  goal: z.number().nullable(),
  status: targetStatusSchema,
});
export type TargetCheck = z.infer<typeof targetCheckSchema>;

const proportionShape = {
  /** Observations the share is taken over. */
  n: countSchema,
  /** Observations that count as a success (completed, within target, rated 4–5, ...). */
  count: countSchema,
  /** count / n; null when n is 0, because 0 of 0 is no evidence either way. */
  value: shareSchema.nullable(),
  /** Adjusted Wald 95% interval, clipped to [0, 1]; null when n is 0. */
  interval: intervalSchema.nullable(),
};

const isCoherentProportion = (p: { n: number; count: number; value: number | null; interval: Interval | null }) =>
  p.count <= p.n && (p.n === 0) === (p.value === null) && (p.n === 0) === (p.interval === null);
const incoherentProportion = { message: 'count must not exceed n; value and interval are null exactly when n is 0' };

export const proportionScoreSchema = z.strictObject(proportionShape).refine(isCoherentProportion, incoherentProportion);
export type ProportionScore = z.infer<typeof proportionScoreSchema>;

export const targetedProportionSchema = z
  .strictObject({ ...proportionShape, target: targetCheckSchema })
  .refine(isCoherentProportion, incoherentProportion);

/** Share of walkthroughs that completed within `thresholdMs` on `clock`; abandoned and failed are misses. */
export const attainmentScoreSchema = z
  .strictObject({
    ...proportionShape,
    thresholdMs: durationMsSchema,
    /** The clock the duration target judges. */
    clock: durationClockSchema,
    target: targetCheckSchema,
  })
  .refine(isCoherentProportion, incoherentProportion);

/** CSAT: share of 1–5 ratings that are 4 or 5, shown with the mean rating. */
export const csatScoreSchema = z
  .strictObject({ ...proportionShape, mean: z.number().min(1).max(5).nullable(), target: targetCheckSchema })
  .refine(isCoherentProportion, incoherentProportion);
export type CsatScore = z.infer<typeof csatScoreSchema>;

const meanShape = {
  n: countSchema,
  mean: z.number().nullable(),
  /** Sample standard deviation (n - 1); null below 2 ratings. */
  sd: z.number().min(0).nullable(),
  /** Student-t 95% interval of the mean, clipped to the rating scale; null when n is 0. */
  interval: intervalSchema.nullable(),
  target: targetCheckSchema,
};

/** Mean of a 1–7 rating (SEQ). */
export const meanScoreSchema = z.strictObject(meanShape);
export type MeanScore = z.infer<typeof meanScoreSchema>;

/** Customer Effort Score: the mean, plus the share who agreed it was easy (5–7). */
export const cesScoreSchema = z.strictObject({ ...meanShape, easy: proportionScoreSchema });
export type CesScore = z.infer<typeof cesScoreSchema>;

export const TYPICAL_TIME_METHODS = ['geometric_mean', 'median'] as const;

/**
 * How exact a number is: exact, or within a relative error (0.008 = every percentile is within 0.8% of the
 * exact nearest-rank value). "Each number is exact, or the answer says how exact it is."
 */
export const precisionSchema = z
  .strictObject({ exact: z.boolean(), relativeError: z.number().min(0).max(1) })
  .refine((p) => p.exact === (p.relativeError === 0), { message: 'an exact number has relative error 0' });

/** Durations on one clock of the completed walkthroughs; every value is null when none completed. */
export const durationStatsSchema = z.strictObject({
  /** Which duration these are: `active` (pauses taken out) or `elapsed`. */
  clock: durationClockSchema,
  n: countSchema,
  minMs: durationMsSchema.nullable(),
  maxMs: durationMsSchema.nullable(),
  /** Nearest-rank percentiles: always a duration that was actually observed. */
  p50Ms: durationMsSchema.nullable(),
  p90Ms: durationMsSchema.nullable(),
  p95Ms: durationMsSchema.nullable(),
  typical: z.strictObject({ ms: durationMsSchema, method: z.enum(TYPICAL_TIME_METHODS) }).nullable(),
  /** Min and max are always exact; percentiles and a median typical time may come from a sketch. */
  precision: precisionSchema,
});
export type DurationStats = z.infer<typeof durationStatsSchema>;

/** `not_enough_data` below the journey's minimum sample size: one quick walkthrough is not "excellent". */
export const APDEX_BANDS = ['excellent', 'good', 'fair', 'poor', 'unacceptable', 'not_enough_data'] as const;
export const apdexBandSchema = z.enum(APDEX_BANDS);
export type ApdexBand = z.infer<typeof apdexBandSchema>;

/** Apdex is meaningless without its T, so T travels with the score: "0.82 [180 s]". */
export const apdexScoreSchema = z
  .strictObject({
    n: countSchema,
    tMs: durationMsSchema,
    /** The clock T is measured on: the duration target's. */
    clock: durationClockSchema,
    satisfied: countSchema,
    tolerating: countSchema,
    frustrated: countSchema,
    score: shareSchema.nullable(),
    band: apdexBandSchema,
  })
  .refine((a) => a.satisfied + a.tolerating + a.frustrated === a.n, {
    message: 'satisfied, tolerating and frustrated must add up to n',
  });
export type ApdexScore = z.infer<typeof apdexScoreSchema>;

export const stepPainPointSchema = z.strictObject({
  walkthroughId: idSchema,
  painPointId: idSchema,
  severity: z.enum(PAIN_SEVERITIES),
  text: z.string(),
  /** Offset on the walkthrough's clock, so a reviewer can find it in the recording. */
  atMs: durationMsSchema,
});
export type StepPainPoint = z.infer<typeof stepPainPointSchema>;

/**
 * One step of the journey. A step is identified by its journey step id; a step of an ad-hoc walkthrough has no
 * id and is identified by its name; a step known only from customer feedback may have no name.
 */
export const stepScoreSchema = z
  .strictObject({
    stepId: idSchema.nullable(),
    name: nameSchema.nullable(),
    /** Completed walkthroughs in which the step was marked. */
    n: countSchema,
    /** Median (nearest-rank) active time spent in the step, over those walkthroughs. */
    medianMs: durationMsSchema.nullable(),
    /** This step's active time / all active time of completed walkthroughs; null when that total is 0. */
    shareOfTime: shareSchema.nullable(),
    /** Completed walkthroughs in which this step took the most active time. */
    slowestCount: countSchema,
    /** Pain points noted during the step, from every walkthrough whatever its outcome. */
    painPoints: z.array(stepPainPointSchema),
    /** Customer feedback given on this step. */
    customer: csatScoreSchema,
  })
  .refine((s) => s.stepId !== null || s.name !== null, { message: 'a step needs an id or a name' });
export type StepScore = z.infer<typeof stepScoreSchema>;

export const TIMELINE_ERROR_CODES = [
  'elapsed_out_of_range',
  'pause_out_of_range',
  'pauses_overlap',
  'step_mark_out_of_range',
  'step_marks_out_of_order',
  'pain_point_out_of_range',
] as const;

/** Why a walkthrough's timeline could not be measured. Such a walkthrough is left out of every score, visibly. */
export const timelineErrorSchema = z.strictObject({
  code: z.enum(TIMELINE_ERROR_CODES),
  message: z.string(),
});
export type TimelineError = z.infer<typeof timelineErrorSchema>;

export const excludedWalkthroughSchema = z.strictObject({ walkthroughId: idSchema, error: timelineErrorSchema });
export type ExcludedWalkthrough = z.infer<typeof excludedWalkthroughSchema>;

export const outcomeCountsSchema = z.strictObject({
  completed: countSchema,
  abandoned: countSchema,
  failed: countSchema,
});

/** A journey scored against its SLA targets. */
export const scorecardSchema = z.strictObject({
  journeyId: idSchema,
  /** Walkthroughs scored: those of this journey whose timeline is valid. */
  n: countSchema,
  outcomes: outcomeCountsSchema,
  /** Below this many observations a target's status is `not_enough_data`. */
  minSamples: z.int().min(1),
  completion: targetedProportionSchema,
  attainment: attainmentScoreSchema,
  duration: durationStatsSchema,
  apdex: apdexScoreSchema,
  /** Samplers' satisfaction ratings (1–5). */
  csat: csatScoreSchema,
  seq: meanScoreSchema,
  ces: cesScoreSchema,
  steps: z.array(stepScoreSchema),
  /** Time before the first step mark, and pain points noted then: they belong to no step. */
  unmarked: z.strictObject({ shareOfTime: shareSchema.nullable(), painPoints: z.array(stepPainPointSchema) }),
  /** Customer feedback given on this journey, scored by the same CSAT rules as the samplers' ratings. */
  customer: z.strictObject({ csat: csatScoreSchema }),
  excluded: z.array(excludedWalkthroughSchema),
});
export type Scorecard = z.infer<typeof scorecardSchema>;

/**
 * For a target that is at risk: how many more walkthroughs (or ratings), if they kept the observed rate (or
 * mean and spread), until the interval clears the goal either way. `settled`: the status is already met or
 * breached. `never`: at this rate the interval never clears the goal, because the observed value sits on it
 * (`on_target`) or it would take more than the cap (`beyond_cap`, e.g. 0.8999 against 0.9).
 */
export const samplesNeededSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('settled') }),
  z.strictObject({ kind: z.literal('more'), count: z.int().min(1).max(Number.MAX_SAFE_INTEGER) }),
  z.strictObject({ kind: z.literal('never'), reason: z.enum(['on_target', 'beyond_cap']) }),
]);
export type SamplesNeeded = z.infer<typeof samplesNeededSchema>;
