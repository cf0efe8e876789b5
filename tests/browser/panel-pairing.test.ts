// Pairing pulls the team's catalog at once: the real server (spawned, SQLite in a temp dir) with a journey a lead
// made through its API, the built extension in Chromium paired on its options page as a person would (a token,
// or a pairing link), and the side panel listing the team's journey without anyone pressing "Sync now". Site
// access to the server is granted the way tests/helpers/extension-controls.ts explains: the extension's own
// permissions.request in the Connect (or Pair) click then resolves without a dialog.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPairingResponseSchema } from '../../shared/protocol/pairing.ts';
import { journeySchema, serviceSchema } from '../../shared/schemas/index.ts';
import { runAdmin } from '../helpers/admin-cli.ts';
import { type ExtensionBrowser, useExtensionBrowsers } from '../helpers/browser.ts';
import { grantInExtensionsPage } from '../helpers/extension-controls.ts';
import { type RunningServer, spawnServer } from '../helpers/server-process.ts';

const TEAM = 'Service desk';
const SERVICE = 'Staff portal';
const JOURNEY = 'Order a new laptop';
const PAIRED_LINE = "Paired. Your team's journeys are in the side panel.";

let dataDir: string | undefined;
let server: RunningServer | undefined;
let leadToken = '';

// Registered before the server's hooks, so its afterAll (closing every browser) runs after the server's.
const launchBrowser = useExtensionBrowsers();

/** A request to the test server's API as the team lead (a bearer token: no CSRF header needed). */
const asLead = async (method: 'POST', route: string, body: unknown): Promise<unknown> => {
  const response = await fetch(`${running().url}/api/v1${route}`, {
    method,
    headers: { Authorization: `Bearer ${leadToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'js-panel-pairing-'));
  await runAdmin(dataDir, 'create-team', TEAM);
  leadToken = await runAdmin(dataDir, 'create-token', '--role', 'lead', '--team', TEAM, '--label', 'browser test');
  server = await spawnServer({ DATA_DIR: dataDir });
  // The team's catalog: one service, one journey, made by the lead through the API as the dashboard would.
  const service = serviceSchema.parse(await asLead('POST', '/services', { name: SERVICE }));
  journeySchema.parse(
    await asLead('POST', '/journeys', {
      serviceId: service.id,
      name: JOURNEY,
      steps: [{ name: 'Open the request form' }, { name: 'Submit the request' }],
    }),
  );
});

afterAll(async () => {
  await server?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

function running(): RunningServer {
  if (!server) throw new Error('beforeAll did not start the server');
  return server;
}

/** Waits for `text` on the options page; on a timeout, says what the page showed instead. */
const optionsShow = async (options: Page, text: string): Promise<void> => {
  try {
    await options.getByText(text).waitFor({ timeout: 20_000 });
  } catch (error) {
    throw new Error(`no "${text}"; the options page shows:\n${await options.locator('main').textContent()}`, {
      cause: error,
    });
  }
};

/** The journey as the side panel lists it, with its team service and step count. */
const listsTeamJourney = async (panel: Page): Promise<void> => {
  await panel.locator('.journey-name', { hasText: JOURNEY }).waitFor({ timeout: 20_000 });
  await panel.getByText(`${SERVICE} · 2 steps`).waitFor();
  await panel.getByRole('button', { name: `Start ${JOURNEY}` }).waitFor();
};

describe('pairing pulls the team catalog at once', () => {
  it('pairs with a token; the side panel opened afterwards lists the team journey without "Sync now"', async () => {
    const browser: ExtensionBrowser = await launchBrowser();
    await grantInExtensionsPage(browser, ['http://127.0.0.1/*']);
    const options = await browser.openPage('options.html');
    await options.getByText('Not paired: walkthroughs are kept on this device.').waitFor();
    await options.getByLabel('Server address').fill(running().url);
    await options.getByLabel('Access token').fill(leadToken);
    await options.getByRole('button', { name: 'Connect', exact: true }).click();
    await optionsShow(options, PAIRED_LINE);

    const panel = await browser.openPage('sidepanel.html');
    await listsTeamJourney(panel);
    // The pull happened with the pairing: the panel's sync section has a last sync, and no one pressed the button.
    await panel.getByText(/^Last synced /).waitFor();
    expect(await panel.getByText(/No journeys yet/).count()).toBe(0);
    expect(browser.pageErrors).toEqual([]);
  });

  it('pairs with a link while the side panel is open; the panel shows the team journey live', async () => {
    const browser = await launchBrowser();
    const minted = createPairingResponseSchema.parse(await asLead('POST', '/pairing', {}));
    const panel = await browser.openPage('sidepanel.html');
    await panel.getByText(/No journeys yet/).waitFor();
    await panel.getByText('Not paired: walkthroughs are kept on this device.').waitFor();

    await grantInExtensionsPage(browser, ['http://127.0.0.1/*']);
    const options = await browser.openPage('options.html');
    await options.getByLabel('Pair with a link').fill(minted.link);
    await options.getByRole('button', { name: 'Pair', exact: true }).click();
    await optionsShow(options, PAIRED_LINE);

    // No reload and no "Sync now": the open panel follows IndexedDB, where the pairing's pull wrote the catalog.
    await listsTeamJourney(panel);
    expect(await panel.getByText(/No journeys yet/).count()).toBe(0);
    expect(await panel.getByText('Not paired: walkthroughs are kept on this device.').count()).toBe(0);
    expect(browser.pageErrors).toEqual([]);
  });
});
