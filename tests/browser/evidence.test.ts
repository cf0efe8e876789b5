// Evidence capture in the real browser: the BUILT extension (npx wxt build) in Chromium, two local sites on two
// loopback hosts, a recording started through the same recorder code the side panel ships (bundled from
// tests/browser/sites/extension-driver.ts and evaluated in an extension page), and the result read back from
// IndexedDB with the raw API.
//
// Site access: Chromium shows permissions.request() as a dialog no automation can click, and headless has no
// way to accept it. So the test first grants the origins the way a user can in chrome://extensions ("Site
// access" -> "On specific sites"), through that page's own chrome.developerPrivate.addHostPermission
// (grantInExtensionsPage in tests/helpers/extension-controls.ts); then
// the extension's requestSiteAccess(), called in a real click, resolves true without a dialog, because
// Chromium does not prompt again for origins the user already granted (PermissionsRequestFunction). So the
// grant path the sampler uses (permissions.request in the Start click) is the one exercised.
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '../../extension/db/recording.ts';
import type { MessageResponse } from '../../extension/messaging/protocol.ts';
import { visitsOf } from '../../extension/recorder/recording-pages.ts';
import { assembleRecording } from '../../extension/recorder/testing/assemble-recording.ts';
import type { PageVisit, StepMark } from '../../shared/schemas/index.ts';
import { makeJourney } from '../fixtures/make-journey.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { type ExtensionBrowser, launchExtension } from '../helpers/browser.ts';
import { followBackground, grantInExtensionsPage } from '../helpers/extension-controls.ts';
import type { Driver } from './sites/extension-driver.ts';
import { serveSites, type TestSites } from './sites/serve-sites.ts';

const DRIVER_ENTRY = fileURLToPath(new URL('./sites/extension-driver.ts', import.meta.url));
const DRIVER_GLOBAL = 'journeySamplerDriver';

let sites: TestSites | undefined;
let launched: ExtensionBrowser | undefined;
let driverPage: Page | undefined;

const setup = (): { sites: TestSites; browser: ExtensionBrowser; driver: Page } => {
  if (!sites || !launched || !driverPage) throw new Error('beforeAll did not start the sites and the browser');
  return { sites, browser: launched, driver: driverPage };
};

/** The driver as one iife script, built with the project's vite (no extra dependency). */
const bundleDriver = async (): Promise<string> => {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    publicDir: false,
    build: {
      write: false,
      minify: false,
      lib: { entry: DRIVER_ENTRY, formats: ['iife'], name: 'journeySamplerDriverBundle' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const output of outputs) {
    if ('output' in output) {
      const chunk = output.output.find((file) => file.type === 'chunk');
      if (chunk && chunk.type === 'chunk') return chunk.code;
    }
  }
  throw new Error('vite produced no driver bundle');
};

/**
 * Runs `fn(driver, arg)` in the extension page. The source is sent as a string expression: the DevTools
 * protocol compiles it, which the page's CSP (no eval) does not govern. `fn` may use nothing but its
 * parameters and the page's globals; `arg` must survive JSON.
 */
const drive = async <R, A>(page: Page, fn: (driver: Driver, arg: A) => R | Promise<R>, arg: A): Promise<R> =>
  page.evaluate(`(${fn.toString()})(globalThis.${DRIVER_GLOBAL}, ${JSON.stringify(arg)})`);

/** The recording with its page visits, which are stored in their own table (`recordingPages`). */
type StoredRecording = Recording & { pages: PageVisit[] };

/**
 * The stored recording, read with the raw IndexedDB API and parsed with the recorder's schemas (its row and its
 * sealed step marks), with its page visits read in the same transaction.
 */
const readRecording = async (page: Page): Promise<StoredRecording | null> => {
  const { rows, pages, chunks } = await page.evaluate(
    () =>
      new Promise<{ rows: unknown[]; pages: unknown[]; chunks: unknown[] }>((resolve, reject) => {
        const open = indexedDB.open('journey-sampler');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['recordings', 'recordingPages', 'recordingMarkChunks'], 'readonly');
          const request = tx.objectStore('recordings').getAll();
          const pageRequest = tx.objectStore('recordingPages').getAll();
          const chunkRequest = tx.objectStore('recordingMarkChunks').getAll();
          tx.onerror = () => reject(tx.error);
          tx.oncomplete = () => {
            db.close();
            resolve({ rows: request.result, pages: pageRequest.result, chunks: chunkRequest.result });
          };
        };
      }),
  );
  expect(rows.length).toBeLessThanOrEqual(1);
  if (rows.length === 0) return null;
  const recording = assembleRecording(rows[0], chunks);
  return { ...recording, pages: visitsOf(recording.id, pages) };
};

