// One walkthrough from end to end, as a sampler does it, in the BUILT extension (npx wxt build) in Chromium:
// make a journey in the side panel (opened as a tab), grant site access, Start, walk two local sites in another
// tab (steps detected from the addresses), switch tabs, mark a step by hand, pause and resume, add a note with
// a screenshot, lose the service worker on the way, finish, rate; then find it in History, check its timeline
// against what IndexedDB holds (read with the raw IndexedDB API), and export it as JSON.
//
// Site access is granted in chrome://extensions first (see grantInExtensionsPage), so the permissions.request
// in the Start click resolves without a dialog. The screenshot works because the sampler clicks the toolbar
// button on the page first (Extensions.triggerAction), which grants activeTab, exactly as the panel's hint says.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Recording } from '../../extension/db/recording.ts';
import { visitsOf } from '../../extension/recorder/recording-pages.ts';
import { assembleRecording } from '../../extension/recorder/testing/assemble-recording.ts';
import { formatDuration, formatOffset, plural, timingEntries } from '../../extension/ui/format/history-format.ts';
import type { Effort, PageVisit } from '../../shared/schemas/evidence.ts';
import { type Walkthrough, walkthroughSchema } from '../../shared/schemas/walkthrough.ts';
import { type ExtensionBrowser, launchExtension } from '../helpers/browser.ts';
import {
  clickToolbarButton,
  EXTENSION_DB_NAME,
  followBackground,
  grantInExtensionsPage,
  readStore,
} from '../helpers/extension-controls.ts';
import { createJourney, finishAsCompleted, rateAndSave } from '../helpers/side-panel-flows.ts';
import { serveSites, type TestSites } from './sites/serve-sites.ts';

const JOURNEY = 'Reset a password';
const STEPS = ['Open the portal', 'Get approval', 'Confirm the reset'] as const;
const NOTE = 'The approval page does not say who approves';
const COMMENT = 'Quick, but the approval step was confusing';

let sites: TestSites | undefined;
let launched: ExtensionBrowser | undefined;

const setup = (): { sites: TestSites; browser: ExtensionBrowser } => {
  if (!sites || !launched) throw new Error('beforeAll did not start the sites and the browser');
  return { sites, browser: launched };
};

beforeAll(async () => {
  sites = await serveSites();
  launched = await launchExtension();
});

afterAll(async () => {
  const results = await Promise.allSettled([launched?.close(), sites?.close()]);
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0)
    throw new AggregateError(
      failed.map((r) => r.reason),
      'cleanup failed',
    );
});

afterEach(() => {
  // An uncaught exception in an extension page is a failure even when the page still looks right.
  expect(launched?.pageErrors.splice(0) ?? []).toEqual([]);
});

/**
 * The recording in progress, from the raw database, parsed with the recorder's schema, with its page visits
 * (kept in their own table, `recordingPages`).
 */
const stored = async (page: Page): Promise<Recording & { pages: PageVisit[] }> => {
  const rows = await readStore(page, 'recordings');
  expect(rows).toHaveLength(1);
  const recording = assembleRecording(rows[0], await readStore(page, 'recordingMarkChunks'));
  return { ...recording, pages: visitsOf(recording.id, await readStore(page, 'recordingPages')) };
};

const pagePaths = (recording: { pages: readonly PageVisit[] }): string[] => recording.pages.map((p) => p.url);

const marksOf = (recording: Recording) => recording.stepMarks.map(({ effort: _effort, ...mark }) => mark);

const totalEffort = (recording: Recording): Effort =>
  recording.stepMarks.reduce(
    (sum, { effort }) => ({
      clicks: sum.clicks + (effort?.clicks ?? 0),
      keyPresses: sum.keyPresses + (effort?.keyPresses ?? 0),
      pageLoads: sum.pageLoads + (effort?.pageLoads ?? 0),
      tabSwitches: sum.tabSwitches + (effort?.tabSwitches ?? 0),
    }),
    { clicks: 0, keyPresses: 0, pageLoads: 0, tabSwitches: 0 },
  );

