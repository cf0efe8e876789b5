import { MAX_PUSH_BYTES, MAX_PUSH_RECORDS, type PushResult } from '../../shared/protocol/push.ts';
import type { Walkthrough } from '../../shared/schemas/index.ts';
import type { OutboxEntry } from '../db/outbox-entry.ts';

/** Room for the request envelope (protocol version, client id, brackets) within MAX_PUSH_BYTES. */
const ENVELOPE_BYTES = 1024;

export type BatchItem = { readonly recordId: string; readonly rev: number; readonly walkthrough: Walkthrough };

export type PushBatch = {
  /** What to send, in outbox order. */
  items: BatchItem[];
  /** Entries whose record is gone (deleted here): nothing to push, the entry can go. */
  orphans: string[];
  /** Records too large to ever fit a push: they need attention, not a retry. */
  tooLarge: { recordId: string; rev: number }[];
};

const bytesOf = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).byteLength;

/**
 * Picks the next push batch from outbox entries (oldest first) and the records they point at: at most
 * MAX_PUSH_RECORDS records and MAX_PUSH_BYTES of JSON, so the server never answers 413. Entries that need
 * attention are skipped (sending them unchanged cannot succeed). Pure: the caller reads and writes Dexie.
 */
export const planPushBatch = (
  entries: readonly OutboxEntry[],
  records: ReadonlyMap<string, Walkthrough>,
  { maxRecords = MAX_PUSH_RECORDS, maxBytes = MAX_PUSH_BYTES }: { maxRecords?: number; maxBytes?: number } = {},
): PushBatch => {
  const batch: PushBatch = { items: [], orphans: [], tooLarge: [] };
  let bytes = ENVELOPE_BYTES;
  for (const entry of entries) {
    if (entry.rejection !== undefined) continue;
    const walkthrough = records.get(entry.recordId);
    if (walkthrough === undefined) {
      batch.orphans.push(entry.recordId);
      continue;
    }
    const size = bytesOf({ type: entry.type, data: walkthrough }) + 1;
    if (size + ENVELOPE_BYTES > maxBytes) {
      batch.tooLarge.push({ recordId: entry.recordId, rev: walkthrough.rev });
      continue;
    }
    if (batch.items.length >= maxRecords || bytes + size > maxBytes) break;
    bytes += size;
    // The record's own rev: an edit may have bumped it since the entry was queued.
    batch.items.push({ recordId: entry.recordId, rev: walkthrough.rev, walkthrough });
  }
  return batch;
};

export type AckAction =
  | { action: 'delete'; recordId: string; sentRev: number }
  | { action: 'reject'; recordId: string; sentRev: number; reason: string }
  /** No usable answer for this record: it stays queued as it is and goes in the next push. */
  | { action: 'keep'; recordId: string };

/**
 * What each answer means for the outbox, matched by index (and checked by id): accepted and duplicate
 * mean the server holds the rev sent, so the entry can go; rejected keeps it, marked as needing attention.
 * Whether the entry still has the rev sent is checked when the actions are applied (a newer local edit in
 * the meantime keeps it queued).
 */
export const planAcks = (items: readonly BatchItem[], results: readonly PushResult[]): AckAction[] => {
  const byIndex = new Map(results.map((result) => [result.index, result]));
  return items.map((item, index): AckAction => {
    const result = byIndex.get(index);
    if (result === undefined || (result.id !== null && result.id !== item.recordId))
      return { action: 'keep', recordId: item.recordId };
    if (result.status === 'rejected')
      return {
        action: 'reject',
        recordId: item.recordId,
        sentRev: item.rev,
        reason: result.reason ?? 'rejected by the server',
      };
    return { action: 'delete', recordId: item.recordId, sentRev: item.rev };
  });
};
