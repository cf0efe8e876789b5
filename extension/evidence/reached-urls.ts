import { z } from 'zod';

/** A small key/value store that outlives a service-worker restart but not the browser (storage.session). */
export type SessionStore = {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
};

const lastReachedSchema = z.strictObject({ recordingId: z.string(), url: z.string() });

const keyFor = (tabId: number): string => `reached-url:${tabId}`;

/**
 * Remembers, per tab, the last page address reported to the recorder for auto-detection. One navigation is
 * seen twice (tabs.onUpdated and the content script's page visit), and a reload or a query-only change keeps
 * the same stripped address: reporting it again could mark a second step whose pattern also matches.
 */
export type LastReached = z.infer<typeof lastReachedSchema>;

/** Whether `url` is new for a tab whose last reported address was `last` (null: none), in this recording. */
export const isNewReached = (last: LastReached | null, recordingId: string, url: string): boolean =>
  !(last !== null && last.recordingId === recordingId && last.url === url);

export const createReachedUrls = (store: SessionStore) => ({
  /**
   * The address last reported for this tab and its recording, or null: read before a transaction that
   * decides with isNewReached inside it (storage.session cannot be awaited within one).
   */
  async last(tabId: number): Promise<LastReached | null> {
    const last = lastReachedSchema.safeParse(await store.get(keyFor(tabId)));
    return last.success ? last.data : null;
  },
  /** True when `url` is new for this tab in this recording; remembers nothing (see remember). */
  async isNewUrl(recordingId: string, tabId: number, url: string): Promise<boolean> {
    return isNewReached(await this.last(tabId), recordingId, url);
  },
  remember(recordingId: string, tabId: number, url: string): Promise<void> {
    return store.set(keyFor(tabId), { recordingId, url });
  },
  /** True when `url` is new for this tab in this recording, and remembers it. */
  async isNew(recordingId: string, tabId: number, url: string): Promise<boolean> {
    if (!(await this.isNewUrl(recordingId, tabId, url))) return false;
    await this.remember(recordingId, tabId, url);
    return true;
  },
  forgetTab(tabId: number): Promise<void> {
    return store.remove(keyFor(tabId));
  },
});
export type ReachedUrls = ReturnType<typeof createReachedUrls>;