const stored = async (page: Page): Promise<StoredRecording> => {
  const recording = await readRecording(page);
  if (!recording) throw new Error('no recording in IndexedDB');
  return recording;
};

const pagePaths = (recording: StoredRecording): string[] => recording.pages.map((p) => p.url);

const totalEffort = (marks: readonly StepMark[]) =>
  marks.reduce(
    (sum, mark) => ({
      clicks: sum.clicks + (mark.effort?.clicks ?? 0),
      keyPresses: sum.keyPresses + (mark.effort?.keyPresses ?? 0),
      pageLoads: sum.pageLoads + (mark.effort?.pageLoads ?? 0),
      tabSwitches: sum.tabSwitches + (mark.effort?.tabSwitches ?? 0),
    }),
    { clicks: 0, keyPresses: 0, pageLoads: 0, tabSwitches: 0 },
  );

/** Read from an extension page: the worker may have been stopped, and Playwright does not see it restart. */
const registeredScripts = (page: Page) => drive(page, (d) => d.registeredScripts(), null);

/** The journey walked in the tests: one step per page, over both sites. */
const journeyFor = (sites: TestSites) => {
  const ids = createIdGenerator(0xe1);
  const host = (origin: string) => new URL(origin).hostname;
  return makeJourney({
    steps: [
      { id: ids(), name: 'Open the portal', urlPatterns: [`http://${host(sites.a)}/index.html`] },
      { id: ids(), name: 'Fill in the form', urlPatterns: [`http://${host(sites.a)}/form.html`] },
      { id: ids(), name: 'Get approval', urlPatterns: [`http://${host(sites.b)}/done.html`] },
    ],
  });
};

/**
 * What the side panel's Start button does first: requestSiteAccess(originsFor(journey)), synchronously in a
 * real click (Playwright's click is a trusted user gesture). Resolves with what requestSiteAccess resolved.
 */
const requestAccessInStartClick = async (page: Page, journey: ReturnType<typeof journeyFor>): Promise<boolean> => {
  await drive(
    page,
    (d, journey) => {
      document.getElementById('test-start')?.remove();
      const button = document.createElement('button');
      button.id = 'test-start';
      button.textContent = 'Start';
      button.addEventListener('click', () => {
        Reflect.set(globalThis, 'siteAccess', d.requestSiteAccess(d.originsFor(journey)));
      });
      document.body.prepend(button);
    },
    journey,
  );
  await page.bringToFront();
  await page.click('#test-start');
  return page.evaluate(() => Reflect.get(globalThis, 'siteAccess'));
};

/** Start (after discarding any leftover), then tell the background, as the side panel does. */
const startRecording = async (page: Page, journey: ReturnType<typeof journeyFor>): Promise<Recording> => {
  // Granted already (by the first test, or here when a test runs alone): then no dialog, it just resolves.
  expect(await requestAccessInStartClick(page, journey)).toBe(true);
  const started = await drive(
    page,
    async (driver, journey) => {
      await driver.recorder.discard();
      const result = await driver.recorder.start({ journey }, { browser: 'Chromium', os: 'Linux' });
      await driver.announceRecordingChanged();
      return result;
    },
    journey,
  );
  if (!started.ok) throw new Error(`start refused: ${started.error.message}`);
  return started.value;
};

const discardRecording = (page: Page): Promise<MessageResponse | undefined> =>
  drive(
    page,
    async (driver) => {
      await driver.recorder.discard();
      return driver.announceRecordingChanged();
    },
    null,
  );

/** A new tab at `url`, brought to the front so it is the active tab of its window. */
const openTab = async (browser: ExtensionBrowser, url: string): Promise<Page> => {
  const page = await browser.context.newPage();
  await page.bringToFront();
  await page.goto(url);
  return page;
};

const visitTo = (recording: StoredRecording, url: string): PageVisit | undefined =>
  recording.pages.find((visit) => visit.url === url);

beforeAll(async () => {
  const [servedSites, driverSource] = await Promise.all([serveSites(), bundleDriver()]);
  sites = servedSites;
  launched = await launchExtension();
  await grantInExtensionsPage(
    launched,
    [`${sites.a}/*`, `${sites.b}/*`].map((o) => o.replace(/:\d+\/\*$/, '/*')),
  );
  driverPage = await launched.openPage('options.html');
  await driverPage.evaluate(driverSource);
});

