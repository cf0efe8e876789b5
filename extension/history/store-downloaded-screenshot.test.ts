import { describe, expect, it } from 'vitest';
import { makeScreenshotBytes } from '../../tests/fixtures/make-screenshot.ts';
import { makeWalkthrough } from '../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import { storableBlob, useFreshDbs } from '../db/testing/fresh-db.ts';
import { listPendingScreenshots } from '../sync/pending-screenshots.ts';
import { deleteWalkthrough, restoreWalkthrough } from './delete-walkthrough.ts';
import { readScreenshots } from './read-screenshots.ts';
import { storeDownloadedScreenshot } from './store-downloaded-screenshot.ts';

const freshDb = useFreshDbs();
const ids = createIdGenerator(0x5d0);
const AT = '2026-03-01T12:00:00.000Z';

/** A walkthrough pulled from the sampler's other device: its record here, its screenshot not. */
const pulled = () => {
  const shotId = ids();
  const walkthrough = makeWalkthrough({ notes: [{ id: ids(), atMs: 1_000, text: 'Slow', screenshotId: shotId }] }, ids);
  return { walkthrough, shotId };
};

const png = (seed: number) => storableBlob(makeScreenshotBytes(2_000, { seed }), 'image/png');

describe('storeDownloadedScreenshot', () => {
  it('keeps it as a local screenshot of its walkthrough, never to be uploaded again, deleted with it', async () => {
    const db = freshDb();
    const { walkthrough, shotId } = pulled();
    await db.walkthroughs.put(walkthrough);
    const shot = { id: shotId, walkthroughId: walkthrough.id, blob: png(1), type: 'image/png' as const, at: AT };

    expect(await storeDownloadedScreenshot(db, shot)).toBe('stored');
    const stored = await readScreenshots(db, [shotId]);
    expect(new Uint8Array(await (stored.get(shotId) as Blob).arrayBuffer())).toEqual(
      makeScreenshotBytes(2_000, { seed: 1 }),
    );
    expect(await db.screenshots.get(shotId)).toMatchObject({
      recordingId: walkthrough.id,
      bytes: 2_000,
      createdAt: AT,
    });
    // The sync run's upload phase does not see it: the server is where it came from.
    expect(await listPendingScreenshots(db)).toEqual([]);
    expect(await db.screenshotUploads.get(shotId)).toMatchObject({ state: 'uploaded', walkthroughId: walkthrough.id });

    const deleted = await deleteWalkthrough(db, walkthrough.id);
    expect(deleted.ok).toBe(true);
    expect(await db.screenshots.count()).toBe(0);
    if (deleted.ok) await restoreWalkthrough(db, deleted.value);
    expect((await readScreenshots(db, [shotId])).has(shotId)).toBe(true);
  });

  it('leaves a copy already here as it is', async () => {
    const db = freshDb();
    const { walkthrough, shotId } = pulled();
    await db.walkthroughs.put(walkthrough);
    const first = { id: shotId, walkthroughId: walkthrough.id, blob: png(1), type: 'image/png' as const, at: AT };
    expect(await storeDownloadedScreenshot(db, first)).toBe('stored');
    expect(await storeDownloadedScreenshot(db, { ...first, blob: png(2) })).toBe('present');
    const kept = (await readScreenshots(db, [shotId])).get(shotId) as Blob;
    expect(new Uint8Array(await kept.arrayBuffer())).toEqual(makeScreenshotBytes(2_000, { seed: 1 }));
  });

  it('keeps nothing for a walkthrough deleted during the download, or one that does not show the screenshot', async () => {
    const db = freshDb();
    const { walkthrough, shotId } = pulled();
    const shot = { id: shotId, walkthroughId: walkthrough.id, blob: png(1), type: 'image/png' as const, at: AT };
    expect(await storeDownloadedScreenshot(db, shot)).toBe('gone');
    await db.walkthroughs.put(walkthrough);
    expect(await storeDownloadedScreenshot(db, { ...shot, id: ids() })).toBe('gone');
    expect(await db.screenshots.count()).toBe(0);
    expect(await db.screenshotUploads.count()).toBe(0);
  });
});
