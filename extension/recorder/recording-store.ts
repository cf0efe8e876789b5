import type { z } from 'zod';
import type { StepMark } from '../../shared/schemas/index.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { MAX_SEALED_CHUNKS, type MarkChunk, markChunkSchema, SEALED_CHUNK_MARKS } from '../db/mark-chunk.ts';
import { type NativeScope, requestResult } from '../db/native-transaction.ts';
import type { Recording } from '../db/recording.ts';
import { type RecordingRow, recordingRowSchema } from '../db/recording-row.ts';

/*
 * How the recording in progress is stored
 * =======================================
 *
 * Every action rewrites the recording, and a mark must be durable within a few milliseconds however long the
 * walkthrough has run. The row's size is what costs (IndexedDB clones and writes it whole, zod checks it
 * whole), and the step marks are what grows: 500 marks are ~30 KB. So the oldest marks are sealed, 16 at a
 * time, into rows of their own (`recordingMarkChunks`) that are never changed again, and the recording row
 * keeps only the newest marks (the tail, 16 to 31 of them) plus the ids of its sealed chunks in order. (Chunks
 * of 64 left a mark's p95 just over 5 ms on a busy machine; 16 keep the row at ~3 KB after 500 marks.)
 *
 * A sealed chunk never changes, so each JS context keeps the chunks it has read, parsed, in memory by id: an
 * action reads and checks only the small recording row. That memory is a cache of what is stored, never the
 * only copy. An undo that reaches into a sealed chunk unseals it (the row is deleted and its marks go back to
 * the tail); a new chunk gets a new id, so a cached chunk can never be stale.
 *
 * Each write also stores a new `rev` (an id), and the context keeps what it last wrote or read, parsed, by that
 * rev: a read that finds the row still at that rev takes the recording from memory instead of checking the
 * row again (another context's write, or an older row, has another rev or none, and is parsed as before).
 *
 * The same reads and writes run in a Dexie transaction, or (`native`) in a transaction of IndexedDB itself
 * (db/native-transaction.ts), which the recorder uses for its actions: a mark costs about a plain put.
 *
 * The pure transitions never see any of this: they get and return a whole `Recording`.
 */

/**
 * The tail is sealed down when it reaches this many marks. Twice a chunk, so the tail always keeps at least a
 * chunk's worth: a few undos right after a seal never unseal it again.
 */
export const TAIL_SEAL_AT = 2 * SEALED_CHUNK_MARKS;

/** Where the sealed marks of an assembled recording came from, and its stored page count. */
type Layout = { chunkIds: readonly string[]; sealed: readonly StepMark[]; pageCount: number | undefined };
const NEW_LAYOUT: Layout = { chunkIds: [], sealed: [], pageCount: 0 };
/** A recording this store did not hand out (never the case in the recorder): nothing assumed. */
const UNKNOWN_LAYOUT: Layout = { chunkIds: [], sealed: [], pageCount: undefined };

/** Chunks cached beyond those of the current recording are dropped past this many. */
const CACHE_LIMIT = 2 * MAX_SEALED_CHUNKS;

export type WriteResult = { ok: true; recording: Recording } | { ok: false; message: string };

/** readCurrent and write, bound to one transaction. */
export type RecordingAccess = {
  /** The current recording, from `rows` when the caller has read the recording rows already. */
  readCurrent(rows?: readonly unknown[]): Promise<Recording | null>;
  /**
   * The recording as this context last wrote or read it, to act on before the read is back, and the read:
   * whether it is still the stored one, and the rows (read now, before any write the caller makes next).
   * Null when this context knows none.
   */
  guess(): { recording: Recording; check: Promise<{ isCurrent: boolean; rows: unknown[] }> } | null;
  /** Whether a write through this access sealed or unsealed step marks (wrote chunk rows). */
  wroteChunks(): boolean;
  write(next: Recording, current: Recording | null, pageCount?: number): Promise<WriteResult>;
  pageCount(recording: Recording): number | undefined;
};

/** The requests the store makes, inside one transaction (Dexie's, or IndexedDB's own). */
type Tables = {
  recordingRows(): Promise<unknown[]>;
  chunkRows(ids: readonly string[]): Promise<unknown[]>;
  /** Writes in request order; the transaction fails as a whole if one does. */
  write(row: RecordingRow, added: readonly MarkChunk[], unsealed: readonly string[]): Promise<void>;
};

const RECORDINGS = 'recordings';
const CHUNKS = 'recordingMarkChunks';

const dexieTables = (db: JourneySamplerDb): Tables => ({
  recordingRows: () => db.recordings.toArray(),
  chunkRows: (ids) => db.recordingMarkChunks.bulkGet([...ids]),
  async write(row, added, unsealed) {
    if (unsealed.length > 0) await db.recordingMarkChunks.bulkDelete([...unsealed]);
    if (added.length > 0) await db.recordingMarkChunks.bulkAdd([...added]);
    await db.recordings.put(row);
  },
});

