import type { Walkthrough } from '../../../shared/schemas/index.ts';
import type { JourneySamplerDb } from '../journey-sampler-db.ts';
import type { OutboxEntry } from '../outbox-entry.ts';
import { storableBlob } from './fresh-db.ts';

/**
 * A walkthrough and its outbox entry, written in one transaction as recorder.complete() writes them.
 * `rejection` makes it one the server has already refused ("needs attention"). Called inside a wider
 * transaction (one that also stores screenshots, say), it joins that transaction.
 */
export const queueWalkthrough = async (
  db: JourneySamplerDb,
  walkthrough: Walkthrough,
  queuedAt: string,
  rejection?: OutboxEntry['rejection'],
): Promise<Walkthrough> => {
  await db.transaction('rw', [db.walkthroughs, db.outbox], async () => {
    await db.walkthroughs.put(walkthrough);
    await db.outbox.add({
      type: 'walkthrough',
      recordId: walkthrough.id,
      rev: walkthrough.rev,
      queuedAt,
      ...(rejection === undefined ? {} : { rejection }),
    });
  });
  return walkthrough;
};

/** A screenshot as the recorder keeps it: its id (the note's `screenshotId`), bytes and type. */
export type QueuedScreenshot = {
  readonly id: string;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly type: 'image/png' | 'image/jpeg';
};

/** queueWalkthrough plus the walkthrough's screenshots, in one transaction, as the recorder leaves them. */
export const queueWalkthroughWithScreenshots = async (
  db: JourneySamplerDb,
  walkthrough: Walkthrough,
  screenshots: readonly QueuedScreenshot[],
  queuedAt: string,
): Promise<Walkthrough> => {
  await db.transaction('rw', [db.walkthroughs, db.outbox, db.screenshots], async () => {
    await queueWalkthrough(db, walkthrough, queuedAt);
    for (const { id, bytes, type } of screenshots) {
      await db.screenshots.put({
        id,
        recordingId: walkthrough.id,
        blob: storableBlob(bytes, type),
        type,
        bytes: bytes.byteLength,
        createdAt: queuedAt,
      });
    }
  });
  return walkthrough;
};
