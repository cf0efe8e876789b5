import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { parseRow } from '../db/parse-rows.ts';
import { storedScreenshotSchema } from '../db/screenshot.ts';

/** Screenshot Blobs by id; an id without a readable screenshot is simply absent. */
export const readScreenshots = async (db: JourneySamplerDb, ids: readonly string[]): Promise<Map<string, Blob>> => {
  const found = new Map<string, Blob>();
  if (ids.length === 0) return found;
  const rows: unknown[] = await db.screenshots.bulkGet([...ids]);
  for (const row of rows) {
    if (row === undefined) continue;
    const parsed = parseRow(storedScreenshotSchema, row);
    if (parsed.ok) found.set(parsed.value.id, parsed.value.blob);
  }
  return found;
};
