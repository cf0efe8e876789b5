import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StepMark } from '../../shared/schemas/index.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { SEALED_CHUNK_MARKS } from '../db/mark-chunk.ts';
import { recordingRowSchema } from '../db/recording-row.ts';
import { markNextStep } from './mark-step.ts';
import type { Recorder } from './recorder.ts';
import { TAIL_SEAL_AT } from './recording-store.ts';
import {
  readStored,
  startTestRecording,
  TEST_ENVIRONMENT,
  unwrap,
  useRecorderHarness,
} from './testing/recorder-harness.ts';

const harness = useRecorderHarness();

/** The stored layout: the recording row and the ids of every chunk row in the table. */
const layout = async (db: JourneySamplerDb) => {
  const rows: unknown[] = await db.recordings.toArray();
  expect(rows).toHaveLength(1);
  const row = recordingRowSchema.parse(rows[0]);
  const chunkIds = (await db.recordingMarkChunks.toArray()).map((c) => c.id);
  return { row, chunkIds };
};

/** No chunk is orphaned or missing, and the row keeps a bounded tail of at least one mark. */
const expectTidy = async (db: JourneySamplerDb) => {
  const { row, chunkIds } = await layout(db);
  expect([...chunkIds].sort()).toEqual([...(row.sealedChunks ?? [])].sort());
  expect(row.stepMarks.length).toBeGreaterThanOrEqual(1);
  expect(row.stepMarks.length).toBeLessThan(TAIL_SEAL_AT);
  return row;
};

/** How many chunks hold `marks` marks once written: the row keeps one to two chunks' worth. */
const chunksFor = (marks: number): number => Math.max(0, Math.floor((marks - SEALED_CHUNK_MARKS) / SEALED_CHUNK_MARKS));

const markTimes = async (recorder: Recorder, count: number, advance: () => void): Promise<StepMark[]> => {
  let marks: StepMark[] = [];
  for (let i = 0; i < count; i += 1) {
    advance();
    marks = unwrap(await recorder.markNextStep()).stepMarks;
  }
  return marks;
};

describe('the recording store (step marks sealed in chunks)', () => {
  it('keeps the recording row small after hundreds of marks, and reads back every mark in order', async () => {
    const { recorder, db, clock } = harness();
    unwrap(await recorder.start({ adHocName: 'Long' }, TEST_ENVIRONMENT));
    const marks = await markTimes(recorder, 300, () => clock.advance(1000));
    expect(marks).toHaveLength(301);
    const row = await expectTidy(db);
    const chunks = chunksFor(301);
    expect(chunks).toBeGreaterThan(1);
    expect(row.sealedChunks).toHaveLength(chunks);
    expect(row.stepMarks).toHaveLength(301 - chunks * SEALED_CHUNK_MARKS);
    expect(row.stepMarks[0]).toEqual(marks[chunks * SEALED_CHUNK_MARKS]);
    expect((await readStored(db))?.stepMarks).toEqual(marks);
    expect((await recorder.current())?.stepMarks).toEqual(marks);
  });

  it('unseals a chunk when undo reaches into it, leaving no orphan chunk behind', async () => {
    const { recorder, db, clock } = harness();
    unwrap(await recorder.start({ adHocName: 'Undo' }, TEST_ENVIRONMENT));
    const marks = await markTimes(recorder, 200, () => clock.advance(500));
    const sealedBefore = (await expectTidy(db)).sealedChunks?.length ?? 0;
    for (let i = 0; i < 150; i += 1) unwrap(await recorder.undoStep());
    const row = await expectTidy(db);
    // 51 marks left: the chunks undo reached were unsealed; the ones still whole stay, with a tail after them.
    expect(row.sealedChunks ?? []).toHaveLength(Math.floor(50 / SEALED_CHUNK_MARKS));
    expect(row.sealedChunks?.length ?? 0).toBeLessThan(sealedBefore);
    expect((await readStored(db))?.stepMarks).toEqual(marks.slice(0, 51));
    // And marking again seals new chunks (new ids), which another context reads correctly.
    const again = await markTimes(recorder, 150, () => clock.advance(500));
    await expectTidy(db);
    expect((await readStored(db))?.stepMarks).toEqual(again);
  });

  it('reads a row written before chunks existed (all marks in the row) and seals it at the next write', async () => {
    const { recorder, db, clock } = harness();
    let recording = startTestRecording(clock, { adHocName: 'Old row' });
    for (let i = 0; i < 200; i += 1) {
      clock.advance(1000);
      const marked = markNextStep(recording, clock.now());
      if (!marked.ok) throw new Error(marked.error.message);
      recording = marked.value;
    }
    await db.recordings.put(recording);
    expect(await recorder.current()).toEqual(recording);
    clock.advance(1000);
    const next = unwrap(await recorder.markNextStep());
    expect(next.stepMarks.slice(0, 201)).toEqual(recording.stepMarks);
    const row = await expectTidy(db);
    expect(row.sealedChunks).toHaveLength(chunksFor(202));
    expect(await readStored(db)).toEqual(next);
  });

  it('treats a recording whose sealed marks are missing as unreadable, and leaves its row alone', async () => {
    const { recorder, db, clock } = harness();
    unwrap(await recorder.start({ adHocName: 'Broken' }, TEST_ENVIRONMENT));
    await markTimes(recorder, 150, () => clock.advance(100));
    const [first] = await db.recordingMarkChunks.toArray();
    if (first === undefined) throw new Error('no chunk sealed');
    await db.recordingMarkChunks.delete(first.id);
    expect(await readStored(db)).toBeNull();
    expect(await db.recordings.count()).toBe(1);
  });

  it('keeps two contexts consistent when one unseals and reseals what the other has cached', async () => {
    const { recorder: panel, secondRecorder, db, clock } = harness();
    const worker = secondRecorder(clock.openContext().read);
    unwrap(await panel.start({ adHocName: 'Two contexts' }, TEST_ENVIRONMENT));
    await markTimes(panel, 140, () => clock.advance(100));
    expect((await worker.current())?.stepMarks).toHaveLength(141);
    for (let i = 0; i < 90; i += 1) unwrap(await worker.undoStep());
    const resealed = await markTimes(worker, 120, () => clock.advance(100));
    expect((await panel.current())?.stepMarks).toEqual(resealed);
    const marked = unwrap(await panel.markNextStep());
    expect(marked.stepMarks.slice(0, -1)).toEqual(resealed);
    await expectTidy(db);
  });

  it('stores exactly what the recorder answered, for any mix of marks, undos and effort from two contexts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            op: fc.constantFrom('mark', 'mark', 'mark', 'undo', 'effort'),
            by: fc.constantFrom('panel', 'worker'),
            repeat: fc.integer({ min: 1, max: 40 }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        async (actions) => {
          const { recorder: panel, secondRecorder, db, clock } = harness();
          const worker = secondRecorder(clock.openContext().read);
          unwrap(await panel.start({ adHocName: 'Property' }, TEST_ENVIRONMENT));
          let last = await panel.current();
          for (const { op, by, repeat } of actions) {
            const recorder = by === 'panel' ? panel : worker;
            for (let i = 0; i < repeat; i += 1) {
              const result =
                op === 'mark'
                  ? await recorder.markNextStep()
                  : op === 'undo'
                    ? await recorder.undoStep()
                    : await recorder.addEffort({ clicks: 1 });
              if (result.ok) last = result.value;
            }
          }
          expect(await readStored(db)).toEqual(last);
          expect(await panel.current()).toEqual(last);
          expect(await worker.current()).toEqual(last);
          await expectTidy(db);
        },
      ),
      { numRuns: 15 },
    );
  });
});
