import { walkthroughSchema } from '../../shared/schemas/index.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { outboxEntrySchema } from '../db/outbox-entry.ts';
import { readPairing } from '../db/pairing-setting.ts';
import { parseRow } from '../db/parse-rows.ts';
import { EMPTY_STATUS, type SyncStatusRow, syncStateRowSchema } from '../db/sync-state.ts';
import { deleteWalkthrough } from '../history/delete-walkthrough.ts';
import { type PairingSummary, summarisePairing } from '../pairing/pairing-summary.ts';
import { listPendingScreenshots, readFailedUploads, type ScreenshotAttentionItem } from './pending-screenshots.ts';

/** A record the server refused, as the side panel lists it. */
export type AttentionItem = {
  recordId: string;
  /** The walkthrough's name, or null when its copy here is gone or unreadable. */
  name: string | null;
  startedAt: string | null;
  reason: string;
};

/** Everything the side panel's sync section shows, read in one transaction so the numbers agree. */
export type SyncView = {
  pairing: PairingSummary | null;
  /** Entries waiting to be pushed (not counting those that need attention). */
  pending: number;
  attention: AttentionItem[];
  /** Screenshots of finished walkthroughs still to upload (they go once their walkthrough is on the server). */
  pendingScreenshots: number;
  screenshotAttention: ScreenshotAttentionItem[];
  status: SyncStatusRow;
};

export const readSyncView = (db: JourneySamplerDb): Promise<SyncView> =>
  db.transaction(
    'r',
    [db.settings, db.outbox, db.walkthroughs, db.syncState, db.screenshots, db.screenshotUploads],
    async () => {
      const pairing = await readPairing(db);
      const rows: unknown[] = await db.outbox.toArray();
      const entries = rows.flatMap((row) => {
        const parsed = parseRow(outboxEntrySchema, row);
        return parsed.ok ? [parsed.value] : [];
      });
      const rejected = entries.filter((e) => e.rejection !== undefined);
      const records: unknown[] = await db.walkthroughs.bulkGet(rejected.map((e) => e.recordId));
      const status = parseRow(syncStateRowSchema, await db.syncState.get('status'));
      const pendingScreenshots = await listPendingScreenshots(db);
      const screenshotAttention = await readFailedUploads(db);
      return {
        pairing: pairing.status === 'paired' ? summarisePairing(pairing.pairing) : null,
        // An unreadable entry is still something waiting: counted, never hidden.
        pending: rows.length - rejected.length,
        attention: rejected.map((entry, i) => {
          const record = parseRow(walkthroughSchema, records[i]);
          return {
            recordId: entry.recordId,
            name: record.ok ? record.value.journeyName : null,
            startedAt: record.ok ? record.value.startedAt : null,
            reason: entry.rejection?.reason ?? '',
          };
        }),
        pendingScreenshots: pendingScreenshots.length,
        screenshotAttention,
        status: status.ok && status.value.key === 'status' ? status.value : EMPTY_STATUS,
      };
    },
  );

/** "Retry": the sampler fixed the cause (e.g. the journey now exists on the server); push it again. */
export const retryRejected = (db: JourneySamplerDb, recordId: string): Promise<void> =>
  db.transaction('rw', [db.outbox], async () => {
    const entry = await db.outbox.where('recordId').equals(recordId).first();
    if (entry === undefined) return;
    const { rejection: _rejection, ...rest } = entry;
    await db.outbox.put(rest);
  });

/** "Retry" a screenshot the server refused (its limit may have changed): it is uploaded again from the start. */
export const retryScreenshot = (db: JourneySamplerDb, screenshotId: string): Promise<void> =>
  db.transaction('rw', [db.screenshotUploads], async () => {
    const row = await db.screenshotUploads.get(screenshotId);
    if (row?.state === 'failed') await db.screenshotUploads.delete(screenshotId);
  });

/**
 * "Don't upload": the sampler gives up on a refused screenshot. It stays on this device (History still shows
 * it); only the upload is dropped, so it leaves the needs-attention list and is never tried again.
 */
export const discardScreenshotUpload = (db: JourneySamplerDb, screenshotId: string, at: string): Promise<void> =>
  db.transaction('rw', [db.screenshotUploads], async () => {
    const row = await db.screenshotUploads.get(screenshotId);
    if (row?.state === 'failed') await db.screenshotUploads.put({ ...row, state: 'discarded', at });
  });

/**
 * "Discard locally": the record will never be accepted, so it goes from this device (the walkthrough, its
 * screenshots and its outbox entry, in one transaction). Nothing is on the server to delete: it was refused.
 */
export const discardRejected = async (db: JourneySamplerDb, recordId: string): Promise<void> => {
  const deleted = await deleteWalkthrough(db, recordId);
  if (!deleted.ok) await db.outbox.where('recordId').equals(recordId).delete();
};
