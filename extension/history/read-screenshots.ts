import { z } from 'zod';
import { attachmentSchema } from '../db/attachment.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { parseRow } from '../db/parse-rows.ts';

/**
 * Anything that behaves as a Blob. `instanceof Blob` fails for a Blob made in another realm (another
 * window's or Node's, as in the unit tests' fake IndexedDB), though it is just as readable.
 */
export const blobLikeSchema = z.custom<Blob>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    'size' in value &&
    typeof value.size === 'number' &&
    'type' in value &&
    typeof value.type === 'string' &&
    'arrayBuffer' in value &&
    typeof value.arrayBuffer === 'function',
  { message: 'expected a Blob' },
);

/** The stored attachment as the recorder's schema describes it, with the realm-independent Blob check. */
export const storedAttachmentSchema = attachmentSchema.extend({ blob: blobLikeSchema });

/** Screenshot Blobs by attachment id; an id without a readable attachment is simply absent. */
export const readScreenshots = async (db: JourneySamplerDb, ids: readonly string[]): Promise<Map<string, Blob>> => {
  const found = new Map<string, Blob>();
  if (ids.length === 0) return found;
  const rows: unknown[] = await db.attachments.bulkGet([...ids]);
  for (const row of rows) {
    if (row === undefined) continue;
    const parsed = parseRow(storedAttachmentSchema, row);
    if (parsed.ok) found.set(parsed.value.id, parsed.value.blob);
  }
  return found;
};
