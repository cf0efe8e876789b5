import { describe, expect, it } from 'vitest';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { makeWalkthrough } from '../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator, FIXTURE_IDS } from '../../tests/fixtures/seeded-ids.ts';
import { createRecorder } from '../recorder/recorder.ts';
import { readPages } from '../recorder/recording-pages.ts';
import { createFakeClock } from '../recorder/testing/fake-clock.ts';
import { startTestRecording, unwrap } from '../recorder/testing/recorder-harness.ts';
import { recordingSchema } from './recording.ts';
import { useFreshDbs } from './testing/fresh-db.ts';
import { writeOlderDb } from './testing/older-db.ts';

const freshDb = useFreshDbs();

describe('JourneySamplerDb', () => {
  it('creates every table of every version with its primary key and indexes', async () => {
    const db = freshDb();
    await db.open();
    const schema = Object.fromEntries(
      db.tables.map((t) => [t.name, [t.schema.primKey.src, ...t.schema.indexes.map((i) => i.src)].join(', ')]),
    );
    expect(schema).toEqual({
      services: 'id',
      journeys: 'id, serviceId',
      targets: 'journeyId',
      walkthroughs: 'id, journeyId, startedAt, outcome',
      outbox: '++seq, &recordId',
      settings: 'key',
      recordings: 'id',
      attachments: 'id, recordingId',
      syncState: 'key',
      recordingPages: '[recordingId+id], [recordingId+atMs]',
      recordingMarkChunks: 'id, recordingId',
      attachmentUploads: 'attachmentId, state',
    });
    expect(db.verno).toBe(6);
  });

  it('upgrades a version 1 database to the newest version keeping its rows', async () => {
    const walkthrough = makeWalkthrough();
    const name = await writeOlderDb(1, (v1) => v1.table('walkthroughs').put(walkthrough));

    const db = freshDb(name);
    await db.open();
    expect(db.verno).toBe(6);
    expect(await db.walkthroughs.get(walkthrough.id)).toEqual(walkthrough);
    expect(await db.recordings.count()).toBe(0);
    expect(await db.syncState.count()).toBe(0);
    expect(await db.recordingPages.count()).toBe(0);
  });

  it('upgrades a version 3 recording by moving its page visits into recordingPages', async () => {
    const clock = createFakeClock();
    const recording = startTestRecording(clock);
    const ids = createIdGenerator(0x4a);
    const visits = [0, 1_500, 1_500, 9_000].map((atMs, i) => ({
      id: ids(),
      url: `https://portal.example.com/${i}/`,
      atMs,
      timings: i === 0 ? { ttfbMs: 40 } : {},
    }));
    // A row an older version wrote: the visits inside it. Another row that is not a recording stays as it is.
    const name = await writeOlderDb(3, (v3) =>
      v3.table('recordings').bulkPut([
        { ...recording, pages: visits },
        { id: 'not-a-recording', pages: [{ nonsense: true }] },
      ]),
    );

    const db = freshDb(name);
    await db.open();
    expect(db.verno).toBe(6);
    const upgraded = await db.recordings.get(recording.id);
    expect(upgraded).toEqual(recording);
    expect(recordingSchema.parse(upgraded)).toEqual(recording);
    expect(await readPages(db, recording.id)).toEqual(visits);
    expect(await db.recordings.get('not-a-recording')).toEqual({ id: 'not-a-recording', pages: [{ nonsense: true }] });
    // The recorder carries on with it: a mark touches only the row, and completing gathers the moved visits.
    const recorder = createRecorder({ db, readClock: clock.read, newId: createIdGenerator(0x4b) });
    clock.advance(10_000);
    unwrap(await recorder.markNextStep());
    unwrap(await recorder.finish({ outcome: 'completed' }));
    const walkthrough = unwrap(await recorder.complete({ ratings: {} }));
    expect(walkthrough.pages).toEqual(visits);
    expect(await db.recordingPages.count()).toBe(0);
  });

  it('finds the screenshots of a recording', async () => {
    const db = freshDb();
    const ids = createIdGenerator(2);
    const [recordingId, otherId] = [ids(), ids()];
    const screenshot = (id: string, of: string) => ({
      id,
      recordingId: of,
      blob: new Blob(['x'], { type: 'image/png' }),
      type: 'image/png' as const,
      bytes: 1,
      createdAt: '2026-01-05T09:00:00.000Z',
    });
    const [a, b] = [ids(), ids()];
    await db.screenshots.bulkPut([screenshot(a, recordingId), screenshot(b, otherId)]);
    expect(await db.screenshots.where('recordingId').equals(recordingId).primaryKeys()).toEqual([a]);
  });

  it('finds walkthroughs by journey, including none for ad-hoc ones (journeyId null is not indexed)', async () => {
    const db = freshDb();
    const ofJourney = makeWalkthrough();
    await db.walkthroughs.bulkPut([ofJourney, makeWalkthrough({ journeyId: null, journeyName: 'Ad hoc' })]);
    const forJourney = await db.walkthroughs.where('journeyId').equals(FIXTURE_IDS.journeyId).primaryKeys();
    expect(forJourney).toEqual([ofJourney.id]);
    expect(await db.walkthroughs.count()).toBe(2);
  });

  it('numbers outbox entries in insertion order and allows one pending entry per record', async () => {
    const db = freshDb();
    const ids = createIdGenerator(1);
    const [first, second] = [ids(), ids()];
    const entry = { type: 'walkthrough', rev: 1, queuedAt: '2026-01-05T09:00:00.000Z' } as const;
    await db.outbox.add({ ...entry, recordId: first });
    await db.outbox.add({ ...entry, recordId: second });
    expect((await db.outbox.orderBy('seq').toArray()).map((e) => e.recordId)).toEqual([first, second]);
    await expect(db.outbox.add({ ...entry, recordId: first, rev: 2 })).rejects.toThrow(/ConstraintError/);
  });

  it('keeps separate databases apart, so tests never share state', async () => {
    const a = freshDb();
    const b = freshDb();
    await a.journeys.put(makeJourney());
    expect(await a.journeys.count()).toBe(1);
    expect(await b.journeys.count()).toBe(0);
  });
});
