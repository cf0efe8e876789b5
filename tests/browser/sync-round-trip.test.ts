// Pairing and sync end to end: the real server (spawned, SQLite in a temp dir, a staff token made with the admin
// command), the built extension in Chromium paired on its options page, walkthroughs recorded in the side panel
// and pushed with "Sync now", checked on the server through its API; then a second browser profile paired with
// the same token pulls them into its own History. Site access to the server is granted the way
// tests/helpers/extension-controls.ts explains: the extension's own permissions.request in the Connect click
// then resolves without a dialog. A screenshot filed under the ad-hoc walkthrough (written into the extension's
// IndexedDB as the recorder would, since a real capture needs a toolbar click) must reach the server byte-equal.
// Then a screenshot captured for real (toolbar click on a page, a note with "Attach screenshot") on one profile
// shows in the History detail of a second profile paired as the same sampler, downloaded when the detail opens.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pullResponseSchema } from '../../shared/protocol/pull.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { runAdmin } from '../helpers/admin-cli.ts';
import { type ExtensionBrowser, useExtensionBrowsers } from '../helpers/browser.ts';
import { clickToolbarButton, grantInExtensionsPage, readStore } from '../helpers/extension-controls.ts';
import { type RunningServer, spawnServer } from '../helpers/server-process.ts';
import { createJourney } from '../helpers/side-panel-flows.ts';
import { serveSites } from './sites/serve-sites.ts';

const TEAM = 'Field support';
const AD_HOC_NAME = 'Renew a parking permit';
/** A 1×1 PNG: what captureVisibleTab hands the recorder, only smaller. */
const PIXEL_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const SCREENSHOT_ID = createIdGenerator(0x5c7)();
const SHOT_NAME = 'Book a meeting room';
const SHOT_NOTE = 'The room list loads twice';

/**
 * Each test pairs two browser profiles (each pairing waits for its own sync) and walks both through the UI: on
 * a loaded two-core machine that alone comes near the browser project's 60 s default.
 */
const TWO_DEVICES_MS = 120_000;

let dataDir: string | undefined;
let server: RunningServer | undefined;
let token = '';

// Registered before the server's hooks, so its afterAll (closing every browser) runs after the server's.
const launchBrowser = useExtensionBrowsers();

/** `npm run admin -- …args` against the test server's data directory; resolves with stdout. */
const admin = (...args: string[]): Promise<string> => {
  if (dataDir === undefined) throw new Error('no data directory yet');
  return runAdmin(dataDir, ...args);
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'js-sync-'));
  await admin('create-team', TEAM);
  token = await admin('create-token', '--role', 'staff', '--team', TEAM, '--label', 'browser test');
  server = await spawnServer({ DATA_DIR: dataDir });
});

