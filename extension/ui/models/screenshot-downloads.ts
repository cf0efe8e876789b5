import { type ReadonlySignal, signal } from '@preact/signals';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import type { Pairing } from '../../db/pairing.ts';
import { readPairing } from '../../db/pairing-setting.ts';
import type { Screenshot } from '../../db/screenshot.ts';
import { storeDownloadedScreenshot } from '../../history/store-downloaded-screenshot.ts';
import type { FetchLike } from '../../pairing/server-api.ts';
import {
  createScreenshotDownload,
  type DownloadAnswer,
  type ScreenshotDownload,
} from '../../sync/screenshot-download.ts';
import { describeError } from './describe-error.ts';

/** Downloads under way at once: a walkthrough with many screenshots must not open a burst of 20 MiB requests. */
export const MAX_PARALLEL_DOWNLOADS = 2;
/** Screenshots one opening of a walkthrough downloads on its own; the sampler asks for the rest one by one. */
export const MAX_DOWNLOADS_PER_VIEW = 24;
/** Bytes one opening downloads on its own (a typical capture is 0.2–2 MiB); past it, the sampler asks. */
export const MAX_DOWNLOAD_BYTES_PER_VIEW = 48 * 1024 * 1024;

/**
 * Where a screenshot missing on this device stands (absent: not looked at yet, shown as not available):
 * - unavailable: this device is not paired, so there is nowhere to download it from;
 * - loading: waiting for its turn or downloading;
 * - deferred: past this view's bound (MAX_DOWNLOADS_PER_VIEW or _BYTES_): downloaded when the sampler asks;
 * - not-uploaded: the server has no complete copy yet (the recording device may still be uploading it);
 * - failed: could not be downloaded; `message` says why and what to do;
 * - done: stored here (or found already stored); the screenshot itself shows from the database.
 */
export type ScreenshotFetchState =
  | { status: 'unavailable' }
  | { status: 'loading' }
  | { status: 'deferred' }
  | { status: 'not-uploaded' }
  | { status: 'failed'; message: string }
  | { status: 'done' };

export type ScreenshotDownloads = {
  states: ReadonlySignal<ReadonlyMap<string, ScreenshotFetchState>>;
  /**
   * The screenshots of `walkthroughId` missing on this device, as the detail view reads them (again after every
   * change); downloads those not looked at yet, or all of them for another walkthrough.
   */
  want(walkthroughId: string, missing: readonly string[], pairing: Pairing | null): void;
  /** Tries again every screenshot that is not uploaded yet or failed. */
  retry(): void;
  /** Downloads one deferred screenshot (the sampler asked). */
  download(id: string): void;
  /** Stops every download of this view (those under way are aborted and keep nothing) and forgets the states. */
  stop(): void;
};

export type ScreenshotDownloadOptions = {
  fetch?: FetchLike;
  now?: () => Date;
  /** The Blob to keep; tests give one their fake IndexedDB can store. */
  toBlob?: (bytes: Uint8Array<ArrayBuffer>, type: Screenshot['type']) => Blob;
  /** The largest screenshot kept: the protocol's MAX_ATTACHMENT_BYTES (shared/protocol/attachments.ts) unless a test makes it small. */
  maxBytes?: number;
  parallel?: number;
  maxPerView?: number;
  maxBytesPerView?: number;
};

/** What the sampler reads for a download that failed: what happened, and what would help. */
const failureMessage = (answer: Exclude<DownloadAnswer, { ok: true }>): string => {
  switch (answer.kind) {
    case 'unreachable':
      return 'Could not reach the server. Check that this device is online, then retry.';
    case 'unauthorized':
      return answer.status === 401
        ? 'The server no longer accepts this device’s access token. Connect again in the settings, then retry.'
        : 'The server did not let this device download the screenshot.';
    case 'unsupported-protocol':
      // The server's message says which side is behind (server/http/sync-body.ts): the extension or the server.
      return `This extension and the server speak different sync protocols: ${answer.message}`;
    case 'bad-answer':
      return `The server’s answer was not a usable screenshot (${answer.message}), so nothing was kept.`;
    default:
      return `Could not download the screenshot: ${answer.message}`;
  }
};

/** Failures that every other request would meet too: the rest of the queue fails with them, unsent. */
const STOPS_THE_QUEUE: ReadonlySet<string> = new Set(['unreachable', 'unauthorized', 'unsupported-protocol']);

type Item = { id: string; asked: boolean };

type Session = {
  walkthroughId: string;
  abort: AbortController;
  pairing: Pairing | null;
  api: ScreenshotDownload | null;
  queue: Item[];
  active: number;
  /** Downloads started, and bytes received, on the view's own initiative. */
  started: number;
  bytes: number;
};

/**
 * The History detail's downloads of screenshots pulled without their images (a walkthrough recorded on the
 * sampler's other device). Only while a detail is open, never in the background sync run: a sampler who never
 * opens a walkthrough downloads nothing. From the paired server only, with its token; checked, then stored as a
 * local screenshot (store-downloaded-screenshot.ts), which the detail's live query then shows.
 */
