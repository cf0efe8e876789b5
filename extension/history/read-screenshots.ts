import { attachmentSchema } from '../db/attachment.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { parseRow } from '../db/parse-rows.ts';
import { blobLikeSchema } from '../lib/blob-like.ts';

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
