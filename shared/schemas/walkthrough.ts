import { z } from 'zod';
import {
  durationMsSchema,
  idSchema,
  isoDateTimeSchema,
  longTextSchema,
  nameSchema,
  revSchema,
  shortTextSchema,
} from './common.ts';
import { effortSchema, interruptionSchema, MAX_INTERRUPTIONS, MAX_PAGE_VISITS, pageVisitSchema } from './evidence.ts';

export const MAX_STEP_MARKS = 1000;
export const MAX_PAUSES = 500;
export const MAX_NOTES = 500;

/** The moment a step began, as an offset on the walkthrough's monotonic clock. A step ends where the next begins. */
export const stepMarkSchema = z.strictObject({
  /** The journey step reached; null in an ad-hoc walkthrough, whose steps exist only by name. */
  stepId: idSchema.nullable(),
  name: nameSchema,
  atMs: durationMsSchema,
  /** `auto` when a URL pattern matched; kept so leads can tell detected marks from manual ones. */
  source: z.enum(['manual', 'auto']),
  /** Effort counted while this step was current; absent when the step was not watched (no site access). */
  effort: effortSchema.optional(),
});
export type StepMark = z.infer<typeof stepMarkSchema>;

export const PAUSE_REASONS = ['email', 'approval', 'call', 'other'] as const;

/** A wait the sampler could not control; its time is excluded from `active` duration. */
export const pauseSchema = z
  .strictObject({
    startMs: durationMsSchema,
    endMs: durationMsSchema,
    reason: z.enum(PAUSE_REASONS),
    detail: shortTextSchema.optional(),
  })
  .refine((p) => p.endMs >= p.startMs, { message: 'a pause must end after it starts', path: ['endMs'] });
export type Pause = z.infer<typeof pauseSchema>;

export const noteSchema = z.strictObject({
  id: idSchema,
  atMs: durationMsSchema,
  text: longTextSchema.min(1),
  /** A capture of the visible tab, kept as a local attachment with this id. */
  screenshotId: idSchema.optional(),
});
export type Note = z.infer<typeof noteSchema>;

export const PAIN_SEVERITIES = ['minor', 'major', 'blocker'] as const;

export const painPointSchema = z.strictObject({
  id: idSchema,
  atMs: durationMsSchema,
  severity: z.enum(PAIN_SEVERITIES),
  text: longTextSchema.min(1),
  screenshotId: idSchema.optional(),
});
export type PainPoint = z.infer<typeof painPointSchema>;

export const OUTCOMES = ['completed', 'abandoned', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const ratingsSchema = z.strictObject({
  /** Single Ease Question: 1 very difficult – 7 very easy. */
  seq: z.int().min(1).max(7).optional(),
  /** Customer Effort Score: "<service> made it easy for me to <task>", 1–7 agreement. */
  ces: z.int().min(1).max(7).optional(),
  /** Satisfaction, 1–5; CSAT counts 4 and 5. */
  satisfaction: z.int().min(1).max(5).optional(),
  comment: longTextSchema.optional(),
});
export type Ratings = z.infer<typeof ratingsSchema>;

export const environmentSchema = z.strictObject({
  browser: z.string().max(100),
  os: z.string().max(100),
  /** navigator.connection type or effective type where the browser exposes it. */
  networkType: z.string().max(50).optional(),
});
export type Environment = z.infer<typeof environmentSchema>;

const isSortedBy = <T>(items: readonly T[], key: (t: T) => number): boolean =>
  items.every((item, i) => i === 0 || key(items[i - 1] as T) <= key(item));

/** One timed, rated sample of a journey. Durations are monotonic offsets; wall times are for display only. */
export const walkthroughSchema = z
  .strictObject({
    id: idSchema,
    rev: revSchema,
    /** Null for an ad-hoc walkthrough, named at the end. */
    journeyId: idSchema.nullable(),
    journeyName: nameSchema,
    /** Null until the extension is paired with a server; the server fills it from the caller's token. */
    samplerId: idSchema.nullable(),
    startedAt: isoDateTimeSchema,
    endedAt: isoDateTimeSchema,
    /** Start to finish on a monotonic clock, pauses included. */
    elapsedMs: durationMsSchema,
    stepMarks: z.array(stepMarkSchema).max(MAX_STEP_MARKS),
    pauses: z.array(pauseSchema).max(MAX_PAUSES),
    notes: z.array(noteSchema).max(MAX_NOTES),
    painPoints: z.array(painPointSchema).max(MAX_NOTES),
    outcome: z.enum(OUTCOMES),
    /** Why it was abandoned or failed. */
    outcomeReason: shortTextSchema.optional(),
    ratings: ratingsSchema,
    environment: environmentSchema,
    /** Pages reached, with their load timings: evidence captured without the sampler doing anything. */
    pages: z.array(pageVisitSchema).max(MAX_PAGE_VISITS).default([]),
    /** Sleep or browser restarts during the walkthrough, counted at wall-clock length and flagged here. */
    interruptions: z.array(interruptionSchema).max(MAX_INTERRUPTIONS).default([]),
  })
  .superRefine((w, ctx) => {
    const beyond = (ms: number) => ms > w.elapsedMs;
    if (!isSortedBy(w.stepMarks, (m) => m.atMs) || w.stepMarks.some((m) => beyond(m.atMs))) {
      ctx.addIssue({
        code: 'custom',
        path: ['stepMarks'],
        message: 'step marks must be in time order within the walkthrough',
      });
    }
    const overlaps = w.pauses.some((p, i) => i > 0 && p.startMs < (w.pauses[i - 1] as Pause).endMs);
    if (!isSortedBy(w.pauses, (p) => p.startMs) || overlaps || w.pauses.some((p) => beyond(p.endMs))) {
      ctx.addIssue({
        code: 'custom',
        path: ['pauses'],
        message: 'pauses must be in time order, must not overlap, and must end within the walkthrough',
      });
    }
    if (w.notes.some((n) => beyond(n.atMs))) {
      ctx.addIssue({ code: 'custom', path: ['notes'], message: 'notes must fall within the walkthrough' });
    }
    if (w.pages.some((p) => beyond(p.atMs)) || w.interruptions.some((i) => beyond(i.atMs))) {
      ctx.addIssue({
        code: 'custom',
        path: ['pages'],
        message: 'pages and interruptions must fall within the walkthrough',
      });
    }
    if (w.painPoints.some((n) => beyond(n.atMs))) {
      ctx.addIssue({ code: 'custom', path: ['painPoints'], message: 'pain points must fall within the walkthrough' });
    }
    // A failed walkthrough without a reason tells the lead nothing they can act on.
    if (w.outcome === 'failed' && !w.outcomeReason) {
      ctx.addIssue({ code: 'custom', path: ['outcomeReason'], message: 'a failed walkthrough needs a reason' });
    }
    if (Date.parse(w.endedAt) < Date.parse(w.startedAt)) {
      ctx.addIssue({ code: 'custom', path: ['endedAt'], message: 'endedAt must not be before startedAt' });
    }
  });
export type Walkthrough = z.infer<typeof walkthroughSchema>;
