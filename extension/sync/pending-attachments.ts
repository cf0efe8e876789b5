import { walkthroughSchema } from '../../shared/schemas/index.ts';
import { attachmentUploadSchema } from '../db/attachment-upload.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { parseRow } from '../db/parse-rows.ts';

/** An attachment still to upload, and the walkthrough it belongs to. */
export type PendingAttachment = { readonly attachmentId: string; readonly walkthroughId: string };

/**
 * Attachments of finished walkthroughs whose upload has not ended (no `attachmentUploads` row), oldest
 * walkthrough first (ids are UUIDv7). Read through the `recordingId` index's keys, so no Blob is loaded.
 * Attachments of the recording in progress are left out: there is no walkthrough for them on the server yet.
 * Call inside a transaction over attachments, attachmentUploads and walkthroughs to get one consistent view.
 */
export const listPendingAttachments = async (db: JourneySamplerDb): Promise<PendingAttachment[]> => {
  const filed: PendingAttachment[] = [];
  await db.attachments.orderBy('recordingId').eachKey((recordingId, cursor) => {
    if (typeof recordingId === 'string' && typeof cursor.primaryKey === 'string')
      filed.push({ attachmentId: cursor.primaryKey, walkthroughId: recordingId });
  });
  if (filed.length === 0) return [];
  const ended = new Set(await db.attachmentUploads.toCollection().primaryKeys());
  const finished = new Set(
    await db.walkthroughs
      .where(':id')
      .anyOf([...new Set(filed.map((a) => a.walkthroughId))])
      .primaryKeys(),
  );
  return filed.filter((a) => !ended.has(a.attachmentId) && finished.has(a.walkthroughId));
};

/** A screenshot the server refused for good, as the side panel lists it. */
export type AttachmentAttentionItem = {
  attachmentId: string;
  walkthroughId: string;
  /** The walkthrough's name, or null when its copy here is gone or unreadable. */
  name: string | null;
  reason: string;
};

/**
 * The screenshots whose upload failed for good, for "needs attention". Call inside a transaction over
 * attachments, attachmentUploads and walkthroughs.
 */
export const readFailedUploads = async (db: JourneySamplerDb): Promise<AttachmentAttentionItem[]> => {
  const failed = (await db.attachmentUploads.where('state').equals('failed').toArray()).flatMap((row) => {
    const parsed = parseRow(attachmentUploadSchema, row);
    return parsed.ok ? [parsed.value] : [];
  });
  if (failed.length === 0) return [];
  // A failure whose screenshot is gone since (its walkthrough deleted in History) needs nobody's attention.
  const stillHere = new Set(
    await db.attachments
      .where(':id')
      .anyOf(failed.map((u) => u.attachmentId))
      .primaryKeys(),
  );
  const walkthroughs: unknown[] = await db.walkthroughs.bulkGet(failed.map((u) => u.walkthroughId));
  return failed.flatMap((upload, i) => {
    if (!stillHere.has(upload.attachmentId)) return [];
    const record = parseRow(walkthroughSchema, walkthroughs[i]);
    return [
      {
        attachmentId: upload.attachmentId,
        walkthroughId: upload.walkthroughId,
        name: record.ok ? record.value.journeyName : null,
        reason: upload.reason ?? 'the server refused it',
      },
    ];
  });
};
