import { formatElapsed } from '../format/format-elapsed.ts';
import type { PopupState } from '../models/popup-model.ts';

/** The walkthrough in progress, as the popup sums it up. */
export type PopupRecording = {
  journeyName: string;
  status: 'running' | 'paused' | 'finished';
  elapsedMs: number;
};

export type StartWalkthroughProps = {
  state: PopupState;
  /** Null when nothing is being recorded. */
  recording: PopupRecording | null;
  onStart: () => void;
};

const LEAD: Record<PopupRecording['status'], string> = {
  running: 'Recording',
  paused: 'Paused',
  finished: 'Waiting for its rating',
};

/** The toolbar popup: one way in, to the side panel where walkthroughs are recorded. */
export function StartWalkthrough({ state, recording, onStart }: StartWalkthroughProps) {
  return (
    <main class="popup">
      <h1>Journey Sampler</h1>
      {recording !== null && (
        <p class="popup-recording">
          {LEAD[recording.status]}: {recording.journeyName} —{' '}
          <span class="timer-inline">{formatElapsed(recording.elapsedMs)}</span>
        </p>
      )}
      {state.status === 'unavailable' ? (
        <p role="alert">{state.message}</p>
      ) : (
        <button
          type="button"
          class="primary"
          disabled={state.status === 'preparing' || state.status === 'opening'}
          onClick={onStart}
        >
          {recording === null ? 'Start a walkthrough' : 'Open panel'}
        </button>
      )}
      {state.status === 'failed' && <p role="alert">{state.message}</p>}
    </main>
  );
}