export const createScreenshotDownloads = (
  db: JourneySamplerDb,
  options: ScreenshotDownloadOptions = {},
): ScreenshotDownloads => {
  const {
    fetch: fetchFn,
    maxBytes,
    now = () => new Date(),
    toBlob = (bytes, type) => new Blob([bytes], { type }),
    parallel = MAX_PARALLEL_DOWNLOADS,
    maxPerView = MAX_DOWNLOADS_PER_VIEW,
    maxBytesPerView = MAX_DOWNLOAD_BYTES_PER_VIEW,
  } = options;
  const states = signal<ReadonlyMap<string, ScreenshotFetchState>>(new Map());
  let session: Session | null = null;

  /** Sets states for the session still open, and only for it: a stopped view's downloads change nothing. */
  const set = (s: Session, ids: readonly string[], state: ScreenshotFetchState): void => {
    if (session !== s || ids.length === 0) return;
    const next = new Map(states.peek());
    for (const id of ids) next.set(id, state);
    states.value = next;
  };

  const apiOf = (s: Session): ScreenshotDownload | null => {
    if (s.pairing === null) return null;
    s.api ??= createScreenshotDownload(s.pairing.serverUrl, s.pairing.token, {
      ...(fetchFn === undefined ? {} : { fetch: fetchFn }),
      ...(maxBytes === undefined ? {} : { maxBytes }),
    });
    return s.api;
  };

  const failQueue = (s: Session, state: ScreenshotFetchState): void => {
    set(
      s,
      s.queue.splice(0).map((item) => item.id),
      state,
    );
  };

  const run = async (s: Session, item: Item): Promise<void> => {
    const api = apiOf(s);
    if (api === null) return set(s, [item.id], { status: 'unavailable' });
    // The byte bound is judged when a download starts: the ones before it have arrived (or failed) by then.
    if (!item.asked && s.bytes >= maxBytesPerView) return set(s, [item.id], { status: 'deferred' });
    const answer = await api(item.id, s.abort.signal);
    if (s.abort.signal.aborted) return;
    if (!answer.ok) {
      if (answer.kind === 'not-uploaded') return set(s, [item.id], { status: 'not-uploaded' });
      const failed: ScreenshotFetchState = { status: 'failed', message: failureMessage(answer) };
      set(s, [item.id], failed);
      if (STOPS_THE_QUEUE.has(answer.kind)) failQueue(s, failed);
      return;
    }
    if (!item.asked) s.bytes += answer.bytes.byteLength;
    try {
      await storeDownloadedScreenshot(db, {
        id: item.id,
        walkthroughId: s.walkthroughId,
        blob: toBlob(answer.bytes, answer.type),
        type: answer.type,
        at: now().toISOString(),
      });
    } catch (error) {
      // A full disk (QuotaExceededError), say: the download itself went well.
      return set(s, [item.id], {
        status: 'failed',
        message: `The screenshot arrived but could not be kept on this device: ${describeError(error)}`,
      });
    }
    set(s, [item.id], { status: 'done' });
  };

  const pump = (s: Session): void => {
    while (session === s && s.active < parallel && s.queue.length > 0) {
      const item = s.queue.shift();
      if (item === undefined) break;
      s.active += 1;
      run(s, item)
        .catch((error: unknown) => set(s, [item.id], { status: 'failed', message: describeError(error) }))
        .finally(() => {
          s.active -= 1;
          pump(s);
        });
    }
  };

  const enqueue = (s: Session, ids: readonly string[], asked: boolean): void => {
    if (s.pairing === null) {
      set(s, ids, { status: 'unavailable' });
      return;
    }
    const queued: string[] = [];
    const deferred: string[] = [];
    for (const id of ids) {
      if (!asked && s.started >= maxPerView) {
        deferred.push(id);
        continue;
      }
      if (!asked) s.started += 1;
      queued.push(id);
      s.queue.push({ id, asked });
    }
    set(s, deferred, { status: 'deferred' });
    set(s, queued, { status: 'loading' });
    pump(s);
  };

  /** Paired again (another token or server) while the view is open: requests from now on use the new pairing. */
  const adopt = (s: Session, pairing: Pairing | null): void => {
    if (s.pairing?.serverUrl === pairing?.serverUrl && s.pairing?.token === pairing?.token) return;
    s.pairing = pairing;
    s.api = null;
  };

  /**
   * Downloads the sampler asked for (Retry, Download), whatever the view's bound, with the pairing as it is now:
   * read afresh, because "Retry" often follows connecting again in the settings.
   */
  const asked = (ids: readonly string[]): void => {
    const s = session;
    if (s === null || ids.length === 0) return;
    set(s, ids, { status: 'loading' });
    readPairing(db).then(
      (setting) => {
        if (session !== s) return;
        adopt(s, setting.status === 'paired' ? setting.pairing : null);
        enqueue(s, ids, true);
      },
      (error: unknown) => set(s, ids, { status: 'failed', message: describeError(error) }),
    );
  };

  const stop = (): void => {
    session?.abort.abort();
    session = null;
    states.value = new Map();
  };

  return {
    states,
    want(walkthroughId, missing, pairing) {
      if (session?.walkthroughId !== walkthroughId) {
        stop();
        session = {
          walkthroughId,
          abort: new AbortController(),
          pairing,
          api: null,
          queue: [],
          active: 0,
          started: 0,
          bytes: 0,
        };
      }
      const s = session;
      adopt(s, pairing);
      const current = states.peek();
      const fresh = missing.filter((id) => {
        const state = current.get(id);
        return state === undefined || (state.status === 'unavailable' && pairing !== null);
      });
      if (fresh.length > 0) enqueue(s, fresh, false);
    },
    retry() {
      const again = [...states.peek()]
        .filter(([, state]) => state.status === 'not-uploaded' || state.status === 'failed')
        .map(([id]) => id);
      asked(again);
    },
    download(id) {
      if (states.peek().get(id)?.status === 'deferred') asked([id]);
    },
    stop,
  };
};
