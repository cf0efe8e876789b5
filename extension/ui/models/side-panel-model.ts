import { type ReadonlySignal, signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { type LocalOverview, readLocalOverview } from '../../db/local-overview.ts';
import { describeError } from './describe-error.ts';

export type SidePanelState =
  | { status: 'loading' }
  | { status: 'ready'; overview: LocalOverview }
  | { status: 'failed'; message: string };

export type SidePanelModel = {
  state: ReadonlySignal<SidePanelState>;
  /** Starts following the database; returns the function that stops. */
  start(): () => void;
};

/**
 * The side panel's home view state. It follows IndexedDB with a live query rather than loading once, so a
 * server address saved in the options page, a pull by the background, or a walkthrough finished in another
 * window shows up here without a reload (Dexie broadcasts changes to every page of the extension origin).
 */
export const createSidePanelModel = (db: JourneySamplerDb): SidePanelModel => {
  const state = signal<SidePanelState>({ status: 'loading' });
  return {
    state,
    start() {
      const subscription = liveQuery(() => readLocalOverview(db)).subscribe({
        next: (overview) => {
          state.value = { status: 'ready', overview };
        },
        error: (error: unknown) => {
          state.value = { status: 'failed', message: describeError(error) };
        },
      });
      return () => subscription.unsubscribe();
    },
  };
};
