import { Dexie } from 'dexie';
import type { PageVisit } from '../../shared/schemas/index.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { parseRows } from '../db/parse-rows.ts';
import { recordingPageSchema } from '../db/recording-page.ts';

/** The key range of one recording's pages in the `[recordingId+atMs]` index. */
const ofRecording = (db: JourneySamplerDb, recordingId: string) =>
  db.recordingPages
    .where('[recordingId+atMs]')
    .between([recordingId, Dexie.minKey], [recordingId, Dexie.maxKey], true, true);

/**
 * The visits of `recordingId` among raw `recordingPages` rows, in `atMs` order (ties by visit id, as the index
 * orders them). Rows that do not parse are left out (and left in the table).
 */
export const visitsOf = (recordingId: string, rows: readonly unknown[]): PageVisit[] =>
  parseRows(recordingPageSchema, rows)
    .values.filter((row) => row.recordingId === recordingId)
    .sort((a, b) => a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ recordingId: _recordingId, ...visit }) => visit);

/** The recording's page visits, in `atMs` order. */
export const readPages = async (db: JourneySamplerDb, recordingId: string): Promise<PageVisit[]> =>
  visitsOf(recordingId, await ofRecording(db, recordingId).toArray());

/** How many page visits the recording holds. */
export const countPages = (db: JourneySamplerDb, recordingId: string): Promise<number> =>
  ofRecording(db, recordingId).count();

/** The visit `visitId` of the recording, if recorded (and readable). */
export const readPage = async (
  db: JourneySamplerDb,
  recordingId: string,
  visitId: string,
): Promise<PageVisit | undefined> => {
  const parsed = recordingPageSchema.safeParse(await db.recordingPages.get([recordingId, visitId]));
  if (!parsed.success) return undefined;
  const { recordingId: _recordingId, ...visit } = parsed.data;
  return visit;
};

/** Stores (or replaces) one visit of the recording. */
export const writePage = async (db: JourneySamplerDb, recordingId: string, visit: PageVisit): Promise<void> => {
  await db.recordingPages.put(recordingPageSchema.parse({ ...visit, recordingId }));
};

/** Deletes every page visit of the recording. */
export const deletePages = async (db: JourneySamplerDb, recordingId: string): Promise<void> => {
  await ofRecording(db, recordingId).delete();
};
