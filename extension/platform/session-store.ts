import { browser } from 'wxt/browser';
import type { SessionStore } from '../evidence/reached-urls.ts';

/** storage.session: survives a service-worker restart, cleared when the browser closes; never synced. */
export const sessionStore: SessionStore = {
  async get(key) {
    const items = await browser.storage.session.get(key);
    return items[key];
  },
  set: (key, value) => browser.storage.session.set({ [key]: value }),
  remove: (key) => browser.storage.session.remove(key),
};
