import { liveQuery } from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { walkthroughSchema } from '../../shared/schemas/index.ts';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { createIdGenerator, FIXTURE_IDS } from '../../tests/fixtures/seeded-ids.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import { recordingRowSchema } from '../db/recording-row.ts';
import { addEffort } from './add-effort.ts';
import { pageVisited } from './page-visited.ts';
import { createRecorder } from './recorder.ts';
import { keepBlobsInFakeIndexedDb } from './testing/blob-preserving-clone.ts';
import {
  currentWithPages,
  readStored,
  TEST_ENVIRONMENT,
  unwrap,
  useRecorderHarness,
} from './testing/recorder-harness.ts';

keepBlobsInFakeIndexedDb();
const harness = useRecorderHarness();
const png = (text = 'png') => new Blob([text], { type: 'image/png' });

describe('Recorder.start and current', () => {
  it('has no current recording in a new database', async () => {
    const { recorder } = harness();
    expect(await recorder.current()).toBeNull();
  });

  it('stores the started recording, and current() reads it back parsed', async () => {
    const { recorder, db } = harness();
    const started = unwrap(await recorder.start({ journey: makeJourney() }, TEST_ENVIRONMENT));
    expect(started.journeyId).toBe(FIXTURE_IDS.journeyId);
    expect(await recorder.current()).toEqual(started);
    expect(await db.recordings.count()).toBe(1);
  });

  it('refuses a second start while one exists, handing back the current one', async () => {
    const { recorder, db } = harness();
    const first = unwrap(await recorder.start({}, TEST_ENVIRONMENT));
    const second = await recorder.start({ journey: makeJourney() }, TEST_ENVIRONMENT);
    expect(second).toMatchObject({ ok: false, error: { code: 'already-recording', current: first } });
    expect(await db.recordings.count()).toBe(1);
  });

  it('refuses an invalid start without writing', async () => {
    const { recorder, db } = harness();
    expect(await recorder.start({}, { browser: '', os: 'x'.repeat(500) })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await db.recordings.count()).toBe(0);
  });

  it('lets two racing starts produce exactly one recording', async () => {
    const { recorder, secondRecorder, db } = harness();
    const other = secondRecorder();
    const results = await Promise.all([recorder.start({}, TEST_ENVIRONMENT), other.start({}, TEST_ENVIRONMENT)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'already-recording')).toHaveLength(1);
    expect(await db.recordings.count()).toBe(1);
  });

  it('ignores a stored row that no longer parses (left in place), so a new walkthrough can start', async () => {
    const { recorder, db } = harness();
    await db.table('recordings').put({ id: createIdGenerator(9)(), status: 'running' });
    expect(await recorder.current()).toBeNull();
    expect((await recorder.start({}, TEST_ENVIRONMENT)).ok).toBe(true);
    expect(await db.recordings.count()).toBe(2);
  });
});

