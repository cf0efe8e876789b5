import { z } from 'zod';
import {
  durationMsSchema,
  environmentSchema,
  idSchema,
  interruptionSchema,
  isoDateTimeSchema,
  journeyStepSchema,
  MAX_DURATION_MS,
  MAX_INTERRUPTIONS,
  MAX_NOTES,
  MAX_PAUSES,
  MAX_STEP_MARKS,
  MAX_STEPS,
  nameSchema,
  noteSchema,
  OUTCOMES,
  PAUSE_REASONS,
  type PainPoint,
  type Pause,
  painPointSchema,
  pauseSchema,
  shortTextSchema,
  stepMarkSchema,
} from '../../shared/schemas/index.ts';
import { appliedDeliverySchema, MAX_DELIVERY_INSTANCES } from './applied-delivery.ts';
import { clockReadingSchema } from './clock-reading.ts';

export type PauseReason = Pause['reason'];
export type PainSeverity = PainPoint['severity'];

/** How many JS contexts' clock checkpoints a recording remembers (see recorder/advance-clock.ts). */
export const MAX_CLOCK_CHECKPOINTS = 8;

/**
 * "At `reading`, the walkthrough had run `elapsedMs`", as seen from the context that took the reading.
 * `elapsedMs` is fractional (performance.now() is); offsets written into the record are whole milliseconds.
 */
export const clockCheckpointSchema = z.strictObject({
  elapsedMs: z.number().min(0).max(MAX_DURATION_MS),
  reading: clockReadingSchema,
});
export type ClockCheckpoint = z.infer<typeof clockCheckpointSchema>;

/**
 * The walkthrough's clock, stored so that any context (side panel, background, after a browser restart) can
 * carry it on. `elapsedMs` is the elapsed time at the last action and never decreases; `checkpoints` holds the
 * last checkpoint of each recently seen JS context, the most recently applied first.
 */
export const recordingClockSchema = z.strictObject({
  elapsedMs: z.number().min(0).max(MAX_DURATION_MS),
  checkpoints: z.array(clockCheckpointSchema).min(1).max(MAX_CLOCK_CHECKPOINTS),
});
export type RecordingClock = z.infer<typeof recordingClockSchema>;

export const RECORDING_STATUSES = ['running', 'paused', 'finished'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

/** A pause that has started and not yet ended. */
export const openPauseSchema = z.strictObject({
  startMs: durationMsSchema,
  reason: z.enum(PAUSE_REASONS),
  detail: shortTextSchema.optional(),
});
export type OpenPause = z.infer<typeof openPauseSchema>;

/** The fields of a recording (see recordingSchema); recording-row.ts stores them with its own bookkeeping. */
export const recordingShape = {
  id: idSchema,
  /** Null for an ad-hoc walkthrough. */
  journeyId: idSchema.nullable(),
  /** The journey's name; for an ad-hoc walkthrough the name typed at start (or a default), renamable at the end. */
  journeyName: nameSchema,
  /** The journey's steps as they were at start, so an edit of the journey mid-walkthrough changes nothing. */
  steps: z.array(journeyStepSchema).max(MAX_STEPS),
  samplerId: idSchema.nullable(),
  /** Wall-clock start, for display. */
  startedAt: isoDateTimeSchema,
  /** `finished`: the clock is stopped at `finalElapsedMs`, waiting for the rating (or a reopen). */
  status: z.enum(RECORDING_STATUSES),
  clock: recordingClockSchema,
  /** Never empty: the first step is marked at 0 when the walkthrough starts. */
  stepMarks: z.array(stepMarkSchema).min(1).max(MAX_STEP_MARKS),
  pauses: z.array(pauseSchema).max(MAX_PAUSES),
  /** Set exactly while `status` is `paused`. */
  openPause: openPauseSchema.nullable(),
  notes: z.array(noteSchema).max(MAX_NOTES),
  painPoints: z.array(painPointSchema).max(MAX_NOTES),
  interruptions: z.array(interruptionSchema).max(MAX_INTERRUPTIONS),
  /** Set exactly while `status` is `finished`. */
  outcome: z.enum(OUTCOMES).optional(),
  outcomeReason: shortTextSchema.optional(),
  /** Set exactly while `status` is `finished`: the elapsed time when Finish was pressed. */
  finalElapsedMs: durationMsSchema.optional(),
  environment: environmentSchema,
  /**
   * The evidence messages applied, as a high-water mark per content-script instance (see recorder/deliveries.ts), so a
   * message resent because its acknowledgement was lost is not counted twice. Absent until the first one.
   */
  deliveries: z.array(appliedDeliverySchema).max(MAX_DELIVERY_INSTANCES).optional(),
};

/** The rules across fields, shared by the recording and its stored row. */
export const checkRecording = (
  r: Pick<
    z.infer<z.ZodObject<typeof recordingShape>>,
    'status' | 'openPause' | 'outcome' | 'outcomeReason' | 'finalElapsedMs'
  >,
  ctx: z.RefinementCtx,
): void => {
  if ((r.status === 'paused') !== (r.openPause !== null)) {
    ctx.addIssue({
      code: 'custom',
      path: ['openPause'],
      message: 'a recording has an open pause exactly when paused',
    });
  }
  const finished = r.status === 'finished';
  if (finished !== (r.outcome !== undefined) || finished !== (r.finalElapsedMs !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['outcome'],
      message: 'a recording has an outcome and a final elapsed time exactly when finished',
    });
  }
  if (r.outcome === 'failed' && !r.outcomeReason) {
    ctx.addIssue({ code: 'custom', path: ['outcomeReason'], message: 'a failed walkthrough needs a reason' });
  }
};

/**
 * The walkthrough being recorded, as stored in the Dexie table `recordings` (keyed by id) after every action,
 * so closing the panel, a killed service worker, a browser restart or a sleeping computer loses nothing.
 * At most one exists at a time; `complete()` turns it into a `Walkthrough` and deletes it.
 *
 * Offsets (`atMs`, `startMs`…) are on the walkthrough's clock, like the walkthrough's.
 *
 * The page visits are not in this row: they are rows of their own in `recordingPages` (see recording-page.ts),
 * so an action (a mark, a pause, effort) reads and writes a row whose size does not grow with the pages visited.
 */
export const recordingSchema = z.strictObject(recordingShape).superRefine(checkRecording);
export type Recording = z.infer<typeof recordingSchema>;
