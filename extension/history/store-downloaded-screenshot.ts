import { walkthroughSchema } from '../../shared/schemas/index.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { parseRow } from '../db/parse-rows.ts';
import type { Screenshot } from '../db/screenshot.ts';

/** A screenshot downloaded from the paired server, checked (sync/screenshot-download.ts), ready to keep. */
export type DownloadedScreenshot = {
  id: string;
  walkthroughId: string;
  blob: Blob;
  type: Screenshot['type'];
  /** Wall-clock time of the download, ISO. */
  at: string;
};

/**
 * - stored: kept, as a screenshot of the walkthrough;
 * - present: this device has a copy already (its own capture, or another page's download): that one stays;
 * - gone: the walkthrough was deleted meanwhile, or no longer refers to this screenshot: nothing is kept.
 */
export type StoreOutcome = 'stored' | 'present' | 'gone';

/**
 * Keeps a downloaded screenshot as a local one: in `db.screenshots`, filed under its walkthrough's id, so it shows
 * offline from now on and goes with its walkthrough when that is deleted (delete-walkthrough.ts). Marked
 * uploaded at once (the server has it: that is where it came from), so the sync run never declares it again.
 * One transaction, which first checks the walkthrough is still here and still shows the screenshot: a delete
 * during the download must not leave an orphan screenshot behind.
 */
export const storeDownloadedScreenshot = (db: JourneySamplerDb, shot: DownloadedScreenshot): Promise<StoreOutcome> =>
  db.transaction('rw', [db.walkthroughs, db.screenshots, db.screenshotUploads], async (): Promise<StoreOutcome> => {
    const record = parseRow(walkthroughSchema, await db.walkthroughs.get(shot.walkthroughId));
    if (!record.ok) return 'gone';
    const shows = [...record.value.notes, ...record.value.painPoints].some((r) => r.screenshotId === shot.id);
    if (!shows) return 'gone';
    // Counted through the key, so a copy already here is not read (it may be megabytes).
    if ((await db.screenshots.where(':id').equals(shot.id).count()) > 0) return 'present';
    await db.screenshots.add({
      id: shot.id,
      recordingId: shot.walkthroughId,
      blob: shot.blob,
      type: shot.type,
      bytes: shot.blob.size,
      createdAt: shot.at,
    });
    await db.screenshotUploads.put({
      attachmentId: shot.id,
      walkthroughId: shot.walkthroughId,
      state: 'uploaded',
      at: shot.at,
    });
    return 'stored';
  });
