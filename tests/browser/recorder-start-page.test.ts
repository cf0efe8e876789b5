// The page the sampler pressed Start on, then left by a link: the built extension in Chromium, one local site.
// That page was open before Start, so the evidence script is injected into it and its page is listed at its
// first use (recorder-open-tabs.test.ts). Here the first use is the click on a link that loads the next page:
// the click's report and the tab's navigation race each other in the background, and the start page must be
// listed all the same, before the page the link loads, and under its own address (not the next page's).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitsOf } from '../../extension/recorder/recording-pages.ts';
import { assembleRecording } from '../../extension/recorder/testing/assemble-recording.ts';
import type { PageVisit } from '../../shared/schemas/index.ts';
import { useExtensionBrowser } from '../helpers/browser.ts';
import { grantInExtensionsPage, readStore } from '../helpers/extension-controls.ts';
import { createJourney } from '../helpers/side-panel-flows.ts';
import { serveSites, type TestSites } from './sites/serve-sites.ts';

const browser = useExtensionBrowser();
let sites: TestSites | undefined;

beforeAll(async () => {
  sites = await serveSites();
});
afterAll(async () => {
  await sites?.close();
});

const served = (): TestSites => {
  if (!sites) throw new Error('beforeAll did not serve the sites');
  return sites;
};

/** The page visits of the one recording in progress, and how many content-script instances delivered to it. */
const stored = async (page: Page): Promise<{ pages: PageVisit[]; scripts: number }> => {
  const [rows, chunks, pages] = await Promise.all([
    readStore(page, 'recordings'),
    readStore(page, 'recordingMarkChunks'),
    readStore(page, 'recordingPages'),
  ]);
  if (rows.length !== 1) throw new Error(`${rows.length} recordings stored; expected one`);
  const recording = assembleRecording(rows[0], chunks);
  return { pages: visitsOf(recording.id, pages), scripts: recording.deliveries?.length ?? 0 };
};

/** The addresses of the active tabs (one window: one tab), as the background sees them. */
const activeTabUrls = (): Promise<(string | undefined)[]> =>
  browser().background.evaluate(async () => {
    const tabs: { url?: string }[] = await Reflect.get(globalThis, 'chrome').tabs.query({ active: true });
    return tabs.map((tab) => tab.url);
  });

describe('the page where the sampler pressed Start', () => {
  it('is listed, then the page its link loads, in that order, when the first use is that link', async () => {
    const { a } = served();
    await grantInExtensionsPage(browser(), [`http://${new URL(a).hostname}/*`]);
    const panel = await browser().openPage('sidepanel.html');
    await createJourney(panel, 'Reset a password', [
      { name: 'Open the portal', urlPatterns: `${a}/index.html` },
      { name: 'Fill in the form', urlPatterns: `${a}/form.html` },
    ]);

    // The sampler is on the portal, with the panel beside it: Start is pressed while the portal's tab is the
    // active one (the panel is a tab here, clicked without being brought to the front).
    const site = await browser().context.newPage();
    await site.bringToFront();
    await site.goto(`${a}/index.html`);
    await panel.getByRole('button', { name: 'Start Reset a password' }).click();
    await panel.getByText('Step 1 of 2', { exact: true }).waitFor();
    // The script injected into the portal at Start has reported the page it found (not listed: not used yet).
    await expect.poll(async () => (await stored(panel)).scripts, { timeout: 15_000 }).toBe(1);
    expect((await stored(panel)).pages).toEqual([]);
    // Still in front (the background can read its address now that the site is granted).
    expect(await activeTabUrls()).toEqual([`${a}/index.html`]);

    // The first use of the tab: a link to the next page.
    await site.getByRole('link', { name: 'Reset your password' }).click();
    await site.waitForURL(/form\.html/);
    await expect
      .poll(async () => (await stored(panel)).pages.map((p) => p.url), { timeout: 15_000 })
      .toEqual([`${a}/index.html`, `${a}/form.html`]);
    const [start, next] = (await stored(panel)).pages;
    // The start page loaded before Start: listed without timings. The form's load is the walkthrough's own.
    expect(start?.timings).toEqual({});
    expect(next?.atMs).toBeGreaterThanOrEqual(start?.atMs ?? Number.POSITIVE_INFINITY);
  });
});
