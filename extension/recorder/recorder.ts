import { err, ok, type Result } from '../../shared/domain/result.ts';
import type { Effort, Environment, PageTimings, PageVisit, Walkthrough } from '../../shared/schemas/index.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { nativeReadWrite } from '../db/native-transaction.ts';
import type { PainSeverity, PauseReason, Recording } from '../db/recording.ts';
import { SCREENSHOT_TYPES, type Screenshot, screenshotSchema } from '../db/screenshot.ts';
import { addEffort } from './add-effort.ts';
import { addNote, addPainPoint } from './add-note.ts';
import { type Delivery, type DeliveryState, deliveryState, withDelivery } from './deliveries.ts';
import { elapsed } from './elapsed.ts';
import { type FinishInput, finish } from './finish.ts';
import { markNextStep } from './mark-step.ts';
import { nameStep } from './name-step.ts';
import { type PageChange, type PageVisitInput, pageTimings, pageVisited, type VisitLookup } from './page-visited.ts';
import { pause } from './pause.ts';
import {
  countPages,
  countPagesIn,
  deletePages,
  PAGES_TABLE,
  readPage,
  readPageIn,
  readPages,
  writePage,
  writePageIn,
} from './recording-pages.ts';
import { createRecordingStore, type RecordingAccess } from './recording-store.ts';
import { reopen } from './reopen.ts';
import { resume } from './resume.ts';
import { type StartInput, startRecording } from './start.ts';
import { type CompleteInput, toWalkthrough } from './to-walkthrough.ts';
import type { RecorderErrorCode, Transition, TransitionError } from './transition-error.ts';
import { undoStep } from './undo-step.ts';
import { urlReached } from './url-reached.ts';

export type { RecorderErrorCode } from './transition-error.ts';
export type { CompleteInput, Delivery, FinishInput, PageChange, PageVisitInput, StartInput, VisitLookup };

/** What applyEvidence did: `none` is a message without a delivery id (applied as it is). */
export type EvidenceApplied = { recording: Recording; delivery: DeliveryState | 'none' };

export type RecorderError = {
  code: RecorderErrorCode;
  message: string;
  /** The recording as it stands, when there is one (always with `already-recording`). */
  current?: Recording;
};

export type RecorderResult<T = Recording> = Promise<Result<T, RecorderError>>;

export type NoteInput = { text: string; screenshot?: Blob };
export type PainPointInput = { severity: PainSeverity; text: string; screenshot?: Blob };

/**
 * The recorder: every method reads the clock, then applies one pure transition to the stored recording inside
 * one read-write Dexie transaction, so the side panel and the background can both call it without losing an
 * update. Nothing is kept in memory between calls.
 */
export type Recorder = {
  current(): Promise<Recording | null>;
  start(input: StartInput, environment: Environment): RecorderResult;
  markNextStep(): RecorderResult;
  undoStep(): RecorderResult;
  /** Names the current step of an ad-hoc walkthrough (see name-step.ts). */
  nameStep(name: string): RecorderResult;
  pause(reason: PauseReason, detail?: string): RecorderResult;
  resume(): RecorderResult;
  addNote(input: NoteInput): RecorderResult;
  addPainPoint(input: PainPointInput): RecorderResult;
  pageVisited(input: PageVisitInput): RecorderResult;
  pageTimings(visitId: string, timings: PageTimings): RecorderResult;
  addEffort(delta: Partial<Effort>): RecorderResult;
  urlReached(url: string): RecorderResult;
  /**
   * Evidence from a content script, applied at most once: in ONE transaction, checks `delivery` against the
   * recording's high-water marks, applies `transition` to a fresh message and remembers it as applied. A
   * duplicate or a gap changes nothing. A refused transition is not remembered either (the sender renumbers).
   * Resolves after the transaction has committed, so the caller may acknowledge the message then.
   * With `visitId`, the transition is told whether that page visit is recorded and how many there are, and may
   * write that visit (a `PageChange`) in the same transaction.
   */
  applyEvidence(
    delivery: Delivery | undefined,
    transition: (recording: Recording, reading: ClockReading, known: VisitLookup) => Transition<Recording | PageChange>,
    visitId?: string,
  ): RecorderResult<EvidenceApplied>;
  finish(input: FinishInput): RecorderResult;
  reopen(): RecorderResult;
  complete(input: CompleteInput): RecorderResult<Walkthrough>;
  /** The recording's page visits (stored apart from it), in `atMs` order. */
  pages(recordingId: string): Promise<PageVisit[]>;
  /** Deletes the recording, its page visits and its screenshots; returns what was deleted. */
  discard(): RecorderResult;
  elapsed(recording: Recording, reading: ClockReading): number;
};