describe('Recorder actions', () => {
  it('answers no-recording for every action when nothing is recorded', async () => {
    const { recorder } = harness();
    const actions = [
      recorder.markNextStep(),
      recorder.undoStep(),
      recorder.pause('call'),
      recorder.resume(),
      recorder.addNote({ text: 'x' }),
      recorder.addPainPoint({ severity: 'minor', text: 'x', screenshot: png() }),
      recorder.pageVisited({ visitId: createIdGenerator(1)(), url: 'https://a.example/', timings: {} }),
      recorder.pageTimings(createIdGenerator(1)(), {}),
      recorder.addEffort({ clicks: 1 }),
      recorder.urlReached('https://a.example/'),
      recorder.finish({ outcome: 'completed' }),
      recorder.reopen(),
      recorder.complete({ ratings: {} }),
      recorder.discard(),
    ];
    for (const result of await Promise.all(actions)) {
      expect(result).toMatchObject({ ok: false, error: { code: 'no-recording' } });
    }
  });

  it('writes every action at once, so a new recorder (a restarted worker) continues where it left off', async () => {
    const { recorder, clock, secondRecorder } = harness();
    unwrap(await recorder.start({ journey: makeJourney() }, TEST_ENVIRONMENT));
    clock.advance(10_000);
    unwrap(await recorder.markNextStep());
    clock.advance(5_000);
    unwrap(await recorder.pause('approval', 'manager'));
    const restarted = secondRecorder(clock.openContext().read);
    clock.advance(20_000);
    const resumed = unwrap(await restarted.resume());
    expect(resumed.pauses).toEqual([{ startMs: 15_000, endMs: 35_000, reason: 'approval', detail: 'manager' }]);
    expect(resumed.stepMarks.map((m) => m.atMs)).toEqual([0, 10_000]);
  });

  it('hands back the current recording with a refusal and writes nothing', async () => {
    const { recorder, db } = harness();
    const started = unwrap(await recorder.start({}, TEST_ENVIRONMENT));
    expect(await recorder.undoStep()).toMatchObject({
      ok: false,
      error: { code: 'nothing-to-undo', current: started },
    });
    expect(await recorder.resume()).toMatchObject({ ok: false, error: { code: 'not-paused', current: started } });
    expect(await recorder.complete({ ratings: {} })).toMatchObject({ ok: false, error: { code: 'not-finished' } });
    expect(await recorder.reopen()).toMatchObject({ ok: false, error: { code: 'not-finished' } });
    expect(await readStored(db)).toEqual(started);
  });

  it('stores a screenshot and links it from the note or pain point', async () => {
    const { recorder, db } = harness();
    const started = unwrap(await recorder.start({}, TEST_ENVIRONMENT));
    const withNote = unwrap(await recorder.addNote({ text: 'banner', screenshot: png('note') }));
    const withPain = unwrap(
      await recorder.addPainPoint({
        severity: 'blocker',
        text: 'crash',
        screenshot: new Blob(['j'], { type: 'image/jpeg' }),
      }),
    );
    unwrap(await recorder.addNote({ text: 'no picture' }));
    const screenshots = await db.screenshots.where('recordingId').equals(started.id).toArray();
    expect(screenshots.map((a) => a.id).sort()).toEqual(
      [withNote.notes[0]?.screenshotId, withPain.painPoints[0]?.screenshotId].sort(),
    );
    const note = screenshots.find((a) => a.id === withNote.notes[0]?.screenshotId);
    expect(note).toMatchObject({ type: 'image/png', bytes: 4, recordingId: started.id });
    expect(note?.blob).toBeInstanceOf(Blob);
    expect(await note?.blob.text()).toBe('note');
  });

  it('refuses a screenshot that is not a PNG or JPEG, writing neither note nor screenshot', async () => {
    const { recorder, db } = harness();
    unwrap(await recorder.start({}, TEST_ENVIRONMENT));
    const result = await recorder.addNote({ text: 'x', screenshot: new Blob(['<svg/>'], { type: 'image/svg+xml' }) });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await db.screenshots.count()).toBe(0);
    expect((await recorder.current())?.notes).toEqual([]);
  });

  it('writes no screenshot when the note itself is refused', async () => {
    const { recorder, db } = harness();
    unwrap(await recorder.start({}, TEST_ENVIRONMENT));
    expect(await recorder.addNote({ text: '  ', screenshot: png() })).toMatchObject({ ok: false });
    expect(await db.screenshots.count()).toBe(0);
  });

  it('records pages, timings, effort and automatic marks from the content script', async () => {
    const { recorder, clock } = harness();
    unwrap(await recorder.start({ journey: makeJourney() }, TEST_ENVIRONMENT));
    const visitId = createIdGenerator(3)();
    clock.advance(1_000);
    unwrap(
      await recorder.pageVisited({ visitId, url: 'https://portal.example.com/reset/2/?t=1', timings: { ttfbMs: 50 } }),
    );
    unwrap(await recorder.urlReached('https://portal.example.com/reset/2/?t=1'));
    unwrap(await recorder.addEffort({ clicks: 1, keyPresses: 3 }));
    unwrap(await recorder.pageTimings(visitId, { lcpMs: 700 }));
    const r = await currentWithPages(recorder);
    expect(r?.pages).toEqual([
      { id: visitId, url: 'https://portal.example.com/reset/2/', atMs: 1_000, timings: { ttfbMs: 50, lcpMs: 700 } },
    ]);
    expect(r?.stepMarks.at(-1)).toMatchObject({
      stepId: FIXTURE_IDS.stepIds[1],
      source: 'auto',
      atMs: 1_000,
      effort: { clicks: 1, keyPresses: 3, pageLoads: 0, tabSwitches: 0 },
    });
  });
});

