import { markChunkSchema } from '../../db/mark-chunk.ts';
import type { Recording } from '../../db/recording.ts';
import { recordingRowSchema } from '../../db/recording-row.ts';
import { joinMarks } from '../recording-store.ts';

/**
 * A recording from its raw stored row and the raw rows of `recordingMarkChunks`, for readers outside a
 * recorder (tests that look at the database itself). Throws when something does not parse or is missing.
 */
export const assembleRecording = (row: unknown, chunkRows: readonly unknown[]): Recording => {
  const head = recordingRowSchema.parse(row);
  const chunks = new Map(chunkRows.map((chunk) => markChunkSchema.parse(chunk)).map((c) => [c.id, c.marks]));
  const sealed = (head.sealedChunks ?? []).flatMap((id) => {
    const marks = chunks.get(id);
    if (marks === undefined) throw new Error(`the sealed step marks ${id} are missing`);
    return marks;
  });
  return joinMarks(head, sealed);
};