/** A screenshot attachment as stored: its Blob described, since a Blob does not cross page.evaluate. */
const readAttachment = (page: Page, id: string) =>
  page.evaluate(
    ([dbName, attachmentId]) =>
      new Promise<{ type: string; bytes: number; blobType: string; blobSize: number } | null>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('attachments', 'readonly').objectStore('attachments').get(attachmentId);
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            db.close();
            const row: { type: string; bytes: number; blob: Blob } | undefined = request.result;
            resolve(
              row ? { type: row.type, bytes: row.bytes, blobType: row.blob.type, blobSize: row.blob.size } : null,
            );
          };
        };
      }),
    [EXTENSION_DB_NAME, id] as const,
  );

/** Whole seconds shown by a "04:07"-style clock. */
const clockSeconds = (text: string | null): number =>
  (text ?? '')
    .trim()
    .split(':')
    .reduce((total, part) => total * 60 + Number(part), 0);

/** Paused time inside [startMs, endMs): what the step's active time leaves out. */
const pausedWithin = (pauses: Walkthrough['pauses'], startMs: number, endMs: number): number =>
  pauses.reduce((sum, p) => sum + Math.max(0, Math.min(p.endMs, endMs) - Math.max(p.startMs, startMs)), 0);

/**
 * What the History detail should say about each step, derived here from the stored marks alone: a step runs
 * from its mark to the next one (the last to the end), its active time leaves the pauses out, and the pages
 * and remarks are those made while it was current. Worded with the page's own formatters.
 */
const expectedSteps = (w: Walkthrough) =>
  w.stepMarks.map((mark, i) => {
    const endMs = w.stepMarks[i + 1]?.atMs ?? w.elapsedMs;
    const durationMs = endMs - mark.atMs;
    const activeMs = durationMs - pausedWithin(w.pauses, mark.atMs, endMs);
    const within = (atMs: number) => atMs >= mark.atMs && (i === w.stepMarks.length - 1 || atMs < endMs);
    const e = mark.effort;
    return {
      name: mark.name,
      durationMs,
      times:
        `Starts at ${formatOffset(mark.atMs)} · took ${formatDuration(durationMs)}` +
        (activeMs === durationMs ? '' : ` (active ${formatDuration(activeMs)})`) +
        (mark.source === 'auto' ? ' · detected from the page address' : ''),
      effort:
        e === undefined
          ? 'Effort not counted'
          : [
              plural(e.clicks, 'click'),
              plural(e.keyPresses, 'key press', 'key presses'),
              plural(e.pageLoads, 'page load'),
              plural(e.tabSwitches, 'tab switch', 'tab switches'),
            ].join(' · '),
      pages: w.pages
        .filter((p) => within(p.atMs))
        .sort((a, b) => a.atMs - b.atMs)
        .map((p) => [
          p.url,
          formatOffset(p.atMs),
          timingEntries(p.timings)
            .map(([name, value]) => `${name} ${value}`)
            .join(' · ') || 'Not measured',
        ]),
      notes: w.notes.filter((n) => within(n.atMs)).map((n) => `Note at ${formatOffset(n.atMs)}: ${n.text}`),
    };
  });

/** The text of each cell of each row of a table body. */
const tableRows = (scope: Locator): Promise<string[][]> =>
  scope
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent?.trim() ?? '')));