describe('Recorder.complete and discard', () => {
  it('writes a schema-valid walkthrough, queues it, and deletes the recording in one go', async () => {
    const { recorder, db, clock } = harness();
    const started = unwrap(await recorder.start({ journey: makeJourney() }, TEST_ENVIRONMENT));
    unwrap(await recorder.addNote({ text: 'shot', screenshot: png() }));
    clock.advance(30_000);
    unwrap(await recorder.markNextStep());
    unwrap(await recorder.pause('email'));
    clock.advance(10_000);
    unwrap(await recorder.resume());
    clock.advance(20_000);
    unwrap(await recorder.finish({ outcome: 'completed' }));
    const walkthrough = unwrap(await recorder.complete({ ratings: { seq: 7 } }));

    expect(walkthroughSchema.parse(walkthrough)).toEqual(walkthrough);
    expect(walkthrough).toMatchObject({
      id: started.id,
      rev: 1,
      elapsedMs: 60_000,
      pauses: [{ startMs: 30_000, endMs: 40_000, reason: 'email' }],
      ratings: { seq: 7 },
    });
    expect(walkthrough.stepMarks.map((m) => [m.stepId, m.atMs])).toEqual([
      [FIXTURE_IDS.stepIds[0], 0],
      [FIXTURE_IDS.stepIds[1], 30_000],
    ]);
    expect(await db.walkthroughs.get(started.id)).toEqual(walkthrough);
    expect(await db.outbox.toArray()).toEqual([
      { seq: 1, type: 'walkthrough', recordId: started.id, rev: 1, queuedAt: new Date(clock.wallMs).toISOString() },
    ]);
    expect(await db.recordings.count()).toBe(0);
    expect(await recorder.current()).toBeNull();
    // Screenshots outlive the recording: they belong to the walkthrough now.
    expect(await db.screenshots.where('recordingId').equals(started.id).count()).toBe(1);
    expect((await recorder.start({}, TEST_ENVIRONMENT)).ok).toBe(true);
  });

  it('writes nothing when the walkthrough would be invalid', async () => {
    const { recorder, db } = harness();
    unwrap(await recorder.start({}, TEST_ENVIRONMENT));
    unwrap(await recorder.finish({ outcome: 'completed' }));
    expect(await recorder.complete({ ratings: { ces: 0 } })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await db.walkthroughs.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.recordings.count()).toBe(1);
  });

  it('names an ad-hoc walkthrough at completion', async () => {
    const { recorder } = harness();
    unwrap(await recorder.start({}, TEST_ENVIRONMENT));
    unwrap(await recorder.finish({ outcome: 'abandoned', reason: 'phone rang' }));
    const w = unwrap(await recorder.complete({ ratings: {}, journeyName: 'Order a laptop' }));
    expect(w).toMatchObject({ journeyId: null, journeyName: 'Order a laptop', outcome: 'abandoned' });
  });

  it('discards the recording and its screenshots, returning what it deleted', async () => {
    const { recorder, db } = harness();
    unwrap(await recorder.start({}, TEST_ENVIRONMENT));
    const withShot = unwrap(await recorder.addNote({ text: 'shot', screenshot: png() }));
    const other = createIdGenerator(77)();
    await db.screenshots.add({
      id: other,
      recordingId: createIdGenerator(78)(),
      blob: png(),
      type: 'image/png',
      bytes: 3,
      createdAt: '2026-01-05T09:00:00.000Z',
    });
    expect(unwrap(await recorder.discard())).toEqual(withShot);
    expect(await db.recordings.count()).toBe(0);
    expect(await db.screenshots.toCollection().primaryKeys()).toEqual([other]);
  });
});

