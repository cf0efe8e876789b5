import { type Kysely, sql } from 'kysely';
import type { Database } from '../core/database.ts';
import { toSafeInteger } from '../core/normalise.ts';
import type { StoreContext } from '../core/store-context.ts';

/**
 * How long an expired pairing or sign-in code is kept before it is deleted. While the row is there, redeeming the
 * code answers what happened to it: a pairing link says "expired" (or "used", if it was), not "unknown", so
 * someone who pastes last week's link learns to ask for a new one rather than suspecting a typo. A week covers a
 * link sent before a holiday weekend; after that "unknown" is as good an answer.
 */
export const EXPIRED_CODE_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * An upload declared this long ago and still not complete is abandoned: its bytes are deleted with it. The
 * extension keeps every screenshot until the server holds all of it, and resumes by declaring again, which after a
 * purge starts over at byte 0; so the purge costs a device that comes back later one re-upload (at most
 * MAX_ATTACHMENT_BYTES), never a screenshot. Thirty days is far longer than any upload takes, and long enough for
 * a laptop left in a drawer over a holiday to resume where it stopped rather than from the start.
 */
export const ABANDONED_UPLOAD_MS = 30 * 24 * 60 * 60 * 1000;

/** Rows deleted per statement (codes) or attachments per transaction (uploads): no purge holds a lock for long. */
export const PURGE_BATCH_ROWS = 500;

/**
 * Chunk bytes deleted per transaction, roughly: abandoned uploads are taken whole, oldest first, until their held
 * bytes reach this (at least one upload, so at most MAX_ATTACHMENT_BYTES past it). Deleting a blob in SQLite
 * walks its pages, so a transaction is bounded by bytes, not only by rows.
 */
export const PURGE_BATCH_BYTES = 32 * 1024 * 1024;

export type PurgeOptions = {
  /** PURGE_BATCH_ROWS unless a test wants small batches. */
  readonly batchRows?: number;
  /** PURGE_BATCH_BYTES unless a test wants small batches. */
  readonly batchBytes?: number;
};

/** What one purge deleted. */
export type PurgeCounts = {
  readonly pairingCodes: number;
  readonly signInCodes: number;
  /** Attachment rows of abandoned uploads. */
  readonly abandonedUploads: number;
  /** Their chunk rows (the bytes). */
  readonly uploadChunks: number;
};

/**
 * Deletes rows nobody will need again, in every team alike: pairing and sign-in codes expired more than
 * EXPIRED_CODE_GRACE_MS ago, and uploads declared more than ABANDONED_UPLOAD_MS ago and never completed, with
 * their chunks. Completed attachments are never touched. Works in bounded batches, each its own short
 * transaction, so requests keep flowing during a large purge; safe to run from several instances at once (each
 * deletes what the others have not). Idempotent: a second run with the same `now` deletes nothing.
 */
export async function purgeExpired({ db }: StoreContext, now: Date, options: PurgeOptions = {}): Promise<PurgeCounts> {
  const batchRows = options.batchRows ?? PURGE_BATCH_ROWS;
  const batchBytes = options.batchBytes ?? PURGE_BATCH_BYTES;
  if (!Number.isSafeInteger(batchRows) || batchRows < 1) throw new Error(`purgeExpired: batchRows ${batchRows}`);
  const codesBefore = new Date(now.getTime() - EXPIRED_CODE_GRACE_MS).toISOString();
  const uploadsBefore = new Date(now.getTime() - ABANDONED_UPLOAD_MS).toISOString();
  const pairingCodes = await purgeCodes(db, 'pairing_codes', codesBefore, batchRows);
  const signInCodes = await purgeCodes(db, 'sign_in_codes', codesBefore, batchRows);
  const uploads = await purgeAbandonedUploads(db, uploadsBefore, batchRows, batchBytes);
  return { pairingCodes, signInCodes, ...uploads };
}

/**
 * Expired codes, a batch per statement (each statement is its own transaction). A code is spent or refused on
 * its own row alone and nothing references it, so deleting it needs no more care than that. A batch that
 * deletes fewer than asked was the last (or another instance is purging the rest).
 */
async function purgeCodes(
  db: Kysely<Database>,
  table: 'pairing_codes' | 'sign_in_codes',
  expiredBefore: string,
  batchRows: number,
): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db
      .deleteFrom(table)
      .where('code_hash', 'in', (eb) =>
        eb.selectFrom(table).select('code_hash').where('expires_at', '<', expiredBefore).limit(batchRows),
      )
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    total += deleted;
    if (deleted < batchRows) return total;
  }
}

/**
 * Abandoned uploads, whole, a batch per transaction. The candidates are read outside the transaction; inside it
 * a guarded UPDATE claims them (the same conditions again, so one that completed meanwhile is left alone: on
 * PostgreSQL the UPDATE waits for a running append's row lock and re-reads the row). An append that comes after
 * the claim waits for it and then finds nothing (not_found); the extension declares again and starts over.
 */
async function purgeAbandonedUploads(
  db: Kysely<Database>,
  declaredBefore: string,
  batchRows: number,
  batchBytes: number,
): Promise<Pick<PurgeCounts, 'abandonedUploads' | 'uploadChunks'>> {
  let abandonedUploads = 0;
  let uploadChunks = 0;
  for (;;) {
    const candidates = await db
      .selectFrom('attachments')
      .select(['id', 'received'])
      .where('completed_at', 'is', null)
      .where('created_at', '<', declaredBefore)
      .orderBy('created_at')
      .orderBy('id')
      .limit(batchRows)
      .execute();
    if (candidates.length === 0) break;
    const ids: string[] = [];
    let bytes = 0;
    for (const candidate of candidates) {
      if (ids.length > 0 && bytes + toSafeInteger(candidate.received, 'attachments.received') > batchBytes) break;
      bytes += toSafeInteger(candidate.received, 'attachments.received');
      ids.push(candidate.id);
    }
    const deleted = await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('attachments')
        // Changes nothing: it takes the rows' write locks and re-checks the conditions under them.
        .set({ received: sql<number>`received` })
        .where('id', 'in', ids)
        .where('completed_at', 'is', null)
        .where('created_at', '<', declaredBefore)
        .returning('id')
        .execute();
      if (claimed.length === 0) return { uploads: 0, chunks: 0 };
      const claimedIds = claimed.map((row) => row.id);
      const chunks = await trx
        .deleteFrom('attachment_chunks')
        .where('attachment_id', 'in', claimedIds)
        .executeTakeFirst();
      const uploads = await trx.deleteFrom('attachments').where('id', 'in', claimedIds).executeTakeFirst();
      return { uploads: Number(uploads.numDeletedRows), chunks: Number(chunks.numDeletedRows) };
    });
    abandonedUploads += deleted.uploads;
    uploadChunks += deleted.chunks;
    // Every candidate went or was claimed by someone else (completed, or purged by another instance) meanwhile:
    // either way the next read no longer returns it, so the loop ends.
  }
  return { abandonedUploads, uploadChunks };
}