describe('a whole walkthrough, from the side panel to History', () => {
  it('records two sites with detected and manual steps, a pause, a screenshot note and a worker restart, then shows and exports it', async () => {
    const { sites, browser } = setup();
    const host = (origin: string) => new URL(origin).hostname;
    const panel = await browser.openPage('sidepanel.html');

    // 1. A journey made on this device: step 1 on site A, step 2 on site B, step 3 marked by hand.
    await createJourney(panel, JOURNEY, [
      { name: STEPS[0], urlPatterns: `http://${host(sites.a)}/index.html` },
      { name: STEPS[1], urlPatterns: `http://${host(sites.b)}/index.html` },
      { name: STEPS[2] },
    ]);

    // 2. Site access for both hosts, then Start (whose permissions.request now resolves without a dialog).
    await grantInExtensionsPage(browser, [`http://${host(sites.a)}/*`, `http://${host(sites.b)}/*`]);
    await panel.bringToFront();
    await panel.getByRole('button', { name: `Start ${JOURNEY}` }).click();
    await panel.getByRole('heading', { level: 1, name: JOURNEY }).waitFor();
    await panel.getByText('Step 1 of 3', { exact: true }).waitFor();
    // The background registers the evidence script for the granted hosts (a page opened before that would be
    // injected, not loaded, and so not count as a page load).
    await expect
      .poll(
        () =>
          panel.evaluate(async () => {
            const scripting: { getRegisteredContentScripts(): Promise<{ matches?: string[] }[]> } = Reflect.get(
              Reflect.get(globalThis, 'chrome'),
              'scripting',
            );
            return (await scripting.getRegisteredContentScripts()).flatMap((script) => script.matches ?? []).sort();
          }),
        { timeout: 10_000 },
      )
      .toEqual([`http://${host(sites.a)}/*`, `http://${host(sites.b)}/*`]);
    expect(await panel.getByText(/Site access was not granted/).count()).toBe(0);

    // 3. In a second tab: the portal on site A, then a link to site B, which the journey's step 2 watches for.
    const site = await browser.context.newPage();
    await site.bringToFront();
    await site.goto(`${sites.a}/index.html`);
    await expect
      .poll(async () => pagePaths(await stored(panel)), { timeout: 10_000 })
      .toEqual([`${sites.a}/index.html`]);
    await site.getByRole('link', { name: 'Go to the approval site' }).click();
    await site.waitForURL(`${sites.b}/index.html`);
    await expect
      .poll(async () => (await stored(panel)).stepMarks.map((m) => [m.name, m.source]), { timeout: 10_000 })
      .toEqual([
        [STEPS[0], 'manual'],
        [STEPS[1], 'auto'],
      ]);
    const currentStep = panel.getByRole('region', { name: 'Current step' });
    await expect.poll(() => currentStep.textContent()).toBe(`Step 2 of 3${STEPS[1]}detected`);

    // 4. Switch to the panel's tab and mark the next step by hand.
    await panel.bringToFront();
    await panel.getByRole('button', { name: /^Next step/ }).click();
    await panel.getByText('Step 3 of 3', { exact: true }).waitFor();
    await expect.poll(() => currentStep.textContent()).toBe(`Step 3 of 3${STEPS[2]}`);

    // 5. Pause while waiting for an approval (long enough to show on the clock), then resume.
    await panel.getByRole('button', { name: 'Pause' }).click();
    await panel.getByRole('radio', { name: 'Waiting for an approval' }).check();
    await panel.getByLabel('Detail (optional)').fill('manager sign-off');
    await panel.getByRole('button', { name: 'Start pause' }).click();
    await panel.getByText('Paused', { exact: true }).waitFor();
    await expect
      .poll(async () => clockSeconds(await panel.locator('.pause-length').textContent()), { timeout: 5_000 })
      .toBeGreaterThanOrEqual(1);
    await panel.getByRole('button', { name: 'Resume' }).click();
    // Step 3 of 3 is the last: "Pause" is back, beside Finish (no "Next step" past the journey's end).
    await panel.getByRole('button', { name: 'Pause' }).waitFor();

    // 6. Back on the page, the sampler clicks the toolbar button (which lets the extension capture this tab),
    // then writes a note with a screenshot in the panel, which stays where it is, as a side panel would.
    await site.bringToFront();
    await clickToolbarButton(browser, site);
    await panel.getByRole('button', { name: 'Note', exact: true }).click();
    await panel.getByRole('textbox', { name: 'Note', exact: true }).fill(NOTE);
    await panel.getByRole('checkbox', { name: 'Attach screenshot of the current tab' }).check();
    await panel.getByRole('button', { name: 'Save note' }).click();
    await panel.getByText('Note saved with a screenshot.').waitFor();
    await panel.getByText(NOTE).waitFor();

    // Tab switches: the new tab, the panel's tab, the page again (all while running).
    await expect.poll(async () => totalEffort(await stored(panel)).tabSwitches, { timeout: 10_000 }).toBe(3);
    const beforeStop = await stored(panel);
    expect(beforeStop.notes.map((n) => n.text)).toEqual([NOTE]);
    const screenshotId = beforeStop.notes[0]?.screenshotId;
    if (screenshotId === undefined) throw new Error('the note has no screenshot');
    const attachment = await readAttachment(panel, screenshotId);
    expect(attachment).toMatchObject({ type: 'image/jpeg', blobType: 'image/jpeg', bytes: attachment?.blobSize });
    expect(attachment?.blobSize).toBeGreaterThan(1000);

    // 7. The browser stops the service worker mid-walkthrough. The page in front wakes a new one within a
    // second (its keep-alive), so the click that leaves the page is counted; the next page's visit is recorded
    // into the same walkthrough.
    const background = await followBackground(panel);
    try {
      await background.stop();
      const stoppedAt = background.statuses.length;
      await expect.poll(() => background.statuses.slice(stoppedAt), { timeout: 10_000 }).toContain('running');
      await site.getByRole('link', { name: 'Approve' }).click();
      await site.waitForURL(`${sites.b}/done.html`);
      await expect
        .poll(async () => pagePaths(await stored(panel)), { timeout: 10_000 })
        .toEqual([`${sites.a}/index.html`, `${sites.b}/index.html`, `${sites.b}/done.html`]);
    } finally {
      await background.detach();
    }
    const afterStop = await stored(panel);
    expect(afterStop.id).toBe(beforeStop.id);
    expect(afterStop.status).toBe('running');
    expect(marksOf(afterStop)).toEqual(marksOf(beforeStop));
    expect(afterStop.pauses).toEqual(beforeStop.pauses);
    expect(afterStop.notes).toEqual(beforeStop.notes);
    expect(afterStop.pages.slice(0, 2).map(({ id, url, atMs }) => ({ id, url, atMs }))).toEqual(
      beforeStop.pages.map(({ id, url, atMs }) => ({ id, url, atMs })),
    );
    expect(afterStop.interruptions).toEqual([]);

    // The evidence settles: three page loads, two link clicks, and the load timings of every page.
    await expect
      .poll(async () => totalEffort(await stored(panel)), { timeout: 10_000 })
      .toEqual({ clicks: 2, keyPresses: 0, pageLoads: 3, tabSwitches: 3 });
    await expect
      .poll(
        async () =>
          (await stored(panel)).pages.every(
            (p) => p.timings.ttfbMs !== undefined && p.timings.domContentLoadedMs !== undefined,
          ),
        { timeout: 10_000 },
      )
      .toBe(true);

    // 8. Finish as completed and rate.
    await finishAsCompleted(panel, JOURNEY);
    await rateAndSave(panel, {
      seq: 5,
      cesQuestion: 'The service made it easy for me to reset a password',
      ces: 6,
      satisfaction: 4,
      comment: COMMENT,
    });
    await panel.getByText(/^Saved “Reset a password” \(\d\d:\d\d, completed\)\. It is in History\.$/).waitFor();

    expect(await readStore(panel, 'recordings')).toEqual([]);
    const rows = z.array(walkthroughSchema).parse(await readStore(panel, 'walkthroughs'));
    expect(rows).toHaveLength(1);
    const [walkthrough] = rows;
    if (!walkthrough) throw new Error('no walkthrough saved');
    expect(walkthrough.id).toBe(beforeStop.id);
    expect(walkthrough.outcome).toBe('completed');
    expect(walkthrough.ratings).toEqual({ seq: 5, ces: 6, satisfaction: 4, comment: COMMENT });
    expect(walkthrough.stepMarks.map((m) => [m.name, m.source])).toEqual([
      [STEPS[0], 'manual'],
      [STEPS[1], 'auto'],
      [STEPS[2], 'manual'],
    ]);
    expect(walkthrough.pauses.map((p) => [p.reason, p.detail])).toEqual([['approval', 'manager sign-off']]);
    expect(walkthrough.notes.map((n) => [n.text, n.screenshotId])).toEqual([[NOTE, screenshotId]]);
    expect(pagePaths(walkthrough)).toEqual([`${sites.a}/index.html`, `${sites.b}/index.html`, `${sites.b}/done.html`]);

    // 9. History: the walkthrough in the list, then its detail, checked against the stored marks.
    const history = await browser.openPage('walkthroughs.html');
    await history.getByRole('heading', { level: 1, name: 'Walkthrough history' }).waitFor();
    await history.getByRole('button', { name: JOURNEY, exact: true }).click();
    await history.getByRole('heading', { level: 2, name: JOURNEY }).waitFor();
    expect(history.url()).toBe(browser.url(`walkthroughs.html#/walkthrough/${walkthrough.id}`));

    const facts = await history
      .locator('dl.facts')
      .first()
      .evaluate((dl) =>
        Object.fromEntries(
          [...dl.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]),
        ),
      );
    const pausedMs = walkthrough.pauses.reduce((sum, p) => sum + p.endMs - p.startMs, 0);
    expect(pausedMs).toBeGreaterThanOrEqual(1000);
    expect(facts).toMatchObject({
      Outcome: 'Completed',
      Elapsed: formatDuration(walkthrough.elapsedMs),
      Active: formatDuration(walkthrough.elapsedMs - pausedMs),
      Paused: formatDuration(pausedMs),
    });

    const expected = expectedSteps(walkthrough);
    // The steps tile the walkthrough from the first mark to the end.
    expect(expected.reduce((sum, s) => sum + s.durationMs, 0)).toBe(
      walkthrough.elapsedMs - (walkthrough.stepMarks[0]?.atMs ?? 0),
    );
    const steps = history.locator('ol.steps > li');
    await expect.poll(() => steps.count()).toBe(expected.length);
    for (const [i, step] of expected.entries()) {
      const item = steps.nth(i);
      expect(await item.locator('h4').textContent()).toBe(step.name);
      expect(await item.locator('.step-times').textContent()).toBe(step.times);
      expect(await item.locator('.effort').textContent()).toBe(step.effort);
      expect(await tableRows(item)).toEqual(step.pages);
      if (step.pages.length > 0) {
        const toggle = item.getByRole('button', { name: `${plural(step.pages.length, 'page')} visited` });
        expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      }
      expect(
        await item.locator('.remarks > li').evaluateAll((items) => items.map((li) => li.textContent?.trim() ?? '')),
      ).toEqual(step.notes);
    }
    // The page that reached the detected step is listed under it.
    expect(expected[1]?.pages.map(([url]) => url)).toEqual([`${sites.b}/index.html`]);
    // Every page visited appears once, with its load timings.
    expect(expected.flatMap((s) => s.pages.map(([url]) => url)).sort()).toEqual(pagePaths(walkthrough).sort());
    for (const [, , timings] of expected.flatMap((s) => s.pages)) expect(timings).toMatch(/^TTFB \d/);

    const note = walkthrough.notes[0];
    if (!note) throw new Error('no note');
    const screenshot = history.getByRole('img', { name: `Screenshot with the note at ${formatOffset(note.atMs)}` });
    await expect
      .poll(() => screenshot.evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(site.viewportSize()?.width);
    const pause = walkthrough.pauses[0];
    if (!pause) throw new Error('no pause');
    await history
      .getByText(
        `${formatOffset(pause.startMs)}–${formatOffset(pause.endMs)} (${formatDuration(pause.endMs - pause.startMs)}): Waiting for approval — manager sign-off`,
      )
      .waitFor();
    expect(await history.getByRole('heading', { name: /^Interrupted/ }).count()).toBe(0);

    // 10. Export this walkthrough as JSON: a real download that parses with the shared schema.
    const downloading = history.waitForEvent('download');
    await history.getByRole('button', { name: 'Export this walkthrough as JSON' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`journey-sampler-walkthrough-${walkthrough.id}.json`);
    const exported = z.array(walkthroughSchema).parse(JSON.parse(await readFile(await download.path(), 'utf8')));
    expect(exported).toEqual([walkthrough]);

    await history.close();
    await site.close();
    await panel.close();
  }, 120_000);
});
