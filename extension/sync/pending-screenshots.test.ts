import { describe, expect, it } from 'vitest';
import { makeWalkthrough } from '../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import { storableBlob, useFreshDbs } from '../db/testing/fresh-db.ts';
import { writeOlderDb } from '../db/testing/older-db.ts';
import { listPendingScreenshots } from './pending-screenshots.ts';

const freshDb = useFreshDbs();
const ids = createIdGenerator(0x9e7d);

const screenshot = (id: string, recordingId: string) => ({
  id,
  recordingId,
  blob: storableBlob('png', 'image/png'),
  type: 'image/png' as const,
  bytes: 3,
  createdAt: '2026-01-05T09:00:00.000Z',
});

describe('listPendingScreenshots', () => {
  it('lists screenshots of finished walkthroughs whose upload has not ended, oldest walkthrough first', async () => {
    const db = freshDb();
    const [older, newer] = [makeWalkthrough({}, ids), makeWalkthrough({}, ids)];
    const recordingId = ids();
    const [a, b, c, d, e] = [ids(), ids(), ids(), ids(), ids()];
    await db.walkthroughs.bulkPut([newer, older]);
    await db.screenshots.bulkPut([
      screenshot(a, newer.id),
      screenshot(b, older.id),
      screenshot(c, older.id),
      // Of the recording in progress: no walkthrough yet.
      screenshot(d, recordingId),
      screenshot(e, newer.id),
    ]);
    await db.screenshotUploads.bulkPut([
      { attachmentId: c, walkthroughId: older.id, state: 'uploaded', at: '2026-01-05T09:00:00.000Z' },
      { attachmentId: e, walkthroughId: newer.id, state: 'failed', reason: 'x', at: '2026-01-05T09:00:00.000Z' },
    ]);
    expect(await listPendingScreenshots(db)).toEqual([
      { screenshotId: b, walkthroughId: older.id },
      { screenshotId: a, walkthroughId: newer.id },
    ]);
  });

  it('finds the screenshots of a database from before version 5 pending, untouched by the upgrade', async () => {
    const walkthrough = makeWalkthrough({}, ids);
    const shot = screenshot(ids(), walkthrough.id);
    const name = await writeOlderDb(4, async (v4) => {
      await v4.table('walkthroughs').put(walkthrough);
      await v4.table('attachments').put(shot);
    });

    const db = freshDb(name);
    await db.open();
    expect(await db.screenshots.get(shot.id)).toMatchObject({ id: shot.id, bytes: 3 });
    expect(await listPendingScreenshots(db)).toEqual([{ screenshotId: shot.id, walkthroughId: walkthrough.id }]);
  });
});
