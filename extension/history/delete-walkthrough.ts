import { err, ok, type Result } from '../../shared/domain/result.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';

/**
 * Everything one delete removed, exactly as it was stored (raw rows, Blobs included), so undo can put it
 * back as it was: the walkthrough, its screenshots, and its pending outbox entry with its original `seq`
 * (so it is pushed in its old place in the queue).
 */
export type DeletedWalkthrough = {
  id: string;
  walkthrough: unknown;
  screenshots: unknown[];
  outbox: unknown[];
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Screenshot ids a stored walkthrough refers to, read defensively: a delete must work on an unreadable row too. */
const screenshotIdsOf = (row: unknown): string[] => {
  if (!isRecord(row)) return [];
  return [row.notes, row.painPoints].flatMap((items) =>
    Array.isArray(items)
      ? items.flatMap((item) => (isRecord(item) && typeof item.screenshotId === 'string' ? [item.screenshotId] : []))
      : [],
  );
};

const keyOf = (row: unknown): string | null => (isRecord(row) && typeof row.id === 'string' ? row.id : null);

/**
 * Deletes a walkthrough, its screenshots (those its notes and pain points refer to, and any other screenshot
 * filed under its id), and its pending outbox entry, in one transaction: all of it goes, or none of it.
 *
 * @returns what was removed, for `restoreWalkthrough`; err 'not-found' when there was nothing to delete
 */
export const deleteWalkthrough = (db: JourneySamplerDb, id: string): Promise<Result<DeletedWalkthrough, 'not-found'>> =>
  db.transaction(
    'rw',
    [db.walkthroughs, db.screenshots, db.outbox],
    async (): Promise<Result<DeletedWalkthrough, 'not-found'>> => {
      const walkthrough: unknown = await db.walkthroughs.get(id);
      if (walkthrough === undefined) return err('not-found');
      const referenced: unknown[] = await db.screenshots.bulkGet(screenshotIdsOf(walkthrough));
      // The recorder files a recording's screenshots under its id, which the finished walkthrough keeps.
      const filed: unknown[] = await db.screenshots.where('recordingId').equals(id).toArray();
      const screenshots = new Map<string, unknown>();
      for (const row of [...referenced, ...filed]) {
        const key = keyOf(row);
        if (key !== null) screenshots.set(key, row);
      }
      const outbox: unknown[] = await db.outbox.where('recordId').equals(id).toArray();

      await db.screenshots.bulkDelete([...screenshots.keys()]);
      await db.outbox.where('recordId').equals(id).delete();
      await db.walkthroughs.delete(id);
      return ok({ id, walkthrough, screenshots: [...screenshots.values()], outbox });
    },
  );

/**
 * Puts back exactly what `deleteWalkthrough` removed, in one transaction. Refuses, changing nothing, when a
 * walkthrough with that id exists again (pulled from the server meanwhile, say): the copy there wins.
 */
export const restoreWalkthrough = (
  db: JourneySamplerDb,
  deleted: DeletedWalkthrough,
): Promise<Result<void, 'exists'>> =>
  db.transaction('rw', [db.walkthroughs, db.screenshots, db.outbox], async (): Promise<Result<void, 'exists'>> => {
    if ((await db.walkthroughs.get(deleted.id)) !== undefined) return err('exists');
    // The rows go back as they were read, through the untyped tables (`attachments` is the screenshots' stored
    // name): re-parsing them would not be "exactly".
    await db.table('walkthroughs').add(deleted.walkthrough);
    await db.table('attachments').bulkPut(deleted.screenshots);
    await db.table('outbox').bulkPut(deleted.outbox);
    return ok(undefined);
  });
