import { type ReadonlySignal, signal } from '@preact/signals';
import { liveQuery, type Subscription } from 'dexie';
import type { JourneySamplerDb } from '../../../db/journey-sampler-db.ts';
import { readScreenshots } from '../../../history/read-screenshots.ts';
import { readWalkthroughDetail, type WalkthroughDetail } from '../../../history/walkthrough-detail.ts';
import { describeError } from '../../models/describe-error.ts';

export type DetailState =
  | { status: 'closed' }
  | { status: 'loading'; id: string }
  /** Screenshots by attachment id; a missing one is simply absent (the note still shows). */
  | { status: 'ready'; id: string; detail: WalkthroughDetail; screenshots: ReadonlyMap<string, Blob> }
  | { status: 'not-found'; id: string }
  | { status: 'unreadable'; id: string; message: string }
  | { status: 'failed'; id: string; message: string };

export type WalkthroughDetailModel = {
  state: ReadonlySignal<DetailState>;
  open(id: string): void;
  close(): void;
};

/** One walkthrough in full, followed live (a delete from another page turns it into "not found"). */
export const createWalkthroughDetailModel = (db: JourneySamplerDb): WalkthroughDetailModel => {
  const state = signal<DetailState>({ status: 'closed' });
  let subscription: Subscription | null = null;

  const close = (): void => {
    subscription?.unsubscribe();
    subscription = null;
    state.value = { status: 'closed' };
  };

  return {
    state,
    open(id) {
      close();
      state.value = { status: 'loading', id };
      subscription = liveQuery(async () => {
        const read = await readWalkthroughDetail(db, id);
        if (read.status !== 'found') return { read, screenshots: new Map<string, Blob>() };
        return { read, screenshots: await readScreenshots(db, read.detail.screenshotIds) };
      }).subscribe({
        next: ({ read, screenshots }) => {
          state.value =
            read.status === 'found' ? { status: 'ready', id, detail: read.detail, screenshots } : { ...read, id };
        },
        error: (error: unknown) => {
          state.value = { status: 'failed', id, message: describeError(error) };
        },
      });
    },
    close,
  };
};
