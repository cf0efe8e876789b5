import type { JourneyStep, StepMark } from '../../shared/schemas/index.ts';
import type { Recording } from '../db/recording.ts';

/**
 * Index in the journey of the latest journey step reached, or -1 when no journey step was marked (ad hoc).
 * Extra steps past the journey's end ("Step 5") have no step id and leave it on the last journey step.
 */
export const currentStepIndex = (recording: Pick<Recording, 'steps' | 'stepMarks'>): number => {
  for (let i = recording.stepMarks.length - 1; i >= 0; i -= 1) {
    const stepId = recording.stepMarks[i]?.stepId;
    if (stepId !== null && stepId !== undefined) return recording.steps.findIndex((s) => s.id === stepId);
  }
  return -1;
};

/** The name of an extra step: its position among the marks, counting from 1 ("Step 4" is the fourth mark). */
export const extraStepName = (position: number): string => `Step ${position}`;

/**
 * True when a catalog journey's last step is the current one: no "next step" is left, only Finish. Never true
 * for an ad-hoc walkthrough, which adds steps as it goes.
 */
export const isAtLastStep = (recording: Pick<Recording, 'journeyId' | 'steps' | 'stepMarks'>): boolean =>
  recording.journeyId !== null && currentStepIndex(recording) >= recording.steps.length - 1;

/**
 * The step a manual "next step" reaches: the journey's next step, or "Step N" when ad hoc (or, in a recording
 * made before the last step was final, past the journey's end).
 */
export const nextManualStep = (recording: Recording): Pick<StepMark, 'stepId' | 'name'> => {
  const next: JourneyStep | undefined = recording.steps[currentStepIndex(recording) + 1];
  return next === undefined
    ? { stepId: null, name: extraStepName(recording.stepMarks.length + 1) }
    : { stepId: next.id, name: next.name };
};