afterEach(async () => {
  // Each test starts from no recording, no registration and only the driver page open.
  const { browser, driver } = setup();
  for (const page of browser.context.pages()) if (page !== driver) await page.close();
  await discardRecording(driver);
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

describe('site access and evidence capture registration', () => {
  it('asks for the journey origins inside the Start click; registers capture only while recording', async () => {
    const { sites, browser, driver } = setup();
    const journey = journeyFor(sites);

    // A tab already open on site A before Start: injected at Start, listed once switched to (not before: a tab
    // left open is not part of the walkthrough until used), and not as a page load.
    const openBefore = await openTab(browser, `${sites.a}/index.html`);
    expect(await registeredScripts(driver)).toEqual([]);

    const granted = () => drive(driver, (d) => d.grantedOrigins(), null);
    expect(await granted()).toEqual([]);
    expect(await requestAccessInStartClick(driver, journey)).toBe(true);
    expect((await granted()).sort()).toEqual(['http://127.0.0.1/*', 'http://127.0.0.2/*']);
    expect(await drive(driver, (d, journey) => d.originsFor(journey), journey)).toEqual([
      'http://127.0.0.1/*',
      'http://127.0.0.2/*',
    ]);

    await openBefore.bringToFront();
    await startRecording(driver, journey);
    const [script] = await registeredScripts(driver);
    expect(script?.matches?.sort()).toEqual(['http://127.0.0.1/*', 'http://127.0.0.2/*']);

    await openBefore.bringToFront();
    await expect
      .poll(async () => pagePaths(await stored(driver)), { timeout: 10_000 })
      .toContain(`${sites.a}/index.html`);
    const recording = await stored(driver);
    expect(totalEffort(recording.stepMarks).pageLoads).toBe(0);
    expect(recording.stepMarks).toHaveLength(1);

    await discardRecording(driver);
    expect(await registeredScripts(driver)).toEqual([]);
  });
});

describe('evidence from two sites in two tabs', () => {
  it('records visits with timings, effort, tab switches and auto-marked steps', async () => {
    const { sites, browser, driver } = setup();
    const journey = journeyFor(sites);
    await startRecording(driver, journey);

    const tab1 = await openTab(browser, `${sites.a}/index.html`);
    await tab1.getByRole('link', { name: 'Reset your password' }).click();
    await tab1.waitForURL(/form\.html/);
    await expect.poll(async () => (await stored(driver)).stepMarks.length, { timeout: 10_000 }).toBe(2);
    await tab1.getByLabel('User name').pressSequentially('jdoe');
    await tab1.getByRole('button', { name: 'Check' }).click();
    // Counts are flushed every second (and at once when a real tab is hidden, which headless tabs never are).
    await expect
      .poll(async () => (await stored(driver)).stepMarks[1]?.effort, { timeout: 10_000 })
      .toMatchObject({ keyPresses: 4, clicks: 1 });

    const tab2 = await openTab(browser, `${sites.b}/index.html`);
    await tab1.bringToFront();
    await tab2.bringToFront();
    await tab2.getByRole('link', { name: 'Approve' }).click();
    await tab2.waitForURL(/done\.html/);

    await expect
      .poll(async () => (await stored(driver)).stepMarks.map((m) => [m.name, m.source]), { timeout: 10_000 })
      .toEqual([
        ['Open the portal', 'manual'],
        ['Fill in the form', 'auto'],
        ['Get approval', 'auto'],
      ]);
    // LCP is final at the first input or when the page is hidden, CLS when it is hidden; the last clicks are
    // flushed as their page is left. So wait for the evidence to settle.
    await expect
      .poll(async () => visitTo(await stored(driver), `${sites.a}/index.html`)?.timings, { timeout: 10_000 })
      .toMatchObject({
        ttfbMs: expect.any(Number),
        domContentLoadedMs: expect.any(Number),
        loadMs: expect.any(Number),
        lcpMs: expect.any(Number),
        cls: expect.any(Number),
      });
    await expect
      .poll(async () => totalEffort((await stored(driver)).stepMarks), { timeout: 10_000 })
      .toEqual({
        // Two links and the Check button. Where a link's click lands (before or after the step it leads to) is
        // a race between the old page's last flush and the new page's visit, so only the total is exact.
        clicks: 3,
        keyPresses: 4,
        pageLoads: 4,
        // Tab 1 opened, tab 2 opened, back to tab 1, back to tab 2.
        tabSwitches: 4,
      });

    const recording = await stored(driver);
    expect(pagePaths(recording)).toEqual([
      `${sites.a}/index.html`,
      `${sites.a}/form.html`,
      `${sites.b}/index.html`,
      `${sites.b}/done.html`,
    ]);
    expect(visitTo(recording, `${sites.b}/done.html`)?.timings.ttfbMs).toEqual(expect.any(Number));
    // The load that reached a step is counted in it.
    expect(recording.stepMarks[2]?.effort?.pageLoads).toBe(1);
    // Visits are in time order.
    expect(recording.pages.map((p) => p.atMs)).toEqual([...recording.pages.map((p) => p.atMs)].sort((a, b) => a - b));
  });

  it('counts a same-document navigation as a visit, but not a query-only change', async () => {
    const { sites, browser, driver } = setup();
    await startRecording(driver, journeyFor(sites));
    const tab = await openTab(browser, `${sites.a}/spa.html`);
    await tab.getByRole('button', { name: 'Next view' }).click();
    await tab.getByRole('button', { name: 'Filter (query only)' }).click();
    await expect
      .poll(async () => pagePaths(await stored(driver)), { timeout: 10_000 })
      .toEqual([`${sites.a}/spa.html`, `${sites.a}/spa/details`]);
    // Barrier instead of a timer: two real clicks counted one after the other mean a full reporting tick ran
    // after the query-only change, and reports are applied in the order they were sent.
    const clicks = async () =>
      (await stored(driver)).stepMarks.reduce((sum, mark) => sum + (mark.effort?.clicks ?? 0), 0);
    // The two button clicks above first, then one more click per tick.
    await expect.poll(clicks, { timeout: 10_000 }).toBe(2);
    for (const counted of [3, 4]) {
      await tab.mouse.click(5, 5);
      await expect.poll(clicks, { timeout: 10_000 }).toBe(counted);
    }
    expect(pagePaths(await stored(driver))).toEqual([`${sites.a}/spa.html`, `${sites.a}/spa/details`]);
  });
});

describe('what a web page can and cannot do', () => {
  /** The content script's isolated world in `page`, found over CDP by the extension's name. */
  const isolatedWorld = async (page: Page): Promise<{ cdp: CDPSession; contextId: number }> => {
    const cdp = await page.context().newCDPSession(page);
    const contexts: { id: number; name: string; auxData?: { type?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
    await cdp.send('Runtime.enable');
    const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.name === 'Journey Sampler');
    if (!world) throw new Error(`no Journey Sampler world among ${contexts.map((c) => c.name).join(', ')}`);
    return { cdp, contextId: world.id };
  };

  const sendFromContentScript = async (page: Page, message: unknown): Promise<unknown> => {
    const { cdp, contextId } = await isolatedWorld(page);
    try {
      const { result } = await cdp.send('Runtime.evaluate', {
        contextId,
        expression: `chrome.runtime.sendMessage(${JSON.stringify(message)})`,
        awaitPromise: true,
        returnByValue: true,
      });
      return result.value;
    } finally {
      await cdp.detach();
    }
  };

  it('page scripts cannot message the extension or inflate effort; content scripts can only report evidence', async () => {
    const { sites, browser, driver } = setup();
    await startRecording(driver, journeyFor(sites));
    const tab = await openTab(browser, `${sites.a}/index.html`);
    await expect.poll(async () => (await stored(driver)).stepMarks[0]?.effort?.pageLoads, { timeout: 10_000 }).toBe(1);
    // The load timings of the visit arrive in a later message; wait for them so `before` is settled.
    await expect
      .poll(async () => (await stored(driver)).pages[0]?.timings.loadMs, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(0);
    const before = await stored(driver);

    // The page's own scripts: no runtime to talk to, and synthetic events are not counted.
    const pageSide = await tab.evaluate((extensionId) => {
      const chromeGlobal: unknown = Reflect.get(globalThis, 'chrome');
      const runtime: unknown = chromeGlobal && Reflect.get(Object(chromeGlobal), 'runtime');
      for (let i = 0; i < 20; i += 1) {
        document.body.dispatchEvent(new MouseEvent('click', { bubbles: true }));
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
      }
      window.postMessage({ type: 'recording-changed' }, '*');
      window.postMessage({ type: 'effort', clicks: 1000, keyPresses: 1000 }, '*');
      return { hasRuntimeSendMessage: typeof (runtime && Reflect.get(Object(runtime), 'sendMessage')), extensionId };
    }, browser.extensionId);
    expect(pageSide.hasRuntimeSendMessage).toBe('undefined');

    // The content script's world: evidence is accepted (and answered: sendResponse works in Chromium 156)...
    expect(await sendFromContentScript(tab, { type: 'effort', clicks: 0, keyPresses: 0 })).toEqual({
      ok: true,
      capturing: true,
    });
    // ...control messages, foreign or malformed reports are not.
    expect(await sendFromContentScript(tab, { type: 'recording-changed' })).toEqual({ ok: false, code: 'forbidden' });
    const visit = { type: 'page-visit', visitId: createIdGenerator(0x5ec)(), timings: {}, navigated: true };
    expect(await sendFromContentScript(tab, { ...visit, url: `${sites.b}/done.html` })).toEqual({
      ok: false,
      code: 'forbidden',
    });
    expect(await sendFromContentScript(tab, { ...visit, url: `${sites.a}/form.html?user=jdoe` })).toEqual({
      ok: false,
      code: 'invalid',
    });
    expect(await sendFromContentScript(tab, { ...visit, url: `${sites.a}/form.html`, extra: 1 })).toEqual({
      ok: false,
      code: 'invalid',
    });
    expect(await sendFromContentScript(tab, { type: 'discard' })).toEqual({ ok: false, code: 'invalid' });
    // An extension page cannot pose as a content script either.
    expect(await drive(driver, (d) => d.sendRaw({ type: 'effort', clicks: 5, keyPresses: 5 }), null)).toEqual({
      ok: false,
      code: 'forbidden',
    });

    // One real (trusted) click after all of that: once it is counted, every earlier flush has been applied, so
    // the counts prove the synthetic events and forged messages added nothing (no waiting on a timer).
    const clicksBefore = before.stepMarks[0]?.effort?.clicks ?? 0;
    await tab.mouse.click(5, 5);
    await expect
      .poll(async () => (await stored(driver)).stepMarks[0]?.effort?.clicks, { timeout: 10_000 })
      .toBe(clicksBefore + 1);
    const after = await stored(driver);
    const visitsOf = (r: typeof before) => r.pages.map(({ id, url, atMs }) => ({ id, url, atMs }));
    expect(visitsOf(after)).toEqual(visitsOf(before));
    expect(after.stepMarks.map(({ name, atMs }) => ({ name, atMs }))).toEqual(
      before.stepMarks.map(({ name, atMs }) => ({ name, atMs })),
    );
    expect(after.stepMarks[0]?.effort?.keyPresses).toBe(before.stepMarks[0]?.effort?.keyPresses);
  });
});

describe('a stopped service worker', () => {
  it('loses nothing: the registration survives and evidence is captured after the worker restarts', async () => {
    const { sites, browser, driver } = setup();
    await startRecording(driver, journeyFor(sites));
    const tab = await openTab(browser, `${sites.a}/index.html`);
    const background = await followBackground(driver);
    try {
      await expect.poll(async () => (await stored(driver)).pages.length, { timeout: 10_000 }).toBe(1);
      await background.stop();
      const stoppedAt = background.statuses.length;

      // The next evidence message wakes a new worker, which reads the recording from IndexedDB.
      await tab.getByRole('link', { name: 'Reset your password' }).click();
      await tab.waitForURL(/form\.html/);
      await tab.getByLabel('User name').pressSequentially('abc');
      await expect
        .poll(async () => pagePaths(await stored(driver)), { timeout: 10_000 })
        .toEqual([`${sites.a}/index.html`, `${sites.a}/form.html`]);
      expect(background.statuses.slice(stoppedAt)).toContain('running');
      await expect.poll(async () => (await stored(driver)).stepMarks.length, { timeout: 10_000 }).toBe(2);
      await expect
        .poll(async () => (await stored(driver)).stepMarks[1]?.effort?.keyPresses, { timeout: 10_000 })
        .toBe(3);
      expect((await registeredScripts(driver)).map((s) => s.id)).toEqual(['journey-sampler-evidence']);
    } finally {
      await background.detach();
    }
  });
});

describe('keyboard commands and screenshots', () => {
  it('declares mark-step and capture-screenshot with their shortcuts', async () => {
    // Playwright cannot press a browser-level shortcut; the handler is tested in extension/messaging.
    const commands = await drive(setup().driver, (d) => d.commands(), null);
    const ours = commands.filter(({ name }) => name !== '_execute_action');
    expect(
      ours.map(({ name, shortcut }) => ({ name, shortcut })).sort((a, b) => `${a.name}`.localeCompare(`${b.name}`)),
    ).toEqual([
      { name: 'capture-screenshot', shortcut: 'Alt+Shift+S' },
      { name: 'mark-step', shortcut: 'Alt+Shift+M' },
    ]);
  });

  it('cannot capture a granted site without activeTab (which only a shortcut or the toolbar button grants)', async () => {
    const { sites, browser, driver } = setup();
    const tab = await openTab(browser, `${sites.a}/index.html`);
    await tab.bringToFront();
    expect(await drive(driver, async (d) => (await d.captureVisibleTab()) === null, null)).toBe(true);
  });
});