describe('Recorder page visits, kept in their own table', () => {
  /** A visit of another recording (left over, say): never read into, nor deleted with, this one. */
  const otherRecordingsVisit = () => ({
    recordingId: createIdGenerator(0x99)(),
    id: createIdGenerator(0x98)(),
    url: 'https://elsewhere.example/',
    atMs: 5,
    timings: {},
  });

  it('writes nothing when a reached address marks no step', async () => {
    const { recorder, db, clock } = harness();
    const started = unwrap(await recorder.start({ journey: makeJourney() }, TEST_ENVIRONMENT));
    const before = await db.recordings.get(started.id);
    clock.advance(5_000);
    expect(unwrap(await recorder.urlReached('https://nowhere.example/'))).toEqual(started);
    expect(await db.recordings.get(started.id)).toEqual(before);
  });

  it('keeps the count of page visits in the row: new visits count once, a redelivered one not at all', async () => {
    const { recorder, db, clock } = harness();
    const started = unwrap(await recorder.start({ adHocName: 'Counted' }, TEST_ENVIRONMENT));
    const storedCount = async () => recordingRowSchema.parse(await db.recordings.get(started.id)).pageCount;
    expect(await storedCount()).toBe(0);
    const visitIds = createIdGenerator(0x52);
    const ids = [visitIds(), visitIds(), visitIds()];
    for (const visitId of ids) {
      clock.advance(100);
      unwrap(await recorder.pageVisited({ visitId, url: 'https://a.example/', timings: {} }));
    }
    unwrap(await recorder.pageVisited({ visitId: ids[0] ?? '', url: 'https://a.example/', timings: {} }));
    unwrap(await recorder.pageTimings(ids[1] ?? '', { lcpMs: 900 }));
    unwrap(await recorder.markNextStep());
    expect(await storedCount()).toBe(3);
    expect(await db.recordingPages.count()).toBe(3);
    // Evidence without a visit (clicks, a tab switch) keeps the count; evidence with one counts it.
    unwrap(await recorder.applyEvidence(undefined, (r, reading) => addEffort(r, reading, { clicks: 2 })));
    expect(await storedCount()).toBe(3);
    const listed = visitIds();
    unwrap(
      await recorder.applyEvidence(
        undefined,
        (r, reading, known) =>
          pageVisited(r, reading, { visitId: listed, url: 'https://a.example/b', timings: {} }, known),
        listed,
      ),
    );
    expect(await storedCount()).toBe(4);
    expect((await recorder.pages(started.id)).map((p) => p.id)).toContain(listed);
  });

  it('counts the page visits of a row written before the count was kept, once, and keeps it from then on', async () => {
    const { recorder, db, clock } = harness();
    const started = unwrap(await recorder.start({ adHocName: 'Older row' }, TEST_ENVIRONMENT));
    const visitIds = createIdGenerator(0x53);
    for (let i = 0; i < 4; i += 1) {
      clock.advance(100);
      unwrap(await recorder.pageVisited({ visitId: visitIds(), url: `https://a.example/${i}`, timings: {} }));
    }
    const { pageCount: _dropped, ...olderRow } = recordingRowSchema.parse(await db.recordings.get(started.id));
    await db.recordings.put(olderRow);
    const fresh = createRecorder({ db, readClock: clock.read, newId: createIdGenerator(0x54) });
    unwrap(await fresh.pageVisited({ visitId: visitIds(), url: 'https://a.example/next', timings: {} }));
    expect(recordingRowSchema.parse(await db.recordings.get(started.id)).pageCount).toBe(5);
  });

  it('keeps the recording row small, so a mark costs the same after hundreds of visits', async () => {
    const { recorder, db, clock } = harness();
    const started = unwrap(await recorder.start({ journey: makeJourney() }, TEST_ENVIRONMENT));
    const rowSize = async () => JSON.stringify(await db.recordings.get(started.id)).length;
    const sizeAtStart = await rowSize();
    const visitIds = createIdGenerator(0x51);
    for (let i = 0; i < 300; i += 1) {
      clock.advance(100);
      unwrap(
        await recorder.pageVisited({ visitId: visitIds(), url: `https://a.example/${i}`, timings: { ttfbMs: 9 } }),
      );
    }
    expect(await db.recordingPages.count()).toBe(300);
    const row = await db.recordings.get(started.id);
    expect(row).not.toHaveProperty('pages');
    // 300 visits would be ~25 KB inside the row; only the clock's checkpoint changed.
    expect((await rowSize()) - sizeAtStart).toBeLessThan(100);
    const marked = unwrap(await recorder.markNextStep());
    expect(marked).not.toHaveProperty('pages');
    expect((await rowSize()) - sizeAtStart).toBeLessThan(300);
    expect(await recorder.pages(started.id)).toHaveLength(300);
  });

  it('completes with every visit in atMs order and deletes them in the same transaction', async () => {
    const { recorder, db, clock } = harness();
    const started = unwrap(await recorder.start({ journey: makeJourney() }, TEST_ENVIRONMENT));
    const other = otherRecordingsVisit();
    await db.recordingPages.add(other);
    // Visit ids in the opposite order to their times: the walkthrough follows the clock, not the ids.
    const gen = createIdGenerator(0x52);
    const [first, second, third] = [gen(), gen(), gen()];
    for (const visitId of [third, second, first]) {
      clock.advance(1_000);
      unwrap(await recorder.pageVisited({ visitId, url: 'https://a.example/', timings: {} }));
    }
    unwrap(await recorder.pageTimings(second, { lcpMs: 800 }));
    unwrap(await recorder.finish({ outcome: 'completed' }));
    const walkthrough = unwrap(await recorder.complete({ ratings: {} }));
    expect(walkthrough.pages.map((p) => [p.id, p.atMs, p.timings])).toEqual([
      [third, 1_000, {}],
      [second, 2_000, { lcpMs: 800 }],
      [first, 3_000, {}],
    ]);
    expect(await db.walkthroughs.get(started.id)).toEqual(walkthrough);
    expect(await db.recordingPages.toArray()).toEqual([other]);
  });

  it('leaves the visits in place when completing is refused', async () => {
    const { recorder } = harness();
    const started = unwrap(await recorder.start({}, TEST_ENVIRONMENT));
    unwrap(await recorder.pageVisited({ visitId: createIdGenerator(0x53)(), url: 'https://a.example/', timings: {} }));
    unwrap(await recorder.finish({ outcome: 'completed' }));
    expect(await recorder.complete({ ratings: { ces: 0 } })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await recorder.pages(started.id)).toHaveLength(1);
  });

  it('discards the visits with the recording, and only its own', async () => {
    const { recorder, db } = harness();
    unwrap(await recorder.start({}, TEST_ENVIRONMENT));
    const other = otherRecordingsVisit();
    await db.recordingPages.add(other);
    const gen = createIdGenerator(0x54);
    for (let i = 0; i < 3; i += 1) {
      unwrap(await recorder.pageVisited({ visitId: gen(), url: `https://a.example/${i}`, timings: {} }));
    }
    expect(await db.recordingPages.count()).toBe(4);
    unwrap(await recorder.discard());
    expect(await db.recordings.count()).toBe(0);
    expect(await db.recordingPages.toArray()).toEqual([other]);
  });
});