export type RecorderDeps = {
  db: JourneySamplerDb;
  readClock: () => Promise<ClockReading>;
  /** A new UUIDv7 (recording, note, pain point and screenshot ids). */
  newId: () => string;
};

const noRecording = (): Result<never, RecorderError> =>
  err({ code: 'no-recording', message: 'no walkthrough is being recorded' });

const refused = (error: TransitionError, current: Recording): Result<never, RecorderError> =>
  err({ code: error.code, message: error.message, current });

/** A captured screenshot as a row of `db.screenshots`, or why it cannot be one. */
const toScreenshot = (
  screenshot: Blob,
  id: string,
  recordingId: string,
  reading: ClockReading,
): Result<Screenshot, TransitionError> => {
  const parsed = screenshotSchema.safeParse({
    id,
    recordingId,
    blob: screenshot,
    type: screenshot.type,
    bytes: screenshot.size,
    createdAt: new Date(reading.wallMs).toISOString(),
  });
  return parsed.success
    ? ok(parsed.data)
    : err({ code: 'invalid', message: `a screenshot must be ${SCREENSHOT_TYPES.join(' or ')} of at most 20 MB` });
};

const isPageChange = (value: Recording | PageChange): value is PageChange => 'recording' in value;

/** No page visit to look up. */
const NO_VISIT: VisitLookup = { count: 0, visit: undefined };

/**
 * The recorder over `db`. Each method reads the clock first (outside the transaction: awaiting anything but
 * Dexie inside one would commit it early), then, in ONE read-write transaction, reads the current recording,
 * applies the pure transition and writes the result. IndexedDB runs read-write transactions on the same table
 * one after another, so the side panel and the background can both call it without losing an update, and
 * nothing is kept in memory between calls.
 */
