// What the step breakdown reads of a stored walkthrough: the fields it scores, each checked, the rest passed over.
import { z } from 'zod';
import { durationMsSchema, idSchema, revSchema } from '../../../shared/schemas/common.ts';
import { pageVisitSchema } from '../../../shared/schemas/evidence.ts';
import {
  OUTCOMES,
  painPointSchema,
  pauseSchema,
  stepMarkSchema,
  type Walkthrough,
} from '../../../shared/schemas/walkthrough.ts';
import { parseStoredJson } from '../core/normalise.ts';

/**
 * The step breakdown's fields of a walkthrough (timeline, outcome, pain points, pages), each checked with its
 * shared schema; notes, ratings, environment and the rest are passed over. The push checked the record whole; the
 * whole schema again cost the journey answer 50 ms for its 500 walkthroughs (this: 15 ms).
 */
const stepSampleSchema = z.looseObject({
  id: idSchema,
  rev: revSchema,
  elapsedMs: durationMsSchema,
  stepMarks: z.array(stepMarkSchema),
  pauses: z.array(pauseSchema),
  painPoints: z.array(painPointSchema),
  outcome: z.enum(OUTCOMES),
  pages: z.array(pageVisitSchema).default([]),
});

/**
 * A stored walkthrough as the step breakdown reads it. Typed as the whole record, as the breakdown takes it: only
 * the fields stepSampleSchema checks are read (measureWalkthroughs, stepBreakdown, stepPageTimings).
 *
 * @throws StoredRecordError when those fields are not what the schema says
 */
export const stepSampleOf = (row: { id: string; record_json: string }): Walkthrough =>
  parseStoredJson(stepSampleSchema, row.record_json, `walkthrough ${row.id}`) as unknown as Walkthrough;
