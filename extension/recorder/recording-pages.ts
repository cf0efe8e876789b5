import { Dexie } from 'dexie';
import type { PageVisit } from '../../shared/schemas/index.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { type NativeScope, requestResult } from '../db/native-transaction.ts';
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

/** A stored row as a visit, or undefined when there is none or it does not parse. */
const toVisit = (row: unknown): PageVisit | undefined => {
  const parsed = recordingPageSchema.safeParse(row);
  if (!parsed.success) return undefined;
  const { recordingId: _recordingId, ...visit } = parsed.data;
  return visit;
};

/** The visit `visitId` of the recording, if recorded (and readable). */
export const readPage = async (
  db: JourneySamplerDb,
  recordingId: string,
  visitId: string,
): Promise<PageVisit | undefined> => toVisit(await db.recordingPages.get([recordingId, visitId]));

/** Stores (or replaces) one visit of the recording. */
export const writePage = async (db: JourneySamplerDb, recordingId: string, visit: PageVisit): Promise<void> => {
  await db.recordingPages.put(recordingPageSchema.parse({ ...visit, recordingId }));
};

/** Deletes every page visit of the recording. */
export const deletePages = async (db: JourneySamplerDb, recordingId: string): Promise<void> => {
  await ofRecording(db, recordingId).delete();
};

/*
 * The same reads and the write inside a transaction of IndexedDB itself (db/native-transaction.ts), for the
 * background's evidence: a visit's transaction is then as short as a mark's, which may be waiting for it.
 * The table's names as Dexie created them (db/journey-sampler-db.ts, version 4).
 */
const PAGES = 'recordingPages';
const BY_TIME = '[recordingId+atMs]';

/** For nativeReadWrite: the table the functions below use. */
export const PAGES_TABLE = PAGES;

/** countPages, in `scope`'s transaction. */
export const countPagesIn = (scope: NativeScope, recordingId: string): Promise<number> =>
  requestResult(
    // Every key of one recording: atMs is a number, and any array sorts after every number.
    scope.tx
      .objectStore(PAGES)
      .index(BY_TIME)
      .count(IDBKeyRange.bound([recordingId, Number.NEGATIVE_INFINITY], [recordingId, []])),
  );

/** readPage, in `scope`'s transaction. */
export const readPageIn = async (
  scope: NativeScope,
  recordingId: string,
  visitId: string,
): Promise<PageVisit | undefined> =>
  toVisit(await requestResult(scope.tx.objectStore(PAGES).get([recordingId, visitId])));

/**
 * writePage, in `scope`'s transaction: the put is made, not awaited (a failed request aborts the transaction,
 * which the caller awaits), and announced to liveQuery as Dexie announces its own puts.
 */
export const writePageIn = (scope: NativeScope, recordingId: string, visit: PageVisit): void => {
  const row = recordingPageSchema.parse({ ...visit, recordingId });
  scope.tx.objectStore(PAGES).put(row);
  scope.touched(PAGES, [[recordingId, visit.id]], { [BY_TIME]: [[recordingId, visit.atMs]] });
};
