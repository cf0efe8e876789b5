import { z } from 'zod';
import { measureDuration } from '../../shared/domain/duration.ts';
import { type Outcome, type Ratings, type Walkthrough, walkthroughSchema } from '../../shared/schemas/walkthrough.ts';
import { type ParsedRow, parseRow } from '../db/parse-rows.ts';

/** What one line of the History list shows: a view of a stored walkthrough, not a stored shape. */
export type WalkthroughSummary = {
  id: string;
  journeyId: string | null;
  journeyName: string;
  startedAt: string;
  outcome: Outcome;
  elapsedMs: number;
  /** Elapsed minus pauses, from shared/domain; null when the timeline cannot be measured. */
  activeMs: number | null;
  ratings: Ratings;
  stepCount: number;
  painPointCount: number;
  /** The computer slept or the browser restarted during it: the sample deserves a second look. */
  interrupted: boolean;
};

const shape = walkthroughSchema.shape;

/**
 * The fields a list line needs, with the shared schema's own field schemas (so they cannot drift), and the
 * other fields (pages, notes, environment) left unread. Parsing a 2,000-page walkthrough in full cost most
 * of a first page's time in Chromium (bench/history-list.ts); the detail view parses the whole record.
 */
const listedFieldsSchema = z.object({
  id: shape.id,
  journeyId: shape.journeyId,
  journeyName: shape.journeyName,
  startedAt: shape.startedAt,
  elapsedMs: shape.elapsedMs,
  stepMarks: shape.stepMarks,
  pauses: shape.pauses,
  painPoints: shape.painPoints,
  outcome: shape.outcome,
  ratings: shape.ratings,
  interruptions: shape.interruptions,
});
type ListedFields = z.infer<typeof listedFieldsSchema>;

export const summarizeWalkthrough = (w: Walkthrough | ListedFields): WalkthroughSummary => {
  const duration = measureDuration(w);
  return {
    id: w.id,
    journeyId: w.journeyId,
    journeyName: w.journeyName,
    startedAt: w.startedAt,
    outcome: w.outcome,
    elapsedMs: w.elapsedMs,
    activeMs: duration.ok ? duration.value.activeMs : null,
    ratings: w.ratings,
    stepCount: w.stepMarks.length,
    painPointCount: w.painPoints.length,
    interrupted: w.interruptions.length > 0,
  };
};

/** A stored row as a list line, or why it cannot be one. */
export const summarizeRow = (row: unknown): ParsedRow<WalkthroughSummary> => {
  const parsed = parseRow(listedFieldsSchema, row);
  return parsed.ok ? { ok: true, value: summarizeWalkthrough(parsed.value) } : parsed;
};
