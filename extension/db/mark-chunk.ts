import { z } from 'zod';
import { idSchema, MAX_STEP_MARKS, stepMarkSchema } from '../../shared/schemas/index.ts';

/** Marks per sealed chunk (at most 62 chunk ids in the row for the 1,000 marks a walkthrough may hold). */
export const SEALED_CHUNK_MARKS = 16;
/** How many sealed chunks a recording can have. */
export const MAX_SEALED_CHUNKS = Math.floor(MAX_STEP_MARKS / SEALED_CHUNK_MARKS);

/**
 * A row of `recordingMarkChunks`: sealed marks of a recording, written once. Why marks are sealed in chunks,
 * and how the recorder reads and writes them: recorder/recording-store.ts.
 */
export const markChunkSchema = z.strictObject({
  id: idSchema,
  recordingId: idSchema,
  marks: z.array(stepMarkSchema).length(SEALED_CHUNK_MARKS),
});
export type MarkChunk = z.infer<typeof markChunkSchema>;
