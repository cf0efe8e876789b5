import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPairingResponseSchema } from '../../shared/protocol/pairing.ts';
import { axeViolations } from '../helpers/axe.ts';
import { type ExtensionBrowser, useExtensionBrowser } from '../helpers/browser.ts';
import { grantInExtensionsPage, readStore } from '../helpers/extension-controls.ts';
import { type RunningServer, spawnServer } from '../helpers/server-process.ts';
import { serveSites, type TestSites } from './sites/serve-sites.ts';

const extensionBrowser = useExtensionBrowser();

let server: RunningServer | undefined;
let sites: TestSites | undefined;

beforeAll(async () => {
  // The real server (node --import tsx server/index.ts, PORT=0, SQLite in a temp dir), not a stub.
  server = await spawnServer();
});

// Registered after the browser's hooks, so it runs before the browser's close (afterAll hooks run in reverse,
// and one that throws stops the rest): stop() does not throw, so neither Chromium nor the server outlives the run.
afterAll(async () => {
  await server?.stop();
  await sites?.close();
});

/**
 * A pairing link for the first start's admin, minted the way the dashboard will: sign in with the one-time link
 * the server printed (a session cookie), then `POST /api/v1/pairing`.
 */
const mintPairingLink = async (running: RunningServer): Promise<string> => {
  const code = /\/sign-in#code=([A-Za-z0-9_-]{43})/.exec(running.output())?.[1];
  if (code === undefined) throw new Error(`no first-start sign-in link in:\n${running.output()}`);
  const headers = { 'Content-Type': 'application/json', 'X-Requested-With': 'journey-sampler' };
  const signedIn = await fetch(`${running.url}/api/v1/sign-in`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ code }),
  });
  expect(signedIn.status).toBe(200);
  const cookie = signedIn.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  const minted = await fetch(`${running.url}/api/v1/pairing`, {
    method: 'POST',
    headers: { ...headers, Cookie: cookie },
    body: '{}',
  });
  expect(minted.status).toBe(201);
  return createPairingResponseSchema.parse(await minted.json()).link;
};

const started = (): { server: RunningServer; browser: ExtensionBrowser } => {
  if (!server) throw new Error('beforeAll did not start the server');
  return { server, browser: extensionBrowser() };
};

