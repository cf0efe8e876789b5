import { type ReadonlySignal, signal } from '@preact/signals';
import type { SidePanelOpener } from '../../platform/side-panel.ts';
import { describeError } from './describe-error.ts';

export type PopupState =
  | { status: 'preparing' }
  | { status: 'ready' }
  /** No panel can be opened here; the popup says why instead of offering a button that does nothing. */
  | { status: 'unavailable'; message: string }
  | { status: 'opening' }
  | { status: 'failed'; message: string };

export type PopupModel = {
  state: ReadonlySignal<PopupState>;
  prepare(): Promise<void>;
  /** Call straight from the click handler: the browser call must happen within the user gesture. */
  startWalkthrough(): Promise<void>;
};

export const createPopupModel = (
  prepareOpener: () => Promise<SidePanelOpener | null>,
  onOpened: () => void,
): PopupModel => {
  const state = signal<PopupState>({ status: 'preparing' });
  let opener: SidePanelOpener | null = null;

  return {
    state,

    async prepare() {
      try {
        opener = await prepareOpener();
        state.value = opener
          ? { status: 'ready' }
          : {
              status: 'unavailable',
              message: 'This browser has no side panel, so walkthroughs cannot be recorded here.',
            };
      } catch (error) {
        state.value = { status: 'unavailable', message: `Cannot open the side panel: ${describeError(error)}` };
      }
    },

    async startWalkthrough() {
      if (!opener) return;
      // No await before this call: it has to run inside the click's user gesture.
      const opening = opener();
      state.value = { status: 'opening' };
      try {
        await opening;
        onOpened();
      } catch (error) {
        state.value = { status: 'failed', message: `Cannot open the side panel: ${describeError(error)}` };
      }
    },
  };
};
