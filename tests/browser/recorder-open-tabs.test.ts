// Tabs left open do not leak into a walkthrough: the built extension in Chromium, two local sites on two
// loopback hosts. A tab left open on site A (granted by an earlier walkthrough there) must not be recorded
// into a new walkthrough of a journey on site B (both sites are captured while recording); it counts once the sampler uses it, switching to
// it (listed then, without its old load's timings) or navigating in it (a page load with its own timings).
// The walkthrough is started in the side panel as a sampler does; the result is read from IndexedDB with the
// raw API.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '../../extension/db/recording.ts';
import { visitsOf } from '../../extension/recorder/recording-pages.ts';
import { assembleRecording } from '../../extension/recorder/testing/assemble-recording.ts';
import type { PageVisit } from '../../shared/schemas/index.ts';
import { useExtensionBrowser } from '../helpers/browser.ts';
import { grantInExtensionsPage, readStore } from '../helpers/extension-controls.ts';
import { createJourney, finishAsCompleted } from '../helpers/side-panel-flows.ts';
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

type Stored = Recording & { pages: PageVisit[] };

/** The recording in progress with its page visits, from the raw stores. */
const stored = async (page: Page): Promise<Stored> => {
  const [rows, chunks, pages] = await Promise.all([
    readStore(page, 'recordings'),
    readStore(page, 'recordingMarkChunks'),
    readStore(page, 'recordingPages'),
  ]);
  if (rows.length !== 1) throw new Error(`${rows.length} recordings stored; expected one`);
  const recording = assembleRecording(rows[0], chunks);
  return { ...recording, pages: visitsOf(recording.id, pages) };
};

const urls = (recording: Stored): string[] => recording.pages.map((p) => p.url);

describe('a tab left open on a granted site', () => {
  it('is absent from a walkthrough of another site until it is used, then counts with its new use', async () => {
    const { a, b } = served();
    const host = (origin: string) => new URL(origin).hostname;
    // Chromium's dialog cannot be clicked here: the sites are allowed in chrome://extensions, so the Start
    // click's own request for them resolves without one (see grantInExtensionsPage).
    await grantInExtensionsPage(browser(), [`http://${host(a)}/*`, `http://${host(b)}/*`]);
    const panel = await browser().openPage('sidepanel.html');
    await createJourney(panel, 'Reset a password', [
      { name: 'Open the portal', urlPatterns: `http://${host(a)}/index.html` },
    ]);
    await createJourney(panel, 'Approve a request', [
      { name: 'Open the approvals', urlPatterns: `http://${host(b)}/index.html` },
      { name: 'Approve', urlPatterns: `http://${host(b)}/done.html` },
    ]);

    // An earlier walkthrough on site A (which grants it), whose tab is left open, fully loaded, afterwards.
    await panel.getByRole('button', { name: 'Start Reset a password' }).click();
    await panel.getByText('Step 1 of 1', { exact: true }).waitFor();
    const leftOpen = await browser().context.newPage();
    await leftOpen.bringToFront();
    await leftOpen.goto(`${a}/index.html`);
    await expect.poll(async () => urls(await stored(panel)), { timeout: 15_000 }).toEqual([`${a}/index.html`]);
    await panel.bringToFront();
    await finishAsCompleted(panel, 'Reset a password');
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => (await readStore(panel, 'walkthroughs')).length, { timeout: 15_000 }).toBe(1);

    // A new walkthrough, of a journey on site B.
    await panel.getByRole('button', { name: 'Start Approve a request' }).click();
    await panel.getByText('Step 1 of 2', { exact: true }).waitFor();

    // The sampler works on site B in a new tab. By the time its page and timings are stored, the script injected
    // into the tab left open (at Start, before this tab loaded) has reported too: two content scripts delivered.
    const work = await browser().context.newPage();
    await work.bringToFront();
    await work.goto(`${b}/index.html`);
    await expect
      .poll(
        async () => {
          const recording = await stored(panel);
          return {
            workTimed: recording.pages.some((p) => p.url === `${b}/index.html` && p.timings.loadMs !== undefined),
            scripts: recording.deliveries?.length ?? 0,
          };
        },
        { timeout: 15_000 },
      )
      .toEqual({ workTimed: true, scripts: 2 });
    let recording = await stored(panel);
    expect(urls(recording)).toEqual([`${b}/index.html`]);
    const workVisit = recording.pages[0];

    // Switched to: listed now (after the work page), with no timings, since nothing loaded; not a page load.
    await leftOpen.bringToFront();
    await expect
      .poll(async () => urls(await stored(panel)), { timeout: 15_000 })
      .toEqual([`${b}/index.html`, `${a}/index.html`]);
    recording = await stored(panel);
    const switched = recording.pages[1];
    expect(switched?.atMs).toBeGreaterThanOrEqual(workVisit?.atMs ?? Number.POSITIVE_INFINITY);
    expect(switched?.timings).toEqual({});
    const pageLoads = recording.stepMarks.reduce((sum, mark) => sum + (mark.effort?.pageLoads ?? 0), 0);
    expect(pageLoads).toBe(1);

    // Navigated in: a page load of the walkthrough, with the timings of that load.
    await leftOpen.getByRole('link', { name: 'Reset your password' }).click();
    await leftOpen.waitForURL(/form\.html/);
    await expect
      .poll(async () => (await stored(panel)).pages.find((p) => p.url === `${a}/form.html`)?.timings, {
        timeout: 15_000,
      })
      .toMatchObject({ ttfbMs: expect.any(Number), loadMs: expect.any(Number) });
    recording = await stored(panel);
    expect(urls(recording)).toEqual([`${b}/index.html`, `${a}/index.html`, `${a}/form.html`]);
    expect(recording.stepMarks.reduce((sum, mark) => sum + (mark.effort?.pageLoads ?? 0), 0)).toBe(2);
  });
});
