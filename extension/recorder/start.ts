import { ok } from '../../shared/domain/result.ts';
import {
  type Environment,
  environmentSchema,
  type Journey,
  journeySchema,
  nameSchema,
  type StepMark,
} from '../../shared/schemas/index.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import type { Recording } from '../db/recording.ts';
import { startClock } from './advance-clock.ts';
import { extraStepName } from './steps.ts';
import { refuse, type Transition } from './transition-error.ts';

/** What the sampler starts: a journey from the catalog, or an ad-hoc walkthrough named now or at the end. */
export type StartInput = { journey: Journey } | { adHocName?: string };

/** The name an ad-hoc walkthrough has until the sampler names it. */
export const DEFAULT_AD_HOC_NAME = 'Ad-hoc walkthrough';

export type StartRecordingInput = {
  id: string;
  start: StartInput;
  environment: Environment;
  reading: ClockReading;
  /** Null until the extension is paired with a server. */
  samplerId: string | null;
};

/**
 * A new recording, running from `reading`, with its first step marked at 0: the journey's first step, or
 * "Step 1" when ad hoc. The journey's steps are copied, so editing the journey meanwhile changes nothing here.
 */
export const startRecording = ({ id, start, environment, reading, samplerId }: StartRecordingInput): Transition => {
  const env = environmentSchema.safeParse(environment);
  if (!env.success) return refuse('invalid', `environment: ${env.error.issues[0]?.message ?? 'invalid'}`);

  let journey: Journey | null = null;
  let journeyName = DEFAULT_AD_HOC_NAME;
  if ('journey' in start) {
    const parsed = journeySchema.safeParse(start.journey);
    if (!parsed.success) return refuse('invalid', `journey: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    journey = parsed.data;
    journeyName = journey.name;
  } else if (start.adHocName !== undefined && start.adHocName.trim() !== '') {
    const name = nameSchema.safeParse(start.adHocName);
    if (!name.success) return refuse('invalid', `name: ${name.error.issues[0]?.message ?? 'invalid'}`);
    journeyName = name.data;
  }

  const firstStep = journey?.steps[0];
  const firstMark: StepMark =
    firstStep === undefined
      ? { stepId: null, name: extraStepName(1), atMs: 0, source: 'manual' }
      : { stepId: firstStep.id, name: firstStep.name, atMs: 0, source: 'manual' };

  const recording: Recording = {
    id,
    journeyId: journey?.id ?? null,
    journeyName,
    steps: journey?.steps ?? [],
    samplerId,
    startedAt: new Date(reading.wallMs).toISOString(),
    status: 'running',
    clock: startClock(reading),
    stepMarks: [firstMark],
    pauses: [],
    openPause: null,
    notes: [],
    painPoints: [],
    interruptions: [],
    environment: env.data,
  };
  return ok(recording);
};
