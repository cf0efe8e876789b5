import { Dexie, type EntityTable, type Table } from 'dexie';
import type { Journey, JourneyTargets, Service, Walkthrough } from '../../shared/schemas/index.ts';
import type { MarkChunk } from './mark-chunk.ts';
import type { OutboxEntry } from './outbox-entry.ts';
import type { RecordingPage } from './recording-page.ts';
import type { RecordingRow } from './recording-row.ts';
import type { Screenshot } from './screenshot.ts';
import type { ScreenshotUpload } from './screenshot-upload.ts';
import type { Setting, SettingKey } from './setting.ts';
import type { SyncStateKey, SyncStateRow } from './sync-state.ts';

/** One database per extension install, in the extension's origin (shared by side panel, popup, options, background). */
export const DEFAULT_DB_NAME = 'journey-sampler';

/**
 * The extension's local store: every table and every schema version in one place.
 *
 * Rows are typed with the shared zod types for writing, but a row read back is only as trustworthy as the
 * version that wrote it: readers parse it with the shared schema (see `parse-rows.ts`).
 */
export class JourneySamplerDb extends Dexie {
  // `declare`: Dexie creates these properties in `stores()`; a class field would only shadow them.
  /** Catalog cache from the server (pull). Keyed by id. */
  declare readonly services: Table<Service, string>;
  /** Catalog cache from the server (pull). Keyed by id. */
  declare readonly journeys: Table<Journey, string>;
  /** Catalog cache from the server (pull): one row per journey, so keyed by journeyId. */
  declare readonly targets: Table<JourneyTargets, string>;
  /** Finished walkthroughs, recorded here or pulled from the sampler's other devices. Keyed by id. */
  declare readonly walkthroughs: Table<Walkthrough, string>;
  /** Pending pushes, oldest first by `seq`. */
  declare readonly outbox: EntityTable<OutboxEntry, 'seq'>;
  /** Small key/value settings (server address, …). */
  declare readonly settings: Table<Setting, SettingKey>;
  /** The walkthrough being recorded (at most one), written at every action. Keyed by id. */
  declare readonly recordings: Table<RecordingRow, string>;
  /** The page visits of the walkthrough being recorded, one row each, keyed by [recordingId+id]. */
  declare readonly recordingPages: Table<RecordingPage, [string, string]>;
  /** Sealed step marks of the walkthrough being recorded, 16 per row, written once (mark-chunk.ts). */
  declare readonly recordingMarkChunks: Table<MarkChunk, string>;
  /** The sync engine's memory (pull cursor, status and backoff, single-flight lease), keyed by `key`. */
  declare readonly syncState: Table<SyncStateRow, SyncStateKey>;

  // The two screenshot tables are stored as `attachments` and `attachmentUploads` (their names since versions 2
  // and 5; renaming a table needs a data migration): the code knows them by these names only.
  /** Screenshots of notes and pain points, by id; `recordingId` is also the finished walkthrough's id. */
  get screenshots(): Table<Screenshot, string> {
    return this.table('attachments');
  }
  /** How each screenshot's upload ended (uploaded, failed, discarded), keyed by `attachmentId`; none yet: pending. */
  get screenshotUploads(): Table<ScreenshotUpload, string> {
    return this.table('attachmentUploads');
  }