describe('connecting the extension to a running server', () => {
  it('options page reaches /healthz without host permissions and saves the address for the side panel', async () => {
    const { server, browser } = started();
    // The server's URL has no trailing slash, which is also how the extension stores an address.
    const address = server.url;
    const panel = await browser.openPage('sidepanel.html');
    await panel.getByText('Not connected').waitFor();

    const options = await browser.openPage('options.html');
    await options.getByLabel('Server address').fill(server.url);
    await options.getByRole('button', { name: 'Check connection' }).click();
    try {
      await options.getByText('Reachable — store: sqlite').waitFor({ timeout: 10_000 });
    } catch (error) {
      const shown = await options.locator('main').textContent();
      throw new Error(
        `no "Reachable" in the options page, which shows:\n${shown}\nserver output:\n${server.output()}`,
        {
          cause: error,
        },
      );
    }

    // The open side panel follows IndexedDB live (Dexie tells every page of the extension origin)...
    await panel.getByText(address).waitFor();
    // ...and after a reload it reads the address back from IndexedDB. An address alone syncs nothing: the header
    // says it is not paired yet, and the sync section that walkthroughs are kept on this device.
    await panel.reload();
    await panel.getByText(address).waitFor();
    await panel.getByText('(not paired yet)').waitFor();
    await panel.getByText('Not paired: walkthroughs are kept on this device.').waitFor();
    expect(await panel.getByText('Not connected').count()).toBe(0);
    expect(browser.pageErrors).toEqual([]);
  });

  it('does not save an address nothing answers at, and says so on the one status line', async () => {
    const { server, browser } = started();
    const options = await browser.openPage('options.html');
    await options.getByText('Not paired: walkthroughs are kept on this device.').waitFor();
    // A loopback port nothing listens on: the server's own port once it is stopped would race, so port 9.
    const nowhere = 'http://127.0.0.1:9';
    await options.getByLabel('Server address').fill(nowhere);
    await options.getByRole('button', { name: 'Check connection' }).click();
    const status = options.getByRole('status');
    await options.getByText(`Could not reach ${nowhere}.`, { exact: false }).waitFor({ timeout: 15_000 });
    expect(await status.textContent()).toContain('Not saved.');
    // The address saved by the test before is still the saved one (the panel keeps naming it, not this one).
    const panel = await browser.openPage('sidepanel.html');
    await panel.getByText(server.url).waitFor();
    expect(await panel.getByText(nowhere).count()).toBe(0);

    // A new answer replaces the old one: a refused token after the failed check leaves one line, the newest.
    await options.getByLabel('Server address').fill(server.url);
    await options.getByLabel('Access token').fill(`jsp_${'x'.repeat(43)}`);
    await grantInExtensionsPage(browser, ['http://127.0.0.1/*']);
    await options.getByRole('button', { name: 'Connect', exact: true }).click();
    await options.getByText(/does not accept this token/).waitFor({ timeout: 15_000 });
    expect(await options.getByText(/Could not reach/).count()).toBe(0);
    expect(await options.getByRole('status').count()).toBe(1);
    expect.soft(await axeViolations(options), 'options, an error on the status line').toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });

  it('pairs by pasting the link from the server page, and keeps evidence capture off the server while recording', async () => {
    const { server, browser } = started();
    const link = await mintPairingLink(server);

    // The link opens the server's page: it offers the link for copying and takes the code out of the address bar.
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const pairPage = await browser.context.newPage();
    const pairPageErrors: string[] = [];
    pairPage.on('pageerror', (error) => pairPageErrors.push(error.message));
    await pairPage.goto(link);
    await pairPage.getByText('Copy this link into the extension to pair it with this server.').waitFor();
    expect(pairPage.url()).toBe(`${server.url}/pair`);
    expect(await pairPage.getByLabel('Pairing link').inputValue()).toBe(link);
    await pairPage.getByRole('button', { name: 'Copy pairing link' }).click();
    await pairPage.getByText(/^Copied\./).waitFor();
    const copied = await pairPage.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(link);
    expect(pairPageErrors).toEqual([]);

    // The person allows the server's site (the prompt itself cannot be clicked in headless Chromium; see
    // grantInExtensionsPage), pastes the link into the options page and presses Pair.
    await grantInExtensionsPage(browser, ['http://127.0.0.1/*']);
    const options = await browser.openPage('options.html');
    await options.getByLabel('Pair with a link').fill(copied);
    await options.getByRole('button', { name: 'Pair', exact: true }).click();
    try {
      await options.getByText('Connected as admin (admin) in Default').waitFor({ timeout: 15_000 });
      // The pairing's own sync ran (an empty catalog here): its answer is on the page's status line.
      await options.getByText("Paired. Your team's journeys are in the side panel.").waitFor({ timeout: 15_000 });
    } catch (error) {
      throw new Error(`not paired; the options page shows:\n${await options.locator('main').textContent()}`, {
        cause: error,
      });
    }
    expect(await options.getByLabel('Server address').inputValue()).toBe(server.url);

    // The server's host is granted now. While a walkthrough records, the evidence script is registered for it,
    // but never runs on the server's own pages: a site on another port of the same host is still captured.
    sites = await serveSites();
    const panel = await browser.openPage('sidepanel.html');
    await panel.getByRole('button', { name: 'Start ad-hoc walkthrough' }).click();
    await panel.getByRole('button', { name: 'Finish', exact: true }).waitFor();
    const serverPages = `${server.url}/*`;
    await expect
      .poll(
        () =>
          browser.background.evaluate(() => Reflect.get(globalThis, 'chrome').scripting.getRegisteredContentScripts()),
        { timeout: 10_000 },
      )
      .toEqual([expect.objectContaining({ matches: ['http://127.0.0.1/*'], excludeMatches: [serverPages] })]);

    const tab = await browser.context.newPage();
    await tab.goto(`${server.url}/pair`);
    await tab.goto(`${sites.a}/index.html`);
    const visited = async () =>
      (await readStore(panel, 'recordingPages')).map((row) =>
        typeof row === 'object' && row !== null && 'url' in row ? String(row.url) : '',
      );
    await expect.poll(visited, { timeout: 10_000 }).toContain(`${sites.a}/index.html`);
    expect((await visited()).filter((url) => url.startsWith(server.url))).toEqual([]);
  });
});
