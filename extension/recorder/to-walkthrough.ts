import { ok } from '../../shared/domain/result.ts';
import { type PageVisit, type Ratings, type Walkthrough, walkthroughSchema } from '../../shared/schemas/index.ts';
import type { Recording } from '../db/recording.ts';
import { refuse, type Transition } from './transition-error.ts';

export type CompleteInput = { ratings: Ratings; journeyName?: string };

/**
 * The finished recording as a walkthrough record (rev 1, same id), checked against the walkthrough schema.
 * `journeyName` names an ad-hoc walkthrough; a catalog journey keeps its own name. Interruptions flagged after
 * Finish (the clock keeps tracking in case of a reopen) do not lie within the walkthrough and are left out;
 * every one flagged before it does (offsets and gaps are floored, so start + gap never passes the end).
 * `pages` are the recording's page visits (stored apart from it, see recording-pages.ts), put in `atMs` order.
 */
export const toWalkthrough = (
  recording: Recording,
  { ratings, journeyName }: CompleteInput,
  pages: readonly PageVisit[] = [],
): Transition<Walkthrough> => {
  if (recording.status !== 'finished' || recording.outcome === undefined || recording.finalElapsedMs === undefined) {
    return refuse('not-finished', 'finish the walkthrough before rating it');
  }
  const elapsedMs = recording.finalElapsedMs;
  const name = recording.journeyId === null && journeyName?.trim() ? journeyName : recording.journeyName;
  const candidate: Walkthrough = {
    id: recording.id,
    rev: 1,
    journeyId: recording.journeyId,
    journeyName: name,
    samplerId: recording.samplerId,
    startedAt: recording.startedAt,
    // Start plus the monotonic duration, not the wall clock at the end: a clock changed meanwhile must not
    // make the record claim a different length than it measured.
    endedAt: new Date(Date.parse(recording.startedAt) + elapsedMs).toISOString(),
    elapsedMs,
    stepMarks: recording.stepMarks,
    pauses: recording.pauses,
    notes: recording.notes,
    painPoints: recording.painPoints,
    outcome: recording.outcome,
    ...(recording.outcomeReason === undefined ? {} : { outcomeReason: recording.outcomeReason }),
    ratings,
    environment: recording.environment,
    pages: [...pages].sort((a, b) => a.atMs - b.atMs),
    interruptions: recording.interruptions.filter((i) => i.atMs + i.gapMs <= elapsedMs),
  };
  const parsed = walkthroughSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse('invalid', `the walkthrough is not valid: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return ok(parsed.data);
};
