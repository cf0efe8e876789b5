import { describe, expect, it } from 'vitest';
import { FULL_WALKTHROUGH_OVERRIDES, makeWalkthrough } from '../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator, fixtureTime } from '../../tests/fixtures/seeded-ids.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import type { Screenshot } from '../db/screenshot.ts';
import { storableBlob, useFreshDbs } from '../db/testing/fresh-db.ts';
import { deleteWalkthrough, restoreWalkthrough } from './delete-walkthrough.ts';
import { readScreenshots } from './read-screenshots.ts';

const freshDb = useFreshDbs();
const ids = createIdGenerator(21);

const screenshot = (id: string, recordingId: string, text: string): Screenshot => {
  const blob = storableBlob(text, 'image/png');
  return { id, recordingId, blob, type: 'image/png', bytes: blob.size, createdAt: fixtureTime() };
};

/** Everything in the three tables, so a test can compare the whole state before and after. */
const snapshot = async (db: JourneySamplerDb) => ({
  walkthroughs: await db.walkthroughs.toArray(),
  screenshots: await Promise.all(
    (await db.screenshots.toArray()).map(async ({ blob, ...rest }) => ({ ...rest, blob: await blob.text() })),
  ),
  outbox: await db.outbox.toArray(),
});

/** A walkthrough with a screenshot on a note, another filed under its id, and a pending push; plus a bystander. */
const seed = async (db: JourneySamplerDb) => {
  const target = makeWalkthrough({ ...FULL_WALKTHROUGH_OVERRIDES }, ids);
  const other = makeWalkthrough({}, ids);
  const referencedId = target.notes[0]?.screenshotId ?? '';
  await db.walkthroughs.bulkPut([target, other]);
  await db.screenshots.bulkPut([
    screenshot(referencedId, target.id, 'note shot'),
    screenshot(ids(), target.id, 'filed shot'),
    screenshot(ids(), other.id, 'bystander shot'),
  ]);
  await db.outbox.add({ type: 'walkthrough', recordId: other.id, rev: 1, queuedAt: fixtureTime() });
  await db.outbox.add({ type: 'walkthrough', recordId: target.id, rev: 1, queuedAt: fixtureTime() });
  return { target, other, referencedId };
};

describe('deleteWalkthrough', () => {
  it('removes the walkthrough, its screenshots and its pending push, and nothing else', async () => {
    const db = freshDb();
    const { target, other } = await seed(db);
    const result = await deleteWalkthrough(db, target.id);
    expect(result.ok).toBe(true);
    expect(await db.walkthroughs.toCollection().primaryKeys()).toEqual([other.id]);
    expect((await db.screenshots.toArray()).map((a) => a.recordingId)).toEqual([other.id]);
    expect((await db.outbox.toArray()).map((e) => e.recordId)).toEqual([other.id]);
  });

  it('says so when there is nothing to delete', async () => {
    expect(await deleteWalkthrough(freshDb(), ids())).toEqual({ ok: false, error: 'not-found' });
  });

  it('deletes a row that does not parse, too', async () => {
    const db = freshDb();
    const id = ids();
    await db.table('walkthroughs').put({ id, notes: 'garbage' });
    expect((await deleteWalkthrough(db, id)).ok).toBe(true);
    expect(await db.walkthroughs.count()).toBe(0);
  });
});

describe('restoreWalkthrough', () => {
  it('puts back exactly what was deleted: rows, Blobs and the outbox entry with its place in the queue', async () => {
    const db = freshDb();
    const { target, referencedId } = await seed(db);
    const before = await snapshot(db);
    const deleted = await deleteWalkthrough(db, target.id);
    if (!deleted.ok) throw new Error('seeded walkthrough must delete');

    expect(await restoreWalkthrough(db, deleted.value)).toEqual({ ok: true, value: undefined });
    expect(await snapshot(db)).toEqual(before);
    expect([...(await readScreenshots(db, [referencedId])).keys()]).toEqual([referencedId]);
  });

  it('changes nothing when the walkthrough is back already', async () => {
    const db = freshDb();
    const { target } = await seed(db);
    const deleted = await deleteWalkthrough(db, target.id);
    if (!deleted.ok) throw new Error('seeded walkthrough must delete');
    await db.walkthroughs.put({ ...target, rev: 2 });
    const before = await snapshot(db);

    expect(await restoreWalkthrough(db, deleted.value)).toEqual({ ok: false, error: 'exists' });
    expect(await snapshot(db)).toEqual(before);
  });
});
