import { walkthroughSchema } from '../../shared/schemas/walkthrough.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { parseRow } from '../db/parse-rows.ts';
import { matchesTerms, searchTerms, startedAtRange, type WalkthroughFilter } from './walkthrough-filter.ts';
import { summarizeRow, type WalkthroughSummary } from './walkthrough-summary.ts';

/** A line of the list: a walkthrough, or a stored row that failed the schema (shown, never hidden). */
export type WalkthroughListRow =
  | { status: 'readable'; summary: WalkthroughSummary }
  | { status: 'unreadable'; id: string; message: string };

export type WalkthroughPage = {
  /** Newest first, at most the limit asked for. */
  rows: WalkthroughListRow[];
  /** How many walkthroughs match; null when a text search stopped reading once the page was full. */
  total: number | null;
  hasMore: boolean;
};

/** Rows read per request while searching text: small enough to stop soon after the page fills. */
const SEARCH_CHUNK = 200;

/** The walkthroughs within the filter's dates, in `startedAt` order (all of them without dates). */
const byStartedAt = (db: JourneySamplerDb, filter: WalkthroughFilter) => {
  const range = startedAtRange(filter);
  return range === null
    ? db.walkthroughs.orderBy('startedAt')
    : db.walkthroughs.where('startedAt').between(range.lower, range.upper, true, false);
};

/**
 * Primary keys of the walkthroughs that pass the filter's indexed parts (dates, journey, outcome), newest
 * first. Only index keys are read (getAllKeys): a list of 10,000 walkthroughs never deserialises 10,000
 * records, only the ones on the page.
 */
export const filteredKeys = async (db: JourneySamplerDb, filter: WalkthroughFilter): Promise<string[]> => {
  // Ascending, then reversed here: one getAllKeys() call in every browser, where a descending read may
  // step a cursor once per walkthrough.
  const ordered = (await byStartedAt(db, filter).primaryKeys()).reverse();

  const keep: Array<(key: string) => boolean> = [];
  if (filter.journey.kind === 'journey') {
    const ofJourney = new Set(await db.walkthroughs.where('journeyId').equals(filter.journey.journeyId).primaryKeys());
    keep.push((key) => ofJourney.has(key));
  } else if (filter.journey.kind === 'ad-hoc') {
    // Ad-hoc walkthroughs have journeyId null, which IndexedDB leaves out of the index: they are the rest.
    const withJourney = new Set(await db.walkthroughs.orderBy('journeyId').primaryKeys());
    keep.push((key) => !withJourney.has(key));
  }
  if (filter.outcome !== 'any') {
    const withOutcome = new Set(await db.walkthroughs.where('outcome').equals(filter.outcome).primaryKeys());
    keep.push((key) => withOutcome.has(key));
  }
  return keep.length === 0 ? ordered : ordered.filter((key) => keep.every((test) => test(key)));
};

/** Stored rows, in key order, with the keys of rows that vanished dropped. */
const rowsOf = async (db: JourneySamplerDb, keys: readonly string[]): Promise<Array<[string, unknown]>> => {
  const rows: unknown[] = await db.walkthroughs.bulkGet([...keys]);
  return keys.flatMap((key, i) => (rows[i] === undefined ? [] : [[key, rows[i]] as [string, unknown]]));
};

const toListRow = ([key, row]: [string, unknown]): WalkthroughListRow => {
  const summary = summarizeRow(row);
  return summary.ok
    ? { status: 'readable', summary: summary.value }
    : { status: 'unreadable', id: key, message: summary.message };
};

/**
 * The first `limit` walkthroughs that match the filter, newest first, read in one transaction so the page and
 * its count agree. With dates at most, the newest `limit` keys come straight off the startedAt index; with a
 * journey or outcome, the index keys are intersected first; with search text, records are read in chunks,
 * newest first, until the page is full (text is not indexed). Only the page's records are ever parsed.
 */
export const listWalkthroughs = (
  db: JourneySamplerDb,
  filter: WalkthroughFilter,
  limit: number,
): Promise<WalkthroughPage> =>
  db.transaction('r', db.walkthroughs, async () => {
    const terms = searchTerms(filter.text);
    if (terms.length === 0 && filter.journey.kind === 'any' && filter.outcome === 'any') {
      // Without dates the table's own count (several times cheaper than counting an index in Chromium); it
      // includes the rare row without a readable start time, which the page flags on its own (countUnlisted).
      const total =
        startedAtRange(filter) === null ? await db.walkthroughs.count() : await byStartedAt(db, filter).count();
      const page = await rowsOf(db, await byStartedAt(db, filter).reverse().limit(limit).primaryKeys());
      return { rows: page.map(toListRow), total, hasMore: total > limit };
    }
    const keys = await filteredKeys(db, filter);
    if (terms.length === 0) {
      const page = await rowsOf(db, keys.slice(0, limit));
      return { rows: page.map(toListRow), total: keys.length, hasMore: keys.length > limit };
    }
    const matched: Array<[string, unknown]> = [];
    let scanned = 0;
    while (scanned < keys.length && matched.length <= limit) {
      const chunk = keys.slice(scanned, scanned + SEARCH_CHUNK);
      scanned += chunk.length;
      for (const entry of await rowsOf(db, chunk)) if (matchesTerms(entry[1], terms)) matched.push(entry);
    }
    const complete = scanned >= keys.length;
    return {
      rows: matched.slice(0, limit).map(toListRow),
      total: complete ? matched.length : null,
      hasMore: matched.length > limit,
    };
  });

/**
 * Stored rows without a start time the startedAt index can order: no list can show them, so the page counts
 * them and says so. Kept apart from the list so this check never delays the first page.
 */
export const countUnlisted = (db: JourneySamplerDb): Promise<number> =>
  db.transaction(
    'r',
    db.walkthroughs,
    async () => (await db.walkthroughs.count()) - (await db.walkthroughs.orderBy('startedAt').count()),
  );

/**
 * Every walkthrough matching the filter, newest first, for export: parsed with the schema, so an export
 * always parses again; rows that fail are counted instead of exported.
 */
export const readMatchingWalkthroughs = (db: JourneySamplerDb, filter: WalkthroughFilter) =>
  db.transaction('r', db.walkthroughs, async () => {
    const keys = await filteredKeys(db, filter);
    const terms = searchTerms(filter.text);
    const walkthroughs = [];
    let unreadable = 0;
    for (let start = 0; start < keys.length; start += SEARCH_CHUNK) {
      for (const [, row] of await rowsOf(db, keys.slice(start, start + SEARCH_CHUNK))) {
        if (!matchesTerms(row, terms)) continue;
        const parsed = parseRow(walkthroughSchema, row);
        if (parsed.ok) walkthroughs.push(parsed.value);
        else unreadable += 1;
      }
    }
    return { walkthroughs, unreadable };
  });
