import { type ReadonlySignal, signal } from '@preact/signals';
import { liveQuery, type Subscription } from 'dexie';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { readPairing } from '../../db/pairing-setting.ts';
import { readScreenshots } from '../../history/read-screenshots.ts';
import { readWalkthroughDetail, type WalkthroughDetail } from '../../history/walkthrough-detail.ts';
import { describeError } from './describe-error.ts';
import {
  createScreenshotDownloads,
  type ScreenshotDownloadOptions,
  type ScreenshotFetchState,
} from './screenshot-downloads.ts';

export type DetailState =
  | { status: 'closed' }
  | { status: 'loading'; id: string }
  /** Screenshots by id; a missing one is simply absent (the note still shows). */
  | { status: 'ready'; id: string; detail: WalkthroughDetail; screenshots: ReadonlyMap<string, Blob> }
  | { status: 'not-found'; id: string }
  | { status: 'unreadable'; id: string; message: string }
  | { status: 'failed'; id: string; message: string };

export type WalkthroughDetailModel = {
  state: ReadonlySignal<DetailState>;
  /** Where each screenshot missing on this device stands (downloads from the paired server). */
  screenshotFetches: ReadonlySignal<ReadonlyMap<string, ScreenshotFetchState>>;
  open(id: string): void;
  close(): void;
  /** Tries again the screenshots not uploaded yet or failed. */
  retryScreenshots(): void;
  /** Downloads one screenshot left for the sampler to ask for. */
  downloadScreenshot(id: string): void;
};

/**
 * The screenshots read now, with the Blob already shown kept for each id shown before: a screenshot row is never
 * rewritten under its id, and a new Blob object would make its image take a new object URL and load again each
 * time another screenshot of the walkthrough arrives.
 */
const keepShown = (shown: DetailState, id: string, read: Map<string, Blob>): ReadonlyMap<string, Blob> => {
  if (shown.status !== 'ready' || shown.id !== id) return read;
  for (const [shot, blob] of shown.screenshots) if (read.has(shot)) read.set(shot, blob);
  return read;
};

/**
 * One walkthrough in full, followed live (a delete from another page turns it into "not found"). Screenshots
 * missing here (a walkthrough pulled from the sampler's other device) are downloaded from the paired server
 * while the detail is open, and show as they are stored; the pairing is read in the same live query, so pairing
 * in another tab starts the downloads.
 */
export const createWalkthroughDetailModel = (
  db: JourneySamplerDb,
  downloadOptions: ScreenshotDownloadOptions = {},
): WalkthroughDetailModel => {
  const state = signal<DetailState>({ status: 'closed' });
  const downloads = createScreenshotDownloads(db, downloadOptions);
  let subscription: Subscription | null = null;

  const close = (): void => {
    subscription?.unsubscribe();
    subscription = null;
    downloads.stop();
    state.value = { status: 'closed' };
  };

  return {
    state,
    screenshotFetches: downloads.states,
    open(id) {
      close();
      state.value = { status: 'loading', id };
      subscription = liveQuery(async () => {
        const read = await readWalkthroughDetail(db, id);
        if (read.status !== 'found') return { read, screenshots: new Map<string, Blob>(), pairing: null };
        const screenshots = await readScreenshots(db, read.detail.screenshotIds);
        const missing = read.detail.screenshotIds.some((shot) => !screenshots.has(shot));
        // Only a detail with a screenshot missing reads the pairing (and follows its changes).
        const setting = missing ? await readPairing(db) : null;
        return { read, screenshots, pairing: setting?.status === 'paired' ? setting.pairing : null };
      }).subscribe({
        next: ({ read, screenshots, pairing }) => {
          if (read.status !== 'found') {
            downloads.stop();
            state.value = { ...read, id };
            return;
          }
          state.value = {
            status: 'ready',
            id,
            detail: read.detail,
            screenshots: keepShown(state.peek(), id, screenshots),
          };
          const missing = read.detail.screenshotIds.filter((shot) => !screenshots.has(shot));
          if (missing.length > 0) downloads.want(id, missing, pairing);
        },
        error: (error: unknown) => {
          state.value = { status: 'failed', id, message: describeError(error) };
        },
      });
    },
    close,
    retryScreenshots: () => downloads.retry(),
    downloadScreenshot: (id) => downloads.download(id),
  };
};
