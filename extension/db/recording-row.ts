import { z } from 'zod';
import { idSchema, MAX_PAGE_VISITS, MAX_STEP_MARKS } from '../../shared/schemas/index.ts';
import { MAX_SEALED_CHUNKS, SEALED_CHUNK_MARKS } from './mark-chunk.ts';
import { checkRecording, recordingShape } from './recording.ts';

/**
 * The row in `recordings`: a recording whose `stepMarks` are its newest marks, after those of `sealedChunks`
 * (rows of `recordingMarkChunks`, see mark-chunk.ts; recorder/recording-store.ts says why and how).
 * Rows written before chunks existed have no `sealedChunks` and all their marks in `stepMarks`: still valid.
 */
export const recordingRowSchema = z
  .strictObject({
    ...recordingShape,
    /** Ids of the sealed chunks holding the oldest marks, oldest first. */
    sealedChunks: z.array(idSchema).max(MAX_SEALED_CHUNKS).optional(),
    /** How many rows the recording has in `recordingPages` (absent in rows written before it was kept). */
    pageCount: z.int().min(0).max(MAX_PAGE_VISITS).optional(),
    /**
     * A new id at every write (absent in rows written before it was kept): a JS context that finds the id it
     * wrote last knows the row is still what it wrote and checked, and need not parse it again (not indexed,
     * so no new Dexie version).
     */
    rev: idSchema.optional(),
  })
  .superRefine((row, ctx) => {
    checkRecording(row, ctx);
    if ((row.sealedChunks?.length ?? 0) * SEALED_CHUNK_MARKS + row.stepMarks.length > MAX_STEP_MARKS) {
      ctx.addIssue({
        code: 'custom',
        path: ['stepMarks'],
        message: `a walkthrough holds at most ${MAX_STEP_MARKS} step marks`,
      });
    }
  });
export type RecordingRow = z.infer<typeof recordingRowSchema>;
