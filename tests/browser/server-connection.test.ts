import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, useExtensionBrowser } from '../helpers/browser.ts';
import { type RunningServer, spawnServer } from '../helpers/server-process.ts';

const extensionBrowser = useExtensionBrowser();

let server: RunningServer | undefined;

beforeAll(async () => {
  // The real server (node --import tsx server/index.ts, PORT=0, SQLite in a temp dir), not a stub.
  server = await spawnServer();
});

// Registered after the browser's hooks, so it runs before the browser's close (afterAll hooks run in reverse,
// and one that throws stops the rest): stop() does not throw, so neither Chromium nor the server outlives the run.
afterAll(async () => {
  await server?.stop();
});

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
    // ...and after a reload it reads the address back from IndexedDB.
    await panel.reload();
    await panel.getByText(address).waitFor();
    expect(await panel.getByText('Not connected').count()).toBe(0);
    expect(browser.pageErrors).toEqual([]);
  });
});