const nativeTables = ({ tx, touched }: NativeScope): Tables => ({
  recordingRows: () => requestResult(tx.objectStore(RECORDINGS).getAll()),
  chunkRows: (ids) => Promise.all(ids.map((id) => requestResult(tx.objectStore(CHUNKS).get(id)))),
  async write(row, added, unsealed) {
    // Not awaited one by one: requests of a transaction run in order, and a failed one aborts it whole.
    const chunks = tx.objectStore(CHUNKS);
    for (const id of unsealed) chunks.delete(id);
    for (const chunk of added) chunks.add(chunk);
    tx.objectStore(RECORDINGS).put(row);
    if (unsealed.length + added.length > 0) {
      touched(CHUNKS, [...unsealed, ...added.map((c) => c.id)], { recordingId: [row.id] });
    }
    touched(RECORDINGS, [row.id]);
  },
});

export type RecordingStore = {
  /** The tables every call below touches: a transaction must include both. */
  readonly tables: JourneySamplerDb['recordings' | 'recordingMarkChunks'][];
  /**
   * Inside a transaction over `tables`: the recording in progress, whole. Rows that do not parse, or whose
   * sealed marks are missing or unreadable, are left untouched and skipped (they cannot be continued). Should
   * two readable rows ever exist, the oldest (UUIDv7 ids: key order is creation order) is the current one.
   */
  readCurrent(): Promise<Recording | null>;
  /**
   * Inside the same transaction: stores `next`, derived by a transition from `current` (as readCurrent or
   * write returned it; null for a new recording), with `pageCount` when the caller wrote or counted page visits
   * (otherwise the stored count is kept). Checks what it writes; a refusal writes nothing.
   */
  write(next: Recording, current: Recording | null, pageCount?: number): Promise<WriteResult>;
  /** The number of page visits stored for `recording` (as readCurrent or write returned it), if the row knows. */
  pageCount(recording: Recording): number | undefined;
  /** Inside a transaction over `tables`: deletes the recording and its sealed marks. */
  remove(recordingId: string): Promise<void>;
  /** The table names, for a transaction of IndexedDB itself. */
  readonly tableNames: readonly string[];
  /** readCurrent and write inside a transaction of IndexedDB itself over `tableNames` (nativeReadWrite). */
  native(scope: NativeScope): RecordingAccess;
};

const issueText = (error: z.ZodError): string => {
  const issue = error.issues[0];
  return `${issue?.path.join('.')}: ${issue?.message}`;
};

/** Whether `marks` starts with exactly the first `count` objects of `sealed` (transitions keep old marks as they are). */
const keepsPrefix = (marks: readonly StepMark[], sealed: readonly StepMark[], count: number): boolean => {
  if (marks.length <= count) return false;
  for (let i = 0; i < count; i += 1) if (marks[i] !== sealed[i]) return false;
  return true;
};

/** The whole recording: the sealed marks, then the row's own. */
export const joinMarks = (row: RecordingRow, sealed: readonly StepMark[]): Recording => {
  const { sealedChunks: _sealedChunks, pageCount: _pageCount, rev: _rev, stepMarks, ...rest } = row;
  return { ...rest, stepMarks: [...sealed, ...stepMarks] };
};

