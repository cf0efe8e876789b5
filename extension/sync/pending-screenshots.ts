import { walkthroughSchema } from '../../shared/schemas/index.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { parseRow } from '../db/parse-rows.ts';
import { screenshotUploadSchema } from '../db/screenshot-upload.ts';

/** A screenshot still to upload, and the walkthrough it belongs to. */
export type PendingScreenshot = { readonly screenshotId: string; readonly walkthroughId: string };

/**
 * Screenshots of finished walkthroughs whose upload has not ended (no `db.screenshotUploads` row), oldest
 * walkthrough first (ids are UUIDv7). Read through the `recordingId` index's keys, so no Blob is loaded.
 * Screenshots of the recording in progress are left out: there is no walkthrough for them on the server yet.
 * Call inside a transaction over screenshots, screenshotUploads and walkthroughs to get one consistent view.
 */
export const listPendingScreenshots = async (db: JourneySamplerDb): Promise<PendingScreenshot[]> => {
  const filed: PendingScreenshot[] = [];
  await db.screenshots.orderBy('recordingId').eachKey((recordingId, cursor) => {
    if (typeof recordingId === 'string' && typeof cursor.primaryKey === 'string')
      filed.push({ screenshotId: cursor.primaryKey, walkthroughId: recordingId });
  });
  if (filed.length === 0) return [];
  const ended = new Set(await db.screenshotUploads.toCollection().primaryKeys());
  const finished = new Set(
    await db.walkthroughs
      .where(':id')
      .anyOf([...new Set(filed.map((a) => a.walkthroughId))])
      .primaryKeys(),
  );
  return filed.filter((a) => !ended.has(a.screenshotId) && finished.has(a.walkthroughId));
};

/** A screenshot the server refused for good, as the side panel lists it. */
export type ScreenshotAttentionItem = {
  screenshotId: string;
  walkthroughId: string;
  /** The walkthrough's name, or null when its copy here is gone or unreadable. */
  name: string | null;
  reason: string;
};

/**
 * The screenshots whose upload failed for good, for "needs attention". Call inside a transaction over
 * screenshots, screenshotUploads and walkthroughs.
 */
export const readFailedUploads = async (db: JourneySamplerDb): Promise<ScreenshotAttentionItem[]> => {
  const failed = (await db.screenshotUploads.where('state').equals('failed').toArray()).flatMap((row) => {
    const parsed = parseRow(screenshotUploadSchema, row);
    return parsed.ok ? [parsed.value] : [];
  });
  if (failed.length === 0) return [];
  // A failure whose screenshot is gone since (its walkthrough deleted in History) needs nobody's attention.
  const stillHere = new Set(
    await db.screenshots
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
        screenshotId: upload.attachmentId,
        walkthroughId: upload.walkthroughId,
        name: record.ok ? record.value.journeyName : null,
        reason: upload.reason ?? 'the server refused it',
      },
    ];
  });
};
