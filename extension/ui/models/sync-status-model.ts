import { type ReadonlySignal, signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import type { SyncOutcome } from '../../sync/run-sync.ts';
import {
  discardRejected,
  discardScreenshotUpload,
  readSyncView,
  retryRejected,
  retryScreenshot,
  type SyncView,
} from '../../sync/sync-view.ts';
import { describeError } from './describe-error.ts';

export type SyncStatusState =
  | { status: 'loading' }
  | { status: 'ready'; view: SyncView }
  | { status: 'failed'; message: string };

export type SyncStatusModel = {
  state: ReadonlySignal<SyncStatusState>;
  syncing: ReadonlySignal<boolean>;
  /** The answer of the last "Sync now" when it did not run (another context was syncing, not paired). */
  note: ReadonlySignal<string | null>;
  /** Follows IndexedDB (outbox, status, pairing); returns the function that stops. */
  follow(): () => void;
  syncNow(): Promise<void>;
  retry(recordId: string): Promise<void>;
  /** Deletes the record from this device: the view asks for confirmation first. */
  discard(recordId: string): Promise<void>;
  /** Uploads a refused screenshot again (the server's limit may have changed), now. */
  retryScreenshot(screenshotId: string): Promise<void>;
  /** Stops trying to upload a refused screenshot; it stays on this device. */
  discardScreenshot(screenshotId: string): Promise<void>;
};

export type SyncStatusDeps = {
  db: JourneySamplerDb;
  sync: (options?: { force?: boolean }) => Promise<SyncOutcome>;
};

/**
 * The side panel's sync section. What it shows comes from IndexedDB only, so a sync run by the background
 * (alarm, online, a completed walkthrough) shows up here exactly like one started with "Sync now".
 */
export const createSyncStatusModel = ({ db, sync }: SyncStatusDeps): SyncStatusModel => {
  const state = signal<SyncStatusState>({ status: 'loading' });
  const syncing = signal(false);
  const note = signal<string | null>(null);
  const act = async (work: () => Promise<void>, what: string) => {
    try {
      await work();
    } catch (error) {
      note.value = `Could not ${what}: ${describeError(error)}`;
    }
  };
  return {
    state,
    syncing,
    note,
    follow() {
      const subscription = liveQuery(() => readSyncView(db)).subscribe({
        next: (view) => {
          state.value = { status: 'ready', view };
        },
        error: (error: unknown) => {
          state.value = { status: 'failed', message: describeError(error) };
        },
      });
      return () => subscription.unsubscribe();
    },
    async syncNow() {
      if (syncing.peek()) return;
      syncing.value = true;
      note.value = null;
      try {
        const outcome = await sync({ force: true });
        if (outcome.status === 'skipped')
          note.value =
            outcome.why === 'busy'
              ? 'A sync is already under way.'
              : outcome.why === 'not-paired'
                ? 'Connect this device to a server in the settings first.'
                : null;
      } finally {
        syncing.value = false;
      }
    },
    retry: (recordId) =>
      act(async () => {
        await retryRejected(db, recordId);
        await sync({ force: true });
      }, 'retry it'),
    discard: (recordId) => act(() => discardRejected(db, recordId), 'discard it'),
    retryScreenshot: (screenshotId) =>
      act(async () => {
        await retryScreenshot(db, screenshotId);
        await sync({ force: true });
      }, 'retry the screenshot'),
    discardScreenshot: (screenshotId) =>
      act(() => discardScreenshotUpload(db, screenshotId, new Date().toISOString()), 'stop uploading the screenshot'),
  };
};
