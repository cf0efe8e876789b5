import type { PopupState } from '../models/popup-model.ts';

export type StartWalkthroughProps = {
  state: PopupState;
  onStart: () => void;
};

/** The toolbar popup: one way in, to the side panel where walkthroughs are recorded. */
export function StartWalkthrough({ state, onStart }: StartWalkthroughProps) {
  return (
    <main class="popup">
      <h1>Journey Sampler</h1>
      {state.status === 'unavailable' ? (
        <p role="alert">{state.message}</p>
      ) : (
        <button
          type="button"
          class="primary"
          disabled={state.status === 'preparing' || state.status === 'opening'}
          onClick={onStart}
        >
          Start a walkthrough
        </button>
      )}
      {state.status === 'failed' && <p role="alert">{state.message}</p>}
    </main>
  );
}
