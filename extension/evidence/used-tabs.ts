import { z } from 'zod';
import type { SessionStore } from './reached-urls.ts';

const usedSchema = z.strictObject({ recordingId: z.string() });

const keyFor = (tabId: number): string => `used-tab:${tabId}`;

/**
 * Remembers, per tab, the recording in which the sampler used it (navigated in it, or switched to it). A tab
 * that was already open when the recording started belongs to the walkthrough only from its first use: its
 * page is listed then, once, and its earlier load (timings included) is not the walkthrough's. Kept in
 * storage.session like reached-urls.ts, so a stopped service worker does not list a page twice.
 *
 * Only this worker writes these keys, so what it wrote since it started is also kept in memory: a tab marked
 * for the same recording again (every page load in it) costs no storage.session write or read.
 */
export const createUsedTabs = (store: SessionStore) => {
  const written = new Map<number, string>();
  return {
    async isUsed(recordingId: string, tabId: number): Promise<boolean> {
      if (written.get(tabId) === recordingId) return true;
      const used = usedSchema.safeParse(await store.get(keyFor(tabId)));
      return used.success && used.data.recordingId === recordingId;
    },
    async markUsed(recordingId: string, tabId: number): Promise<void> {
      if (written.get(tabId) === recordingId) return;
      // Forgotten first: should the write fail, memory must not claim it was made.
      written.delete(tabId);
      await store.set(keyFor(tabId), { recordingId });
      written.set(tabId, recordingId);
    },
    forgetTab(tabId: number): Promise<void> {
      written.delete(tabId);
      return store.remove(keyFor(tabId));
    },
  };
};
export type UsedTabs = ReturnType<typeof createUsedTabs>;