describe('Recorder under concurrent writers', () => {
  it('loses no step mark or effort count when two recorders interleave', async () => {
    const { recorder, secondRecorder, clock, db } = harness();
    unwrap(await recorder.start({}, TEST_ENVIRONMENT));
    const panel = recorder;
    const worker = secondRecorder(clock.openContext().read);
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i += 1) {
      writes.push(panel.markNextStep(), worker.addEffort({ clicks: 1 }), worker.addEffort({ keyPresses: 2 }));
      if (i % 5 === 0) writes.push(panel.addEffort({ tabSwitches: 1 }));
    }
    const results = await Promise.all(writes);
    expect(results.every((r) => (r as { ok: boolean }).ok)).toBe(true);
    const r = await readStored(db);
    if (r === null) throw new Error('no recording stored');
    expect(r.stepMarks).toHaveLength(21);
    const total = r.stepMarks.reduce(
      (sum, m) => ({
        clicks: sum.clicks + (m.effort?.clicks ?? 0),
        keyPresses: sum.keyPresses + (m.effort?.keyPresses ?? 0),
        tabSwitches: sum.tabSwitches + (m.effort?.tabSwitches ?? 0),
      }),
      { clicks: 0, keyPresses: 0, tabSwitches: 0 },
    );
    expect(total).toEqual({ clicks: 20, keyPresses: 40, tabSwitches: 4 });
  });

  it('acts on what is stored when another context wrote since this one last saw the recording', async () => {
    const { recorder: panel, secondRecorder, clock, db } = harness();
    const worker = secondRecorder(clock.openContext().read);
    unwrap(await panel.start({ adHocName: 'Two writers' }, TEST_ENVIRONMENT));
    clock.advance(1_000);
    unwrap(await panel.markNextStep());
    // The worker's write gives the row a rev the panel has not seen: the panel's next mark, made on what it
    // last wrote, is aborted (nothing of it stored) and made again on what the worker stored.
    unwrap(await worker.addEffort({ clicks: 3 }));
    clock.advance(1_000);
    const marked = unwrap(await panel.markNextStep());
    expect(marked.stepMarks).toHaveLength(3);
    expect(marked.stepMarks[1]?.effort?.clicks).toBe(3);
    expect(await readStored(db)).toEqual(marked);
    // And a recording another context discarded is not marked on a stale guess.
    unwrap(await worker.discard());
    const after = await panel.markNextStep();
    expect(after.ok ? 'marked' : after.error.code).toBe('no-recording');
    expect(await db.recordings.count()).toBe(0);
    expect(await db.recordingMarkChunks.count()).toBe(0);
  });

  it('tells a live query of another connection about every committed action', async () => {
    const { recorder: panel, secondRecorder, clock } = harness();
    const follower = secondRecorder();
    unwrap(await panel.start({ adHocName: 'Followed' }, TEST_ENVIRONMENT));
    const seen: number[] = [];
    const subscription = liveQuery(() => follower.current()).subscribe({
      next: (recording) => seen.push(recording?.stepMarks.length ?? 0),
    });
    try {
      for (let marks = 2; marks <= 4; marks += 1) {
        clock.advance(1_000);
        unwrap(await panel.markNextStep());
        await vi.waitFor(() => expect(seen.at(-1)).toBe(marks));
      }
    } finally {
      subscription.unsubscribe();
    }
  });

  it("tells a live query of another connection about the page visits the background's evidence adds", async () => {
    const { recorder: background, secondRecorder, clock } = harness();
    const follower = secondRecorder();
    const started = unwrap(await background.start({ adHocName: 'Followed pages' }, TEST_ENVIRONMENT));
    const seen: string[][] = [];
    const subscription = liveQuery(() => follower.pages(started.id)).subscribe({
      next: (pages) => seen.push(pages.map((p) => p.url)),
    });
    const visitIds = createIdGenerator(0x55);
    try {
      for (const url of ['https://a.example/1', 'https://a.example/2']) {
        clock.advance(1_000);
        const visitId = visitIds();
        unwrap(
          await background.applyEvidence(
            undefined,
            (r, reading, known) => pageVisited(r, reading, { visitId, url, timings: {} }, known),
            visitId,
          ),
        );
        await vi.waitFor(() => expect(seen.at(-1)?.at(-1)).toBe(url));
      }
    } finally {
      subscription.unsubscribe();
    }
  });

  it('keeps elapsed time monotone when a reading taken earlier is applied later', async () => {
    const { db, clock, ids } = harness();
    const recorder = createRecorder({ db, newId: ids, readClock: clock.read });
    unwrap(await recorder.start({}, TEST_ENVIRONMENT));
    clock.advance(1_000);
    const stale: ClockReading = clock.now();
    clock.advance(1_000);
    const fresh = unwrap(await recorder.addEffort({ clicks: 1 }));
    // The same context's reading, taken before `fresh` but written after it (its writer lost the race).
    const late = createRecorder({ db, newId: ids, readClock: async () => stale });
    const after = unwrap(await late.addEffort({ clicks: 1 }));
    expect(after.clock.elapsedMs).toBe(fresh.clock.elapsedMs);
    expect(after.stepMarks[0]?.effort?.clicks).toBe(2);
  });
});