/** The recording store of one JS context over `db`; `newId` names new chunks and revs. */
export const createRecordingStore = (db: JourneySamplerDb, newId: () => string): RecordingStore => {
  const chunkCache = new Map<string, readonly StepMark[]>();
  const layouts = new WeakMap<Recording, Layout>();
  /**
   * The recording as this context last wrote or read it, by the row's rev. Handed out again as it is, so
   * (like every recording the store returns) it must not be mutated: transitions make new objects.
   */
  let known: { rev: string; recording: Recording } | null = null;

  const assemble = (row: RecordingRow, layout: Layout): Recording => {
    const recording = joinMarks(row, layout.sealed);
    layouts.set(recording, layout);
    if (row.rev !== undefined) known = { rev: row.rev, recording };
    return recording;
  };

  /** The sealed marks of `chunkIds`, from the cache or the table; null when one is missing or unreadable. */
  const readSealed = async (
    tables: Tables,
    chunkIds: readonly string[],
    recordingId: string,
  ): Promise<Omit<Layout, 'pageCount'> | null> => {
    const missing = chunkIds.filter((id) => !chunkCache.has(id));
    if (missing.length > 0) {
      const rows = await tables.chunkRows(missing);
      for (const row of rows) {
        const parsed = markChunkSchema.safeParse(row);
        if (!parsed.success || parsed.data.recordingId !== recordingId) return null;
        chunkCache.set(parsed.data.id, parsed.data.marks);
      }
    }
    const sealed: StepMark[] = [];
    for (const id of chunkIds) {
      const marks = chunkCache.get(id);
      if (marks === undefined) return null;
      sealed.push(...marks);
    }
    if (chunkCache.size > CACHE_LIMIT) {
      for (const id of chunkCache.keys()) if (!chunkIds.includes(id)) chunkCache.delete(id);
    }
    return { chunkIds, sealed };
  };

  const readCurrent = async (tables: Tables, given?: readonly unknown[]): Promise<Recording | null> => {
    const rows = given ?? (await tables.recordingRows());
    for (const row of rows) {
      // Still the row this context wrote (or read) last: checked then, unchanged since.
      const rev: unknown = typeof row === 'object' && row !== null ? Reflect.get(row, 'rev') : undefined;
      if (known !== null && rev === known.rev) return known.recording;
      const parsed = recordingRowSchema.safeParse(row);
      if (!parsed.success) continue;
      const sealed = await readSealed(tables, parsed.data.sealedChunks ?? [], parsed.data.id);
      if (sealed !== null) return assemble(parsed.data, { ...sealed, pageCount: parsed.data.pageCount });
    }
    return null;
  };

  const write = async (
    tables: Tables,
    next: Recording,
    current: Recording | null,
    pageCount: number | undefined,
  ): Promise<WriteResult> => {
    const before = current === null ? NEW_LAYOUT : (layouts.get(current) ?? UNKNOWN_LAYOUT);
    const count = pageCount ?? before.pageCount;
    const marks = next.stepMarks;
    // Keep the longest run of sealed chunks the new marks still start with (all of them, unless an undo
    // reached into the last one); the marks after it form the tail.
    let kept = before.chunkIds.length;
    while (kept > 0 && !keepsPrefix(marks, before.sealed, kept * SEALED_CHUNK_MARKS)) kept -= 1;
    const chunkIds = before.chunkIds.slice(0, kept);
    const sealed = before.sealed.slice(0, kept * SEALED_CHUNK_MARKS);
    const unsealed = before.chunkIds.slice(kept);
    let tail = marks.slice(sealed.length);
    const added: MarkChunk[] = [];
    while (tail.length >= TAIL_SEAL_AT) {
      const parsed = markChunkSchema.safeParse({
        id: newId(),
        recordingId: next.id,
        marks: tail.slice(0, SEALED_CHUNK_MARKS),
      });
      if (!parsed.success) return { ok: false, message: issueText(parsed.error) };
      added.push(parsed.data);
      tail = tail.slice(SEALED_CHUNK_MARKS);
    }
    const row = recordingRowSchema.safeParse({
      ...next,
      stepMarks: tail,
      sealedChunks: [...chunkIds, ...added.map((c) => c.id)],
      ...(count === undefined ? {} : { pageCount: count }),
      rev: newId(),
    });
    if (!row.success) return { ok: false, message: issueText(row.error) };

    await tables.write(row.data, added, unsealed);
    for (const chunk of added) chunkCache.set(chunk.id, chunk.marks);
    return {
      ok: true,
      recording: assemble(row.data, {
        chunkIds: row.data.sealedChunks ?? [],
        sealed: [...sealed, ...added.flatMap((c) => c.marks)],
        pageCount: row.data.pageCount,
      }),
    };
  };

  const pageCountOf = (recording: Recording): number | undefined => layouts.get(recording)?.pageCount;
  const guess = (tables: Tables): ReturnType<RecordingAccess['guess']> => {
    if (known === null) return null;
    const { rev, recording } = known;
    const check = tables.recordingRows().then((rows) => {
      const [first] = rows;
      return { isCurrent: typeof first === 'object' && first !== null && Reflect.get(first, 'rev') === rev, rows };
    });
    return { recording, check };
  };
  const bind = (plain: Tables): RecordingAccess => {
    let wroteChunks = false;
    const tables: Tables = {
      ...plain,
      write: (row, added, unsealed) => {
        if (added.length + unsealed.length > 0) wroteChunks = true;
        return plain.write(row, added, unsealed);
      },
    };
    return {
      readCurrent: (rows) => readCurrent(tables, rows),
      guess: () => guess(tables),
      wroteChunks: () => wroteChunks,
      write: (next, current, pageCount) => write(tables, next, current, pageCount),
      pageCount: pageCountOf,
    };
  };
  const dexie = bind(dexieTables(db));

  return {
    tables: [db.recordings, db.recordingMarkChunks],
    tableNames: [RECORDINGS, CHUNKS],
    readCurrent: dexie.readCurrent,
    write: dexie.write,
    pageCount: pageCountOf,
    native: (scope) => bind(nativeTables(scope)),

    remove: async (recordingId) => {
      if (known?.recording.id === recordingId) known = null;
      await db.recordingMarkChunks.where('recordingId').equals(recordingId).delete();
      await db.recordings.delete(recordingId);
    },
  };
};