export const createRecorder = ({ db, readClock, newId }: RecorderDeps): Recorder => {
  // The recording row and its sealed step marks (see recording-store.ts): every transaction below takes both.
  const store = createRecordingStore(db, newId);
  const readCurrent = () => store.readCurrent();

  /** Checks the new state (a transition bug must not reach the table) and writes it. */
  const save = async (
    next: Recording,
    current: Recording,
    pageCount?: number,
  ): Promise<Result<Recording, RecorderError>> => {
    const written = await store.write(next, current, pageCount);
    return written.ok ? ok(written.recording) : err({ code: 'invalid', message: written.message, current });
  };

  /** Like save, plus the page visit the transition wrote, if any (the recording row is small either way). */
  const saveChange = async (
    next: Recording | PageChange,
    current: Recording,
    known: VisitLookup,
  ): Promise<Result<Recording, RecorderError>> => {
    if (!isPageChange(next)) return save(next, current);
    const added = next.page !== null && known.visit === undefined;
    const saved = await save(next.recording, current, added ? known.count + 1 : known.count);
    if (saved.ok && next.page !== null) await writePage(db, current.id, next.page);
    return saved;
  };

  /** What the page table holds for `visitId` of the recording. */
  const lookUp = async (current: Recording, visitId: string): Promise<VisitLookup> => {
    // The row keeps the count (counting an index range costs ~1 ms per 300 visits, with the recording locked);
    // a row written before it did is counted once.
    const [count, visit] = await Promise.all([
      store.pageCount(current) ?? countPages(db, current.id),
      readPage(db, current.id, visitId),
    ]);
    return { count, visit };
  };

  /** pageVisited and pageTimings: the recording row and one page visit, in one transaction. */
  const updatePage = async (
    visitId: string,
    transition: (recording: Recording, reading: ClockReading, known: VisitLookup) => Transition<PageChange>,
  ): Promise<Result<Recording, RecorderError>> => {
    const reading = await readClock();
    return db.transaction('rw', [...store.tables, db.recordingPages], async () => {
      const current = await readCurrent();
      if (current === null) return noRecording();
      const known = await lookUp(current, visitId);
      const next = transition(current, reading, known);
      return next.ok ? saveChange(next.value, current, known) : refused(next.error, current);
    });
  };

  /**
   * The actions on the recording row alone (a mark, undo, pause…), in a transaction of IndexedDB itself
   * (db/native-transaction.ts), committed before it resolves. When this context knows the stored recording
   * (it wrote or read it last), the transition and its check run while the read that confirms it is still
   * stored is on its way, and the write follows at once: the transaction commits only once the read has
   * confirmed it, or once the action has been made again on what the read found (its write replacing the
   * guess's), else it is aborted (nothing written) and run again. A mark then costs about a plain put
   * (docs/decisions.md, "Mark step").
   */
  const update = async (
    transition: (recording: Recording, reading: ClockReading) => Transition,
  ): Promise<Result<Recording, RecorderError>> => {
    const reading = await readClock();
    const apply = async (access: RecordingAccess, current: Recording): Promise<Result<Recording, RecorderError>> => {
      const next = transition(current, reading);
      if (!next.ok) return refused(next.error, current);
      // A transition that changed nothing (a page that reaches no step) writes nothing: the clock checkpoint it
      // would have stored is not needed, and a write would hold the recording against a mark meanwhile.
      if (next.value === current) return ok(current);
      const written = await access.write(next.value, current);
      return written.ok ? ok(written.recording) : err({ code: 'invalid', message: written.message, current });
    };
    const readThenApply = async (access: RecordingAccess): Promise<Result<Recording, RecorderError>> => {
      const current = await access.readCurrent();
      return current === null ? noRecording() : apply(access, current);
    };
    const stale = new Error('the recording changed since this context last saw it');
    try {
      return await nativeReadWrite(db, store.tableNames, async (scope) => {
        const access = store.native(scope);
        const guess = access.guess();
        if (guess === null) return readThenApply(access);
        const result = apply(access, guess.recording);
        result.catch(() => undefined); // rejected with the transaction when the guess is stale
        const { isCurrent, rows } = await guess.check;
        if (isCurrent) return result;
        // Another context wrote meanwhile. The read shows the rows as they were before this transaction's put
        // (its requests run in order), so the action is made again on them and its put replaces the guess's,
        // in the same transaction. Unless the guess sealed or unsealed marks, or this put would not replace
        // it (a refusal, no change, another recording): then nothing of it may stay, and it is aborted.
        await result;
        if (access.wroteChunks()) throw stale;
        const current = await access.readCurrent(rows);
        if (current === null || current.id !== guess.recording.id) throw stale;
        const corrected = await apply(access, current);
        if (!corrected.ok || corrected.value === current) throw stale;
        return corrected;
      });
    } catch (error) {
      if (error !== stale) throw error;
    }
    return nativeReadWrite(db, store.tableNames, async (scope) => readThenApply(store.native(scope)));
  };

  /** addNote and addPainPoint: the screenshot, if any, is written in the same transaction as the note. */
  const annotate = async (
    screenshot: Blob | undefined,
    transition: (recording: Recording, reading: ClockReading, ids: { id: string; screenshotId?: string }) => Transition,
  ): Promise<Result<Recording, RecorderError>> => {
    const reading = await readClock();
    return db.transaction('rw', [...store.tables, db.screenshots], async () => {
      const current = await readCurrent();
      if (current === null) return noRecording();
      const id = newId();
      const stored = screenshot === undefined ? null : toScreenshot(screenshot, newId(), current.id, reading);
      if (stored !== null && !stored.ok) return refused(stored.error, current);
      const next = transition(current, reading, stored === null ? { id } : { id, screenshotId: stored.value.id });
      if (!next.ok) return refused(next.error, current);
      const saved = await save(next.value, current);
      if (saved.ok && stored !== null) await db.screenshots.add(stored.value);
      return saved;
    });
  };

  return {
    current: () => db.transaction('r', store.tables, () => readCurrent()),
    pages: (recordingId) => db.transaction('r', db.recordingPages, () => readPages(db, recordingId)),

    start: async (input, environment) => {
      const reading = await readClock();
      return db.transaction('rw', store.tables, async () => {
        const current = await readCurrent();
        if (current !== null) {
          return err({
            code: 'already-recording',
            message: `"${current.journeyName}" is still being recorded`,
            current,
          });
        }
        const started = startRecording({ id: newId(), start: input, environment, reading, samplerId: null });
        if (!started.ok) return err({ code: started.error.code, message: started.error.message });
        const written = await store.write(started.value, null);
        return written.ok ? ok(written.recording) : err({ code: 'invalid', message: written.message });
      });
    },

    markNextStep: () => update(markNextStep),
    undoStep: () => update(undoStep),
    nameStep: (name) => update((r, reading) => nameStep(r, reading, name)),
    pause: (reason, detail) => update((r, reading) => pause(r, reading, reason, detail)),
    resume: () => update(resume),
    addNote: ({ text, screenshot }) => annotate(screenshot, (r, reading, ids) => addNote(r, reading, { ...ids, text })),
    addPainPoint: ({ severity, text, screenshot }) =>
      annotate(screenshot, (r, reading, ids) => addPainPoint(r, reading, { ...ids, severity, text })),
    pageVisited: (input) => updatePage(input.visitId, (r, reading, known) => pageVisited(r, reading, input, known)),
    pageTimings: (visitId, timings) =>
      updatePage(visitId, (r, reading, known) => pageTimings(r, reading, known.visit, timings)),
    addEffort: (delta) => update((r, reading) => addEffort(r, reading, delta)),
    urlReached: (url) => update((r, reading) => urlReached(r, reading, url)),

    // In a transaction of IndexedDB itself, like the row-only actions: a mark waiting for a page load's evidence
    // (the background's) waits for a transaction as short as its own (docs/decisions.md, "Mark step").
    applyEvidence: async (delivery, transition, visitId) => {
      const reading = await readClock();
      return nativeReadWrite(db, [...store.tableNames, PAGES_TABLE], async (scope): RecorderResult<EvidenceApplied> => {
        const access = store.native(scope);
        const current = await access.readCurrent();
        if (current === null) return noRecording();
        const state = delivery === undefined ? 'none' : deliveryState(current, delivery);
        if (state === 'duplicate' || state === 'gap') return ok({ recording: current, delivery: state });
        let known = NO_VISIT;
        if (visitId !== undefined) {
          // The row keeps the count; a row written before it did is counted once.
          const [count, visit] = await Promise.all([
            access.pageCount(current) ?? countPagesIn(scope, current.id),
            readPageIn(scope, current.id, visitId),
          ]);
          known = { count, visit };
        }
        const next = transition(current, reading, known);
        if (!next.ok) return refused(next.error, current);
        const change: PageChange = isPageChange(next.value) ? next.value : { recording: next.value, page: null };
        // Nothing to write: no change and no delivery to remember.
        if (change.recording === current && change.page === null && delivery === undefined) {
          return ok({ recording: current, delivery: state });
        }
        const recording = delivery === undefined ? change.recording : withDelivery(change.recording, delivery);
        // The stored page count changes only with a visit added; without a visit looked up, it is kept.
        const added = change.page !== null && known.visit === undefined;
        const pageCount = visitId === undefined ? undefined : added ? known.count + 1 : known.count;
        const written = await access.write(recording, current, pageCount);
        if (!written.ok) return err({ code: 'invalid', message: written.message, current });
        if (change.page !== null) writePageIn(scope, current.id, change.page);
        return ok({ recording: written.recording, delivery: state });
      });
    },
    finish: (input) => update((r, reading) => finish(r, reading, input)),
    reopen: () => update(reopen),

    complete: async (input) => {
      const reading = await readClock();
      return db.transaction('rw', [...store.tables, db.recordingPages, db.walkthroughs, db.outbox], async () => {
        const current = await readCurrent();
        if (current === null) return noRecording();
        const walkthrough = toWalkthrough(current, input, await readPages(db, current.id));
        if (!walkthrough.ok) return refused(walkthrough.error, current);
        await db.walkthroughs.add(walkthrough.value);
        await db.outbox.add({
          type: 'walkthrough',
          recordId: walkthrough.value.id,
          rev: walkthrough.value.rev,
          queuedAt: new Date(reading.wallMs).toISOString(),
        });
        // The screenshots stay: their recordingId is the walkthrough's id. The pages are in the walkthrough now.
        await deletePages(db, current.id);
        await store.remove(current.id);
        return ok(walkthrough.value);
      });
    },

    discard: () =>
      db.transaction('rw', [...store.tables, db.recordingPages, db.screenshots], async () => {
        const current = await readCurrent();
        if (current === null) return noRecording();
        await db.screenshots.where('recordingId').equals(current.id).delete();
        await deletePages(db, current.id);
        await store.remove(current.id);
        return ok(current);
      }),

    elapsed,
  };
};
