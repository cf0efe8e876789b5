import { z } from 'zod';
import { durationMsSchema, idSchema, isoDateTimeSchema, revSchema, shareSchema } from './common.ts';

export const DEFAULT_MIN_SAMPLES = 5;

/**
 * The clock a duration target judges. `elapsed`: everything the customer waited through. `active`: elapsed
 * minus paused segments, the SLA clock that stops for waits outside the service's control. Targets written
 * before the clock existed judge `active`, the meaning they had then, hence the default.
 */
export const DURATION_CLOCKS = ['active', 'elapsed'] as const;
export const durationClockSchema = z.enum(DURATION_CLOCKS);
export type DurationClock = z.infer<typeof durationClockSchema>;

/**
 * The quality targets agreed for a journey in the SLA. Only `duration` is required: the others are
 * optional because not every SLA names them, and an absent target is shown as "no target", not as met.
 */
export const journeyTargetsSchema = z.strictObject({
  journeyId: idSchema,
  rev: revSchema,
  /** "`share` of walkthroughs finish within `thresholdMs` on `clock`", e.g. 90% within 180 s of active time. */
  duration: z.strictObject({
    thresholdMs: durationMsSchema.min(1),
    share: shareSchema,
    clock: durationClockSchema.default('active'),
  }),
  /** Minimum completed / all. */
  completionRate: shareSchema.optional(),
  /** Minimum share of satisfaction ratings that are 4 or 5. */
  csat: shareSchema.optional(),
  /** Minimum mean Single Ease Question score, 1–7. */
  seqMean: z.number().min(1).max(7).optional(),
  /** Minimum mean Customer Effort Score, 1–7. */
  cesMean: z.number().min(1).max(7).optional(),
  /** Apdex T in ms; when absent the duration threshold is used. */
  apdexTMs: durationMsSchema.min(1).optional(),
  /** Below this many samples a status is "not enough data". */
  minSamples: z.int().min(1).max(1000).default(DEFAULT_MIN_SAMPLES),
  updatedAt: isoDateTimeSchema,
});
export type JourneyTargets = z.infer<typeof journeyTargetsSchema>;
