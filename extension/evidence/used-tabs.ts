import { z } from 'zod';
import type { SessionStore } from './reached-urls.ts';

const usedSchema = z.strictObject({ recordingId: z.string() });

const keyFor = (tabId: number): string => `used-tab:${tabId}`;

/**
 * Remembers, per tab, the recording in which the sampler used it (navigated in it, or switched to it). A tab
 * that was already open when the recording started belongs to the walkthrough only from its first use: its
 * page is listed then, once, and its earlier load (timings included) is not the walkthrough's. Kept in
 * storage.session like reached-urls.ts, so a stopped service worker does not list a page twice.
 */
export const createUsedTabs = (store: SessionStore) => ({
  async isUsed(recordingId: string, tabId: number): Promise<boolean> {
    const used = usedSchema.safeParse(await store.get(keyFor(tabId)));
    return used.success && used.data.recordingId === recordingId;
  },
  markUsed(recordingId: string, tabId: number): Promise<void> {
    return store.set(keyFor(tabId), { recordingId });
  },
  forgetTab(tabId: number): Promise<void> {
    return store.remove(keyFor(tabId));
  },
});
export type UsedTabs = ReturnType<typeof createUsedTabs>;
