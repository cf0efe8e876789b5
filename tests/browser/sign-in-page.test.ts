import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useExtensionBrowser } from '../helpers/browser.ts';
import { type RunningServer, spawnServer } from '../helpers/server-process.ts';

const extensionBrowser = useExtensionBrowser();

let server: RunningServer | undefined;

beforeAll(async () => {
  // The real server with its built pages (npm run build:web), as `npm start` runs it.
  server = await spawnServer();
});
afterAll(async () => {
  await server?.stop();
});

/** A tab on the server, with what it reports: uncaught errors and console errors (a CSP refusal is one). */
async function openTab(): Promise<{ tab: Page; problems: string[] }> {
  const tab = await extensionBrowser().context.newPage();
  const problems: string[] = [];
  tab.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  tab.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return { tab, problems };
}

describe('the sign-in page (server/web/browser/sign-in.ts, bundled)', () => {
  it("signs in with the first start's link, takes the code out of the address bar and gets a session", async () => {
    if (!server) throw new Error('beforeAll did not start the server');
    const running = server;
    const firstStartLink = () => /http:\/\/\S+\/sign-in#code=[A-Za-z0-9_-]{43}/.exec(running.output())?.[0];
    // The line follows the listening line, and may arrive in a later chunk of the server's output.
    await expect.poll(firstStartLink).toBeDefined();
    const link = firstStartLink();
    if (link === undefined) throw new Error(`no first-start sign-in link in:\n${server.output()}`);
    const { tab, problems } = await openTab();
    await tab.goto(link.replace(/^http:\/\/[^/]+/, server.url));
    await tab.getByText('Signed in as admin (admin, team Default).').waitFor();
    expect(tab.url()).toBe(`${server.url}/sign-in`);
    expect(await tab.getByLabel('Access token').isVisible()).toBe(false);
    const cookies = await extensionBrowser().context.cookies(server.url);
    expect(cookies.map((cookie) => [cookie.name, cookie.httpOnly])).toContainEqual(['jsp_session', true]);
    expect(problems).toEqual([]);
    await tab.close();
  });

  it("shows the server's own message when a pasted token is refused", async () => {
    if (!server) throw new Error('beforeAll did not start the server');
    const { tab, problems } = await openTab();
    await tab.goto(`${server.url}/sign-in`);
    await tab.getByText('Paste an access token of a lead or admin, or open a sign-in link.').waitFor();
    await tab.getByLabel('Access token').fill(`jsp_${'A'.repeat(43)}`);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByText('the sign-in code or token is not valid; codes work once and expire').waitFor();
    // The form was reset for another try, and is still there.
    expect(await tab.getByLabel('Access token').inputValue()).toBe('');
    // The refusal is a 401 the browser logs as a failed resource, not an error of the page or its CSP.
    expect(problems.filter((problem) => !problem.includes('401'))).toEqual([]);
    await tab.close();
  });
});