  constructor(name: string = DEFAULT_DB_NAME) {
    super(name);

    // Every version stays here for good: a device may still hold any older one, and Dexie upgrades from it
    // by walking the list. Never edit a shipped version; add version(n + 1) (with an upgrade() when existing
    // rows must change shape) and say why. Only indexed properties are listed; the first is the primary key.
    // IndexedDB cannot index booleans or null, so `archived` is filtered in memory and ad-hoc walkthroughs
    // (journeyId null) are simply absent from the journeyId index.

    // version(1), 0.1.0: the first local schema.
    this.version(1).stores({
      services: 'id',
      // serviceId: list a service's journeys.
      journeys: 'id, serviceId',
      targets: 'journeyId',
      // journeyId: a journey's history; startedAt: newest first; outcome: "needs attention" views.
      walkthroughs: 'id, journeyId, startedAt, outcome',
      // ++seq keeps push order; &recordId: at most one pending entry per record (a re-queue updates its rev).
      outbox: '++seq, &recordId',
      settings: 'key',
    });

    // version(2), issue 3: recording walkthroughs in the side panel. Adds two tables and changes no existing
    // row, so there is no upgrade(). Dexie carries the version(1) tables over unchanged.
    this.version(2).stores({
      // The in-progress walkthrough, rewritten at every action so nothing lives only in memory.
      recordings: 'id',
      // recordingId: a walkthrough's screenshots, and the ones to delete when a recording is discarded.
      attachments: 'id, recordingId',
    });

    // version(3), sync with the server. Adds the `syncState` table (cursor, status and backoff, lease; see
    // sync-state.ts). Outbox entries may now carry an optional `rejection` (the server refused that rev:
    // "needs attention"); it is not indexed (the outbox is small and read whole), so the outbox's stores line
    // is unchanged, existing entries are valid as they are, and there is no upgrade().
    this.version(3).stores({
      syncState: 'key',
    });

    // version(4), page visits out of the recording row. A recording held its visits in `pages`, so every action
    // (a mark, a pause) parsed and rewrote all of them: ~100 ms per mark after 2,000 visits. They now live in
    // `recordingPages`, one row per visit keyed by [recordingId+id] (visit ids are the content script's, unique
    // within a recording); [recordingId+atMs] lists a recording's visits in order (complete()) and finds the ones
    // to delete. The upgrade moves the visits of existing recording rows into the table and drops `pages` from
    // the row. A row whose visits cannot all be keyed (not written by this extension) is left untouched: it
    // no longer parses, like any other unreadable row, and is never silently changed.
    this.version(4)
      .stores({
        recordingPages: '[recordingId+id], [recordingId+atMs]',
      })
      .upgrade(async (tx) => {
        const recordings = tx.table('recordings');
        const pages = tx.table('recordingPages');
        const rows: unknown[] = await recordings.toArray();
        for (const row of rows) {
          if (typeof row !== 'object' || row === null || !('pages' in row)) continue;
          const { pages: visits, ...rest } = row as { id?: unknown; pages: unknown };
          const recordingId = rest.id;
          if (typeof recordingId !== 'string' || !Array.isArray(visits)) continue;
          const keyable = (v: unknown): v is { id: string; atMs: number } =>
            typeof v === 'object' &&
            v !== null &&
            typeof (v as { id?: unknown }).id === 'string' &&
            typeof (v as { atMs?: unknown }).atMs === 'number';
          if (!visits.every(keyable)) continue;
          await pages.bulkPut(visits.map((v) => ({ ...v, recordingId })));
          await recordings.put(rest);
        }
      });

    // version(5), screenshots sync as attachments (issue 4). Adds `attachmentUploads`, one small row per screenshot
    // whose upload ended (screenshot-upload.ts); `state` finds the failed ones for "needs attention".
    // Screenshot rows are not touched: writing an outcome must not rewrite a row holding a Blob, and a
    // screenshot without an outcome row is simply still to upload, so existing screenshots (of walkthroughs
    // synced before this version, too) are uploaded with no upgrade().
    this.version(5).stores({
      attachmentUploads: 'attachmentId, state',
    });

    // version(6), step marks out of the recording row too (issue 3: a mark must be durable in < 5 ms however long
    // the walkthrough). The oldest marks are sealed, 16 per row, into `recordingMarkChunks` (keyed by id; by
    // recordingId to delete a recording's chunks), and the recording row lists their ids in `sealedChunks`. A
    // row written before holds all its marks and no `sealedChunks`, which is still a valid row: its marks are
    // sealed as it is next written, so there is no upgrade(). (version(5) belongs to screenshot uploads.)
    this.version(6).stores({
      recordingMarkChunks: 'id, recordingId',
    });
  }
}

/** A database handle; tests pass a fresh name so each gets its own (fake) IndexedDB database. */
export const createDb = (name: string = DEFAULT_DB_NAME): JourneySamplerDb => new JourneySamplerDb(name);
