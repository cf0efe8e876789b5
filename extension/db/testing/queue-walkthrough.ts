import type { Walkthrough } from '../../../shared/schemas/index.ts';
import type { JourneySamplerDb } from '../journey-sampler-db.ts';
import type { OutboxRejection } from '../outbox-entry.ts';

/**
 * A walkthrough and its outbox entry, written in one transaction as recorder.complete() writes them.
 * `rejection` makes it one the server has already refused ("needs attention"). Called inside a wider
 * transaction (one that also stores screenshots, say), it joins that transaction.
 */
export const queueWalkthrough = async (
  db: JourneySamplerDb,
  walkthrough: Walkthrough,
  queuedAt: string,
  rejection?: OutboxRejection,
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
