import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchExtension } from '../helpers/browser.ts';
import { type RunningServer, spawnServer } from '../helpers/server-process.ts';

let server: RunningServer | undefined;
let browser: ExtensionBrowser | undefined;

beforeAll(async () => {
  // The real server (node --import tsx server/index.ts, PORT=0, SQLite in a temp dir), not a stub.
  server = await spawnServer();
  browser = await launchExtension();
});

afterAll(async () => {
  // Both, even if one fails: a leaked Chromium or server would outlive the run.
  const results = await Promise.allSettled([browser?.close(), server?.stop()]);
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0)
    throw new AggregateError(
      failed.map((r) => r.reason),
      'cleanup failed',
    );
});

const started = (): { server: RunningServer; browser: ExtensionBrowser } => {
  if (!server || !browser) throw new Error('beforeAll did not start the server and the browser');
  return { server, browser };
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
