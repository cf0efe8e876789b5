// What a sampler (or the browser) does to the extension from outside its pages, done in headless Chromium over
// the DevTools protocol: grant site access in chrome://extensions, click the toolbar button on a tab, stop the
// MV3 service worker. Plus a raw IndexedDB reader, so tests check what was stored without the extension's code.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ExtensionBrowser } from './browser.ts';

/** The extension's IndexedDB database (extension/db/journey-sampler-db.ts). */
export const EXTENSION_DB_NAME = 'journey-sampler';

/**
 * Grants host access to `origins` (match patterns such as `http://127.0.0.1/*`) the way a user can in
 * chrome://extensions ("Site access" -> "On specific sites"), through that page's own
 * chrome.developerPrivate.addHostPermission. Chromium shows permissions.request() as a dialog no automation
 * can click; once the user has granted the origins, the extension's own request in a click resolves true
 * without a dialog (PermissionsRequestFunction does not prompt again), so the product's grant path still runs.
 */
export const grantInExtensionsPage = async (browser: ExtensionBrowser, origins: readonly string[]): Promise<void> => {
  const page = await browser.context.newPage();
  try {
    await page.goto(`chrome://extensions/?id=${browser.extensionId}`);
    for (const origin of origins) {
      await page.evaluate(
        ([id, host]) => Reflect.get(globalThis, 'chrome').developerPrivate.addHostPermission(id, host),
        [browser.extensionId, origin] as const,
      );
    }
  } finally {
    await page.close();
  }
};

/**
 * The background's running status, followed over the DevTools protocol from an extension page. Playwright's
 * own Worker handle keeps the worker attached and reports neither its stop nor its restart.
 */
export const followBackground = async (page: Page) => {
  const cdp = await page.context().newCDPSession(page);
  const statuses: string[] = [];
  let versionId: string | undefined;
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) {
      if (!version.scriptURL.endsWith('/background.js')) continue;
      versionId = version.versionId;
      statuses.push(version.runningStatus);
    }
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => versionId).toBeDefined();
  return {
    statuses,
    /** Stops the worker as the browser does when it is idle, and waits until it has stopped. */
    async stop() {
      if (versionId === undefined) throw new Error('no background worker version');
      await cdp.send('ServiceWorker.stopWorker', { versionId });
      await expect.poll(() => statuses.at(-1)).toBe('stopped');
    },
    detach: () => cdp.detach(),
  };
};

/**
 * Clicks the extension's toolbar button on `page`'s tab, as the sampler would: Chromium's
 * Extensions.triggerAction (browser-level DevTools protocol, Chromium 156) runs the action for that tab, which
 * grants activeTab on it (what lets tabs.captureVisibleTab capture it) and opens the action's popup. The popup
 * is then dismissed, as a click elsewhere would. The tab is found by its address, which must be unique.
 */
export const clickToolbarButton = async (browser: ExtensionBrowser, page: Page): Promise<void> => {
  const chromium = browser.context.browser();
  if (!chromium) throw new Error('no browser-level DevTools connection');
  const cdp = await chromium.newBrowserCDPSession();
  try {
    const { targetInfos: tabs } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    const matching = tabs.filter((tab) => tab.url === page.url());
    if (matching.length !== 1) throw new Error(`${matching.length} tabs at ${page.url()}; expected exactly one`);
    const [tab] = matching;
    if (!tab) throw new Error('unreachable');
    await cdp.send('Extensions.triggerAction', { id: browser.extensionId, targetId: tab.targetId });
    const popupUrl = browser.url('popup.html');
    const popup = async () =>
      (await cdp.send('Target.getTargets')).targetInfos.find((t) => t.type === 'page' && t.url === popupUrl);
    await expect.poll(popup, { timeout: 10_000 }).toBeDefined();
    const opened = await popup();
    if (opened) await cdp.send('Target.closeTarget', { targetId: opened.targetId });
    await expect.poll(popup, { timeout: 10_000 }).toBeUndefined();
  } finally {
    await cdp.detach();
  }
};

/** Every row of one store of the extension's database, read with the plain IndexedDB API inside `page`. */
export const readStore = (page: Page, store: string): Promise<unknown[]> =>
  page.evaluate(
    ([dbName, name]) =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(name, 'readonly').objectStore(name).getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            db.close();
            resolve(request.result);
          };
        };
      }),
    [EXTENSION_DB_NAME, store] as const,
  );

export type Rows = Record<string, readonly unknown[]>;

/** Puts rows straight into the extension's database from one of its pages (after the page has opened it). */
export const putRows = (page: Page, rows: Rows): Promise<void> =>
  page.evaluate(
    async ({ dbName, rows }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(dbName);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(Object.keys(rows), 'readwrite');
      for (const [store, values] of Object.entries(rows)) for (const row of values) tx.objectStore(store).put(row);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { dbName: EXTENSION_DB_NAME, rows },
  );
