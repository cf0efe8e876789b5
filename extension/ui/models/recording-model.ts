import { type ReadonlySignal, signal } from '@preact/signals';
import type { Ratings, Walkthrough } from '../../../shared/schemas/index.ts';
import type { ClockReading } from '../../db/clock-reading.ts';
import type { PainSeverity, PauseReason } from '../../db/recording.ts';
import type { FinishInput, Recorder, RecorderError } from '../../recorder/recorder.ts';
import { describeError } from './describe-error.ts';
import { createRecordingFollower, type RecordingFollower } from './recording-follower.ts';
import type { Scheduler } from './scheduler.ts';

/** The outcome of the last action: said once, in a live region (errors as alerts). */
export type ActionMessage = { tone: 'info' | 'error'; text: string };

/** A note or pain point as the sampler typed it. */
export type EvidenceRequest = { text: string; attachScreenshot: boolean; severity?: PainSeverity };

export type RecordingModelDeps = {
  recorder: Recorder;
  readClock: () => Promise<ClockReading>;
  /** A capture of the visible tab, or null when the browser would not give one. */
  captureVisibleTab: () => Promise<Blob | null>;
  schedule: Scheduler;
  /** Tells the background that the recording started, stopped or changed state (it adjusts evidence capture). */
  onRecordingChanged: () => void;
};

export type RecordingModel = RecordingFollower & {
  /** An action is being written. */
  busy: ReadonlySignal<boolean>;
  message: ReadonlySignal<ActionMessage | null>;
  markNextStep(): Promise<boolean>;
  undoStep(): Promise<boolean>;
  /** Names the current step of an ad-hoc walkthrough. */
  nameStep(name: string): Promise<boolean>;
  pause(reason: PauseReason, detail: string): Promise<boolean>;
  resume(): Promise<boolean>;
  addNote(input: EvidenceRequest): Promise<boolean>;
  addPainPoint(input: EvidenceRequest): Promise<boolean>;
  finish(input: FinishInput): Promise<boolean>;
  reopen(): Promise<boolean>;
  /** Saves the walkthrough with its ratings; resolves to it, or null when refused (the message says why). */
  complete(ratings: Ratings, journeyName?: string): Promise<Walkthrough | null>;
};

/** What each refusal means to the sampler; the recorder's own message is kept for the rare ones. */
const explain = (error: RecorderError): string => {
  switch (error.code) {
    case 'no-recording':
      return 'This walkthrough is no longer being recorded (it was finished or discarded in another window).';
    case 'not-running':
      return 'The walkthrough is finished: go back to recording first.';
    case 'not-paused':
      return 'The walkthrough is not paused.';
    case 'nothing-to-undo':
      return 'There is no step to undo: the first step is always kept.';
    case 'past-last-step':
      return 'This is the journey’s last step: press Finish when you are done.';
    case 'not-ad-hoc':
      return 'The journey names its steps; only an ad-hoc walkthrough’s steps can be named here.';
    case 'not-finished':
      return 'Finish the walkthrough first.';
    default:
      return error.message;
  }
};

/**
 * The walkthrough being recorded, as the panel sees it (see recording-follower.ts), and the panel's actions
 * on it. Each action is one recorder call, written to IndexedDB before the view changes: the live query, not
 * this model, updates what is shown.
 */
export const createRecordingModel = (deps: RecordingModelDeps): RecordingModel => {
  const follower = createRecordingFollower(deps);
  const busy = signal(false);
  const message = signal<ActionMessage | null>(null);

  /** Runs one recorder action; errors become a message, never an exception. */
  const act = async <T>(
    run: () => Promise<{ ok: true; value: T } | { ok: false; error: RecorderError }>,
    options: { notify?: boolean } = {},
  ): Promise<T | null> => {
    if (busy.peek()) return null;
    busy.value = true;
    message.value = null;
    try {
      const result = await run();
      if (!result.ok) {
        message.value = { tone: 'error', text: explain(result.error) };
        return null;
      }
      if (options.notify) deps.onRecordingChanged();
      return result.value;
    } catch (error) {
      message.value = { tone: 'error', text: `Could not save that: ${describeError(error)}` };
      return null;
    } finally {
      busy.value = false;
    }
  };

  const addEvidence = async (input: EvidenceRequest, kind: 'note' | 'pain-point'): Promise<boolean> => {
    if (busy.peek()) return false;
    let screenshot: Blob | null = null;
    if (input.attachScreenshot) {
      // Busy while capturing too, so a second click cannot save the note twice.
      busy.value = true;
      try {
        screenshot = await deps.captureVisibleTab();
      } catch {
        screenshot = null;
      } finally {
        busy.value = false;
      }
    }
    const withShot = screenshot === null ? {} : { screenshot };
    const saved = await act(() =>
      kind === 'note' || input.severity === undefined
        ? deps.recorder.addNote({ text: input.text, ...withShot })
        : deps.recorder.addPainPoint({ severity: input.severity, text: input.text, ...withShot }),
    );
    if (saved === null) return false;
    const what = kind === 'note' ? 'Note' : 'Pain point';
    message.value =
      input.attachScreenshot && screenshot === null
        ? {
            tone: 'error',
            text: `${what} saved, but the screenshot could not be captured: the browser did not allow it for this tab.`,
          }
        : { tone: 'info', text: `${what} saved${screenshot === null ? '' : ' with a screenshot'}.` };
    return true;
  };

  return {
    ...follower,
    busy,
    message,

    async markNextStep() {
      return (await act(() => deps.recorder.markNextStep())) !== null;
    },
    async undoStep() {
      return (await act(() => deps.recorder.undoStep())) !== null;
    },
    async nameStep(name) {
      return (await act(() => deps.recorder.nameStep(name))) !== null;
    },
    async pause(reason, detail) {
      return (
        (await act(() => deps.recorder.pause(reason, ...(detail === '' ? [] : [detail])), { notify: true })) !== null
      );
    },
    async resume() {
      return (await act(() => deps.recorder.resume(), { notify: true })) !== null;
    },
    addNote: (input) => addEvidence(input, 'note'),
    addPainPoint: (input) => addEvidence(input, 'pain-point'),
    async finish(input) {
      return (await act(() => deps.recorder.finish(input), { notify: true })) !== null;
    },
    async reopen() {
      return (await act(() => deps.recorder.reopen(), { notify: true })) !== null;
    },
    complete(ratings, journeyName) {
      return act(() => deps.recorder.complete(journeyName === undefined ? { ratings } : { ratings, journeyName }), {
        notify: true,
      });
    },
  };
};
