// What the recording content script costs the pages a sampler walks.
// - Size: the built content scripts (.output/chrome-mv3/content-scripts/*.js), gzipped with zlib, against the
//   10 KB budget.
// - Load and main-thread blocking: the same local test page (tests/browser/sites/a/form.html) loaded with the
//   recording off (no script registered) and on (registered at document_start by the background, as for a
//   sampler), in alternating short blocks (4 loads after an uncounted one) so drift on a busy machine hits both
//   alike. Goal: the median load with the recording on at most 1.1x the median with it off. Per load: loadEventEnd from Navigation
//   Timing, and every 'longtask' entry (a PerformanceObserver installed before the page's first script); the
//   last load of each block also gets clicks and key presses (trusted input, so the script counts them and
//   sends effort messages) and a wait for the script's one-second flush.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '../tests/helpers/browser.ts';
import { drive } from './extension-driver.ts';
import { bytes, count, ms, percentile, type Row } from './report.ts';

export const CONTENT_SCRIPT_GOAL_BYTES = 10 * 1024;
/** Recording must be nearly invisible to the pages walked: their load at most this much slower. */
export const LOAD_GOAL_RATIO = 1.1;
const LONG_TASK_MS = 50;

/** One row per built content script: its gzip size against the budget. */
export const contentScriptSizeRows = async (extensionDir: string): Promise<Row[]> => {
  const dir = join(extensionDir, 'content-scripts');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.js')).sort();
  return Promise.all(
    files.map(async (file) => {
      const source = await readFile(join(dir, file));
      const gzipped = gzipSync(source).length;
      return {
        name: `content script ${file}, gzip (${(source.length / 1024).toFixed(1)} KB raw)`,
        baseline: null,
        measured: bytes(gzipped),
        goal: { text: '< 10 KB gzip', met: gzipped < CONTENT_SCRIPT_GOAL_BYTES },
      };
    }),
  );
};

/** Installed in every document of the test tab before its scripts run: collects long task durations. */
const LONG_TASK_OBSERVER = `
  globalThis.__benchLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) globalThis.__benchLongTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
`;

/** loadEventEnd of the current document, once the browser has set it (just after the load handlers). */
const LOAD_EVENT_END = `new Promise((resolve) => {
  const check = () => {
    const entry = performance.getEntriesByType('navigation')[0];
    if (entry && entry.loadEventEnd > 0) resolve(entry.loadEventEnd);
    else setTimeout(check, 5);
  };
  check();
})`;

/** Starts (or discards) an ad-hoc recording and waits until the background has (un)registered the script. */
const setRecording = (driver: Page, on: boolean): Promise<void> =>
  drive(
    driver,
    async (d, on) => {
      await d.recorder.discard();
      if (on) {
        const started = await d.recorder.start(
          { adHocName: 'Page overhead bench' },
          { browser: 'Chromium', os: 'Linux' },
        );
        if (!started.ok) throw new Error(started.error.message);
      }
      await d.announceRecordingChanged();
      for (let i = 0; i < 100; i += 1) {
        if ((await d.registeredScripts()).length > 0 === on) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the content script registration did not follow the recording (${on ? 'on' : 'off'})`);
    },
    on,
  );

/** Clicks and key presses the recording counts, over a little more than one flush interval. */
const interact = async (tab: Page): Promise<void> => {
  for (let i = 0; i < 10; i += 1) {
    await tab.click('#user');
    await tab.keyboard.type('abcde');
    await tab.click('#noop');
  }
  await tab.waitForTimeout(1_100);
};

type Load = { loadMs: number; longTasks: number[] };

const loadOnce = async (tab: Page, url: string, withInput: boolean): Promise<Load> => {
  await tab.goto(url, { waitUntil: 'load' });
  const loadMs = Number(await tab.evaluate(LOAD_EVENT_END));
  if (withInput) await interact(tab);
  const longTasks = (await tab.evaluate('globalThis.__benchLongTasks')) as number[];
  return { loadMs, longTasks };
};

/** Blocks the test page's main thread for 80 ms: the observer must report it, or the counts above mean nothing. */
const checkObserver = async (tab: Page): Promise<void> => {
  // In a task of the page's own (code run by a DevTools evaluate is not reported as a long task).
  await tab.evaluate('setTimeout(() => { const end = performance.now() + 80; while (performance.now() < end); })');
  await tab.waitForTimeout(200);
  const seen = (await tab.evaluate('globalThis.__benchLongTasks')) as number[];
  if (!seen.some((d) => d > LONG_TASK_MS)) throw new Error('the longtask observer missed an 80 ms task');
};

/** Clicks counted in the running recording: proof that the script ran and reported effort. */
const countedClicks = (driver: Page): Promise<number> =>
  drive(
    driver,
    async (d) => (await d.recorder.current())?.stepMarks.reduce((sum, m) => sum + (m.effort?.clicks ?? 0), 0) ?? 0,
    null,
  );

export const pageOverheadBench = async (
  browser: ExtensionBrowser,
  driver: Page,
  site: string,
  { blocks = 8, loadsPerBlock = 4 } = {},
): Promise<Row[]> => {
  const url = `${site}/form.html`;
  const tab = await browser.context.newPage();
  await tab.addInitScript(LONG_TASK_OBSERVER);
  await tab.bringToFront();
  const loads: Record<'on' | 'off', Load[]> = { on: [], off: [] };
  try {
    for (let block = 0; block < blocks; block += 1) {
      const mode = block % 2 === 0 ? 'off' : 'on';
      await setRecording(driver, mode === 'on');
      await loadOnce(tab, url, false); // warm-up: not counted
      for (let i = 0; i < loadsPerBlock; i += 1) loads[mode].push(await loadOnce(tab, url, i === loadsPerBlock - 1));
      if (mode === 'on' && (await countedClicks(driver)) === 0) {
        throw new Error('recording on, but no click reached the recording: the content script did not run');
      }
    }
    await checkObserver(tab);
  } finally {
    await tab.close();
    await setRecording(driver, false);
  }
  const long = (mode: 'on' | 'off') => loads[mode].flatMap((l) => l.longTasks).filter((d) => d > LONG_TASK_MS);
  const blocking = (mode: 'on' | 'off') => long(mode).reduce((sum, d) => sum + d - LONG_TASK_MS, 0);
  const loadMs = (mode: 'on' | 'off') =>
    percentile(
      loads[mode].map((l) => l.loadMs),
      50,
    );
  const n = loads.on.length;
  const longOn = long('on').length;
  return [
    {
      name: `test page load (loadEventEnd), recording on vs off, median of ${n}`,
      baseline: ms(loadMs('off')),
      measured: ms(loadMs('on')),
      goal: { text: `<= ${LOAD_GOAL_RATIO}x off`, met: loadMs('on') <= LOAD_GOAL_RATIO * loadMs('off') },
    },
    {
      name: `long tasks > ${LONG_TASK_MS} ms over ${n} loads + clicks/keys, recording on vs off`,
      baseline: count(long('off').length),
      measured: count(longOn),
      goal: { text: 'none', met: longOn === 0 },
    },
    {
      name: `total blocking time (sum of long task - ${LONG_TASK_MS} ms), same loads, recording on vs off`,
      baseline: ms(blocking('off')),
      measured: ms(blocking('on')),
      goal: null,
    },
  ];
};
