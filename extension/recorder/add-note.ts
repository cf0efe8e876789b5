import { ok } from '../../shared/domain/result.ts';
import { longTextSchema, MAX_NOTES, type Note, PAIN_SEVERITIES, type PainPoint } from '../../shared/schemas/index.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import type { PainSeverity, Recording } from '../db/recording.ts';
import { nowMs, tick } from './tick.ts';
import { refuse, type Transition } from './transition-error.ts';

export type NewNote = { id: string; text: string; screenshotId?: string };
export type NewPainPoint = NewNote & { severity: PainSeverity };

/** Trimmed, non-empty text within the schema's length, or why not. */
const noteText = (text: string): Transition<string> => {
  const parsed = longTextSchema.min(1, 'the text is empty').safeParse(text.trim());
  return parsed.success ? ok(parsed.data) : refuse('invalid', `note text: ${parsed.error.issues[0]?.message}`);
};

/**
 * A note at this moment; it belongs to the current step because its offset falls in that step's span. Allowed
 * at any time, including on the rating screen after Finish (then it sits at the end of the walkthrough).
 */
export const addNote = (recording: Recording, reading: ClockReading, input: NewNote): Transition => {
  if (recording.notes.length >= MAX_NOTES) return refuse('invalid', `a walkthrough holds at most ${MAX_NOTES} notes`);
  const text = noteText(input.text);
  if (!text.ok) return text;
  const ticked = tick(recording, reading);
  const note: Note = {
    id: input.id,
    atMs: nowMs(ticked),
    text: text.value,
    ...(input.screenshotId === undefined ? {} : { screenshotId: input.screenshotId }),
  };
  return ok({ ...ticked, notes: [...ticked.notes, note] });
};

/** A pain point (minor, major or blocker) at this moment; like a note, allowed at any time. */
export const addPainPoint = (recording: Recording, reading: ClockReading, input: NewPainPoint): Transition => {
  if (recording.painPoints.length >= MAX_NOTES) {
    return refuse('invalid', `a walkthrough holds at most ${MAX_NOTES} pain points`);
  }
  if (!(PAIN_SEVERITIES as readonly string[]).includes(input.severity)) {
    return refuse('invalid', `a severity is one of ${PAIN_SEVERITIES.join(', ')}`);
  }
  const text = noteText(input.text);
  if (!text.ok) return text;
  const ticked = tick(recording, reading);
  const painPoint: PainPoint = {
    id: input.id,
    atMs: nowMs(ticked),
    severity: input.severity,
    text: text.value,
    ...(input.screenshotId === undefined ? {} : { screenshotId: input.screenshotId }),
  };
  return ok({ ...ticked, painPoints: [...ticked.painPoints, painPoint] });
};