afterAll(async () => {
  await server?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const running = (): RunningServer => {
  if (!server) throw new Error('beforeAll did not start the server');
  return server;
};

/** A fresh profile with the extension, paired with the test server on its options page. */
const pairedBrowser = async (): Promise<ExtensionBrowser> => {
  const browser = await launchBrowser();
  await grantInExtensionsPage(browser, ['http://127.0.0.1/*']);
  const options = await browser.openPage('options.html');
  await options.getByLabel('Server address').fill(running().url);
  await options.getByLabel('Access token').fill(token);
  await options.getByRole('button', { name: 'Connect', exact: true }).click();
  try {
    await options.getByText(`Connected as staff (staff) in ${TEAM}`).waitFor({ timeout: 15_000 });
    // Pairing runs a sync at once (it pulls the team's catalog); the page stays open until it has ended, as a
    // person reading the status line would, so no half-done run holds the sync lease when the page closes.
    await options.getByText("Paired. Your team's journeys are in the side panel.").waitFor({ timeout: 15_000 });
  } catch (error) {
    throw new Error(`not paired; the options page shows:\n${await options.locator('main').textContent()}`, {
      cause: error,
    });
  }
  await options.close();
  return browser;
};

const finishAndSave = async (panel: Page, name?: string) => {
  await panel.getByRole('button', { name: 'Finish', exact: true }).click();
  await panel.getByRole('radio', { name: 'Completed' }).check();
  await panel.getByRole('button', { name: 'Finish walkthrough' }).click();
  if (name !== undefined) await panel.getByLabel('Name this walkthrough (required)').fill(name);
  await panel.getByRole('button', { name: 'Save', exact: true }).click();
  await panel.getByText(/It is in History\./).waitFor();
};

/** Files a screenshot under the walkthrough named `name`, in the extension's own database (raw IndexedDB). */
const addScreenshot = (page: Page, name: string): Promise<void> =>
  page.evaluate(
    async ({ name, id, png }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('journey-sampler');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(['walkthroughs', 'attachments'], 'readwrite');
      const all = tx.objectStore('walkthroughs').getAll();
      await new Promise((resolve) => {
        all.onsuccess = resolve;
      });
      const walkthrough = (all.result as { id: string; journeyName: string }[]).find((w) => w.journeyName === name);
      if (walkthrough === undefined) throw new Error(`no walkthrough named ${name}`);
      const blob = new Blob([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], { type: 'image/png' });
      tx.objectStore('attachments').put({
        id,
        recordingId: walkthrough.id,
        blob,
        type: 'image/png',
        bytes: blob.size,
        createdAt: new Date().toISOString(),
      });
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { name, id: SCREENSHOT_ID, png: PIXEL_PNG_BASE64 },
  );

const syncNow = async (panel: Page) => {
  await panel.getByRole('button', { name: 'Sync now' }).click();
  await panel.getByText(/^Last synced /).waitFor({ timeout: 15_000 });
};

describe('sync round trip', { timeout: TWO_DEVICES_MS }, () => {
  it('pushes an ad-hoc walkthrough, flags a local-journey one until it is kept as ad-hoc, and a second device pulls both', async () => {
    const first = await pairedBrowser();
    const panel = await first.openPage('sidepanel.html');
    await panel.getByText(`Connected as staff (staff) in ${TEAM}`).waitFor();

    // An ad-hoc walkthrough (journeyId null): the server accepts it.
    await panel.getByRole('button', { name: 'Start ad-hoc walkthrough' }).click();
    await finishAndSave(panel, AD_HOC_NAME);
    await addScreenshot(panel, AD_HOC_NAME);

    // A walkthrough of a journey made on this device: the server does not know the journey.
    await createJourney(panel, 'Order a laptop', [{ name: 'Open the shop' }]);
    await panel.getByRole('button', { name: 'Start Order a laptop' }).click();
    await panel.getByRole('heading', { level: 1, name: 'Order a laptop' }).waitFor();
    await finishAndSave(panel);

    await syncNow(panel);
    await panel.getByRole('heading', { name: 'Needs attention' }).waitFor({ timeout: 15_000 });
    await panel.getByText(/Order a laptop: unknown_journey: /).waitFor();
    await panel.getByText('Nothing waiting to sync').waitFor();

    // The server has the ad-hoc one only (read back through its API with the same token).
    const onServer = async () => {
      const pulled = await fetch(`${running().url}/api/v1/sync/pull`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ protocolVersion: 1, cursor: null }),
      });
      expect(pulled.status).toBe(200);
      return pullResponseSchema
        .parse(await pulled.json())
        .walkthroughs.map((w) => [w.journeyName, w.journeyId, w.rev])
        .sort();
    };
    expect(await onServer()).toEqual([[AD_HOC_NAME, null, 1]]);

    // Its screenshot follows it, uploaded by that sync or (if the background's own sync ran first) the next.
    const screenshot = async () => {
      const response = await fetch(`${running().url}/api/v1/attachments/${SCREENSHOT_ID}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      return response.status === 200 ? Buffer.from(await response.arrayBuffer()).toString('base64') : response.status;
    };
    await expect
      .poll(
        async () => {
          await panel.getByRole('button', { name: /^(Sync now|Syncing…)$/ }).click();
          return screenshot();
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(PIXEL_PNG_BASE64);

    // Retry cannot fix that; keeping it as ad-hoc can: a new rev, pushed at once, accepted.
    await panel.getByRole('button', { name: 'Keep as ad-hoc: Order a laptop' }).click();
    await panel.getByRole('heading', { name: 'Needs attention' }).waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(onServer, { timeout: 15_000 }).toEqual([
      ['Order a laptop', null, 2],
      [AD_HOC_NAME, null, 1],
    ]);

    // A second device, same sampler: it pulls both walkthroughs into its History.
    const second = await pairedBrowser();
    const secondPanel = await second.openPage('sidepanel.html');
    await syncNow(secondPanel);
    const history = await second.openPage('walkthroughs.html');
    await history.getByText(AD_HOC_NAME).first().waitFor({ timeout: 15_000 });
    await history.getByText('Order a laptop').first().waitFor();

    expect([...first.pageErrors, ...second.pageErrors]).toEqual([]);
  });

  it('a screenshot captured on one device shows in the History detail of the sampler’s other device', async () => {
    const sites = await serveSites();
    try {
      // Device A: an ad-hoc walkthrough with a note and a real capture of a page.
      const first = await pairedBrowser();
      const panel = await first.openPage('sidepanel.html');
      await panel.getByText(`Connected as staff (staff) in ${TEAM}`).waitFor();
      await panel.getByRole('button', { name: 'Start ad-hoc walkthrough' }).click();
      const site = await first.context.newPage();
      await site.goto(`${sites.a}/index.html`);
      await site.bringToFront();
      await clickToolbarButton(first, site);
      await panel.getByRole('button', { name: 'Note', exact: true }).click();
      await panel.getByRole('textbox', { name: 'Note', exact: true }).fill(SHOT_NOTE);
      await panel.getByRole('checkbox', { name: 'Attach screenshot of the current tab' }).check();
      await panel.getByRole('button', { name: 'Save note' }).click();
      await panel.getByText('Note saved with a screenshot.').waitFor();
      await finishAndSave(panel, SHOT_NAME);
      const [screenshotId] = z
        .array(z.object({ id: z.string(), recordingId: z.string() }))
        .parse(await readStore(panel, 'attachments'))
        .map((a) => a.id);
      if (screenshotId === undefined) throw new Error('no screenshot stored on device A');

      // Synced: the walkthrough, then its screenshot (by this sync or, if the background's ran first, the next).
      const uploaded = async () => {
        const response = await fetch(`${running().url}/api/v1/attachments/${screenshotId}/status`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        return response.status === 200 && z.object({ complete: z.boolean() }).parse(await response.json()).complete;
      };
      await expect
        .poll(
          async () => {
            await panel.getByRole('button', { name: /^(Sync now|Syncing…)$/ }).click();
            return uploaded();
          },
          { timeout: 15_000, interval: 500 },
        )
        .toBe(true);

      // Device B, the same sampler: pulls the walkthrough, without its screenshot.
      const second = await pairedBrowser();
      const secondPanel = await second.openPage('sidepanel.html');
      await syncNow(secondPanel);
      expect(await readStore(secondPanel, 'attachments')).toEqual([]);

      // History, the walkthrough, and its screenshot, downloaded as the detail opens.
      const history = await second.openPage('walkthroughs.html');
      await history.getByRole('button', { name: SHOT_NAME }).click();
      await history.getByRole('heading', { level: 2, name: SHOT_NAME }).waitFor();
      await history.getByText(SHOT_NOTE).waitFor();
      const image = history.getByRole('img', { name: /^Screenshot with the note at / });
      await image.waitFor({ timeout: 15_000 });
      await expect
        .poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth))
        .toBe(site.viewportSize()?.width);
      expect(await image.evaluate((img: HTMLImageElement) => img.naturalHeight)).toBeGreaterThan(0);
      expect(await history.getByText('(screenshot not available on this device)').count()).toBe(0);

      // Kept on device B: shown again after a reload, from its own database.
      expect(z.array(z.object({ id: z.string() })).parse(await readStore(history, 'attachments'))).toEqual([
        expect.objectContaining({ id: screenshotId }),
      ]);
      await history.reload();
      await history.getByRole('img', { name: /^Screenshot with the note at / }).waitFor();

      expect([...first.pageErrors, ...second.pageErrors]).toEqual([]);
    } finally {
      await sites.close();
    }
  });
});
