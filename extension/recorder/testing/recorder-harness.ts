import { Dexie } from 'dexie';
import { afterEach } from 'vitest';
import type { Environment, PageVisit } from '../../../shared/schemas/index.ts';
import { makeJourney } from '../../../tests/fixtures/make-journey.ts';
import { createIdGenerator, type IdGenerator } from '../../../tests/fixtures/seeded-ids.ts';
import type { ClockReading } from '../../db/clock-reading.ts';
import { createDb, type JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import type { Recording } from '../../db/recording.ts';
import type { VisitLookup } from '../page-visited.ts';
import { createRecorder, type Recorder } from '../recorder.ts';
import { createRecordingStore } from '../recording-store.ts';
import { type StartInput, startRecording } from '../start.ts';
import { createFakeClock, type FakeClock } from './fake-clock.ts';

export const TEST_ENVIRONMENT: Environment = { browser: 'Chromium 156', os: 'Linux' };

/**
 * A started recording for pure-transition tests: the fixture journey (or `start`), started at `clock`'s now.
 * Throws if the start is refused (a test bug).
 */
export const startTestRecording = (
  clock: FakeClock,
  start: StartInput = { journey: makeJourney() },
  ids: IdGenerator = createIdGenerator(0x7e5),
): Recording => {
  const started = startRecording({
    id: ids(),
    start,
    environment: TEST_ENVIRONMENT,
    reading: clock.now(),
    samplerId: null,
  });
  if (!started.ok) throw new Error(started.error.message);
  return started.value;
};

/** What the recorder would look up in its page table for `visitId`, given the visits `pages` stored so far. */
export const lookUpVisit = (pages: readonly PageVisit[], visitId: string): VisitLookup => ({
  count: pages.length,
  visit: pages.find((p) => p.id === visitId),
});

/** The visits after a page transition wrote `page` (replacing the visit with its id, else added). */
export const withPage = (pages: readonly PageVisit[], page: PageVisit | null): PageVisit[] => {
  if (page === null) return [...pages];
  return pages.some((p) => p.id === page.id) ? pages.map((p) => (p.id === page.id ? page : p)) : [...pages, page];
};

/** The recording in progress with its page visits (read from their table), for tests that check both. */
export const currentWithPages = async (recorder: Recorder): Promise<(Recording & { pages: PageVisit[] }) | null> => {
  const recording = await recorder.current();
  return recording === null ? null : { ...recording, pages: await recorder.pages(recording.id) };
};

/**
 * The recording as stored, read by a new recording store (nothing cached from earlier reads): what a context
 * that has just started (a restarted service worker) would see.
 */
export const readStored = (db: JourneySamplerDb): Promise<Recording | null> => {
  const store = createRecordingStore(db, () => {
    throw new Error('a read makes no ids');
  });
  return db.transaction('r', store.tables, () => store.readCurrent());
};

/** The value of an ok result, or a thrown error naming the refusal (a test bug). */
export const unwrap = <T>(
  result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } },
): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

export type RecorderHarness = {
  db: JourneySamplerDb;
  clock: FakeClock;
  recorder: Recorder;
  ids: IdGenerator;
  /** Another recorder over the same database with its own connection, as the background and panel have. */
  secondRecorder(readClock?: () => Promise<ClockReading>): Recorder;
};

/**
 * Registers cleanup (call at the top level of a test file) and returns a factory of fresh harnesses, each
 * over its own fake-IndexedDB database, with a fake clock and seeded ids.
 */
export const useRecorderHarness = (): (() => RecorderHarness) => {
  const opened: JourneySamplerDb[] = [];
  afterEach(async () => {
    const dbs = opened.splice(0);
    // Close every connection first, so deleting does not wait on (and warn about) the others.
    for (const db of dbs) db.close();
    for (const name of new Set(dbs.map((db) => db.name))) await Dexie.delete(name);
  });
  return () => {
    const name = `recorder-test-${crypto.randomUUID()}`;
    const db = createDb(name);
    opened.push(db);
    const clock = createFakeClock();
    const ids = createIdGenerator(0x5ec);
    return {
      db,
      clock,
      ids,
      recorder: createRecorder({ db, readClock: clock.read, newId: ids }),
      secondRecorder: (readClock = clock.read) => {
        const other = createDb(name);
        opened.push(other);
        return createRecorder({ db: other, readClock, newId: ids });
      },
    };
  };
};
