import { walkthroughSchema } from '../../shared/schemas/index.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { outboxEntrySchema } from '../db/outbox-entry.ts';
import { readPairing } from '../db/pairing-setting.ts';
import { parseRow } from '../db/parse-rows.ts';
import { deleteWalkthrough } from '../history/delete-walkthrough.ts';
import { type PairingSummary, summarisePairing } from './pairing.ts';
import { EMPTY_STATUS, type SyncStatusRow, syncStateRowSchema } from './sync-state.ts';

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
  status: SyncStatusRow;
};

export const readSyncView = (db: JourneySamplerDb): Promise<SyncView> =>
  db.transaction('r', [db.settings, db.outbox, db.walkthroughs, db.syncState], async () => {
    const pairing = await readPairing(db);
    const rows: unknown[] = await db.outbox.toArray();
    const entries = rows.flatMap((row) => {
      const parsed = parseRow(outboxEntrySchema, row);
      return parsed.ok ? [parsed.value] : [];
    });
    const rejected = entries.filter((e) => e.rejection !== undefined);
    const records: unknown[] = await db.walkthroughs.bulkGet(rejected.map((e) => e.recordId));
    const status = parseRow(syncStateRowSchema, await db.syncState.get('status'));
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
      status: status.ok && status.value.key === 'status' ? status.value : EMPTY_STATUS,
    };
  });

/** "Retry": the sampler fixed the cause (e.g. the journey now exists on the server); push it again. */
export const retryRejected = (db: JourneySamplerDb, recordId: string): Promise<void> =>
  db.transaction('rw', [db.outbox], async () => {
    const entry = await db.outbox.where('recordId').equals(recordId).first();
    if (entry === undefined) return;
    const { rejection: _rejection, ...rest } = entry;
    await db.outbox.put(rest);
  });

/**
 * "Discard locally": the record will never be accepted, so it goes from this device (the walkthrough, its
 * screenshots and its outbox entry, in one transaction). Nothing is on the server to delete: it was refused.
 */
export const discardRejected = async (db: JourneySamplerDb, recordId: string): Promise<void> => {
  const deleted = await deleteWalkthrough(db, recordId);
  if (!deleted.ok) await db.outbox.where('recordId').equals(recordId).delete();
};
