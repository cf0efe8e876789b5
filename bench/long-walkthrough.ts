// A long walkthrough recorded through the recorder in real Chromium: 500 steps, 2,000 page visits, 50 notes with
// a screenshot each. Does the extension's memory stay flat while it grows?
//
// The driver page plays the side panel (it stays open for the whole walkthrough and calls the recorder for
// marks, notes and most page visits); the service worker does what it does for real page loads: one page load
// in 20 is a real navigation of a tab on a local test site, reported by the recording content script. The JS
// heap of both (after a forced garbage collection, over the DevTools protocol) is read after a warm-up (the
// first 10% of the walkthrough: code compiled, caches filled), in the middle and at the end, each time once the
// background has caught up with the loads (its queue of evidence messages is memory too, and it falls behind
// when loads come faster than it can rewrite a large recording). "Flat" means less
// than 1 MB more at the end than after the warm-up: under 500 bytes kept per page visit, far less than any
// copy of the recording (hundreds of KB by then) kept per action would take.
//
// Marks are also timed here (with the raw-put baseline of bench/mark-step.ts: a put of the row the mark stored),
// while the background works through real page loads: this is the mark on a recording holding up to 2,000 visits
// and 500 steps.
// Each page visit goes to the recorder with its timings in one call (one transaction); a real load costs the
// background a few (the visit, the load's effort, the timings when they arrive).
//
// Ends by completing the walkthrough (rated), so history-list.ts can open its detail.
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '../tests/helpers/browser.ts';
import { drive, heapReader } from './extension-driver.ts';
import { markRows } from './mark-step.ts';
import { bytes, type Row } from './report.ts';

const STEPS = 500;
const VISITS = 2000;
const SCREENSHOTS = 50;
/** One batch: the driver page's share of visits, marks and notes, then one real page load in the tab. */
const BATCHES = 100;
const WARMUP_BATCHES = 10;
const FLAT_GROWTH_BYTES = 1024 * 1024;

type BatchTimings = { mark: number[]; raw: number[] };

/** Runs in the extension page: a JPEG of a screen's size, made once and kept in a global for the notes. */
const makeScreenshot = (driver: Page) =>
  drive(
    driver,
    async () => {
      const canvas = new OffscreenCanvas(1280, 800);
      const g = canvas.getContext('2d');
      if (!g) throw new Error('no 2d context');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, 1280, 800);
      g.fillStyle = '#246';
      for (let y = 20; y < 800; y += 18) g.fillText(`Line ${y}: a form field, a label, a button and some text`, 20, y);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
      Reflect.set(globalThis, 'benchScreenshot', blob);
      return blob.size;
    },
    null,
  );

/** Runs in the extension page: one batch of the walkthrough's recorder calls, marks timed against raw puts. */
const recordBatch = (driver: Page, batch: { index: number; visits: number; marks: number; note: boolean }) =>
  drive(
    driver,
    async (d, { index, visits, marks, note }) => {
      const baseline = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('bench-long-baseline', 1);
        request.onupgradeneeded = () => request.result.createObjectStore('records', { keyPath: 'id' });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const out: { mark: number[]; raw: number[] } = { mark: [], raw: [] };
      const markEvery = Math.floor(visits / Math.max(1, marks));
      for (let i = 0; i < visits; i += 1) {
        const visitId = d.newId();
        const url = `https://portal.example.com/area/${index % 10}/page/${index * visits + i}/`;
        const timings = { ttfbMs: 120 + (i % 50), domContentLoadedMs: 600, loadMs: 900, lcpMs: 1_100, cls: 0.02 };
        const visited = await d.recorder.pageVisited({ visitId, url, timings });
        if (!visited.ok) throw new Error(visited.error.message);
        if (out.mark.length < marks && i % markEvery === markEvery - 1) {
          const t = performance.now();
          const marked = await d.recorder.markNextStep();
          out.mark.push(performance.now() - t);
          if (!marked.ok) throw new Error(marked.error.message);
          const row = await d.storedRecordingRow(marked.value.id);
          out.raw.push(
            await new Promise<number>((resolve, reject) => {
              const started = performance.now();
              const tx = baseline.transaction('records', 'readwrite');
              tx.objectStore('records').put(row);
              tx.oncomplete = () => resolve(performance.now() - started);
              tx.onabort = () => reject(tx.error);
            }),
          );
        }
      }
      if (note) {
        const shot: Blob = Reflect.get(globalThis, 'benchScreenshot');
        const added = await d.recorder.addNote({
          text: `Screen at batch ${index}`,
          screenshot: new Blob([shot], { type: shot.type }),
        });
        if (!added.ok) throw new Error(added.error.message);
      }
      baseline.close();
      return out;
    },
    batch,
  );

/** Waits until the recording holds `visits` page visits (the background may still be working through loads). */
const waitForVisits = (driver: Page, visits: number) =>
  drive(
    driver,
    async (d, visits) => {
      for (let i = 0; i < 1200; i += 1) {
        const recording = await d.recorder.current();
        const n = recording === null ? 0 : (await d.recorder.pages(recording.id)).length;
        if (n >= visits) return n;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the recording did not reach ${visits} page visits`);
    },
    visits,
  );

export type LongWalkthroughResult = { rows: Row[]; walkthrough: { id: string; steps: number } };

export const longWalkthroughBench = async (
  browser: ExtensionBrowser,
  driver: Page,
  site: string,
): Promise<LongWalkthroughResult> => {
  const shotBytes = await makeScreenshot(driver);
  await drive(
    driver,
    async (d) => {
      await d.recorder.discard();
      const started = await d.recorder.start({ adHocName: 'Long walkthrough' }, { browser: 'Chromium', os: 'Linux' });
      if (!started.ok) throw new Error(started.error.message);
      await d.announceRecordingChanged();
    },
    null,
  );
  const tab = await browser.context.newPage();
  await tab.bringToFront();
  const pageHeap = await heapReader(driver, 'page');
  const workerHeap = await heapReader(driver, 'service-worker');
  const heaps: { page: number; worker: number }[] = [];
  const readHeaps = async () =>
    heaps.push({ page: await pageHeap.usedAfterGc(), worker: await workerHeap.usedAfterGc() });
  const timings: BatchTimings = { mark: [], raw: [] };
  const pageVisitsPerBatch = VISITS / BATCHES - 1; // and one real load
  const marksPerBatch = (STEPS - 1) / BATCHES; // the first step is marked at start
  try {
    for (let index = 0; index < BATCHES; index += 1) {
      const marks = Math.round((index + 1) * marksPerBatch) - Math.round(index * marksPerBatch);
      const note = index % (BATCHES / SCREENSHOTS) === 0;
      const t = await recordBatch(driver, { index, visits: pageVisitsPerBatch, marks, note });
      timings.mark.push(...t.mark);
      timings.raw.push(...t.raw);
      await tab.goto(`${site}/${index % 2 === 0 ? 'index' : 'form'}.html`, { waitUntil: 'load' });
      if (index === WARMUP_BATCHES - 1 || index === BATCHES / 2 - 1) {
        await waitForVisits(driver, ((index + 1) * VISITS) / BATCHES);
        await readHeaps();
      }
    }
    await waitForVisits(driver, VISITS);
    await readHeaps();
  } finally {
    await Promise.all([pageHeap.detach(), workerHeap.detach(), tab.close()]);
  }
  const completed = await drive(
    driver,
    async (d) => {
      const finished = await d.recorder.finish({ outcome: 'completed' });
      if (!finished.ok) throw new Error(finished.error.message);
      const done = await d.recorder.complete({ ratings: { seq: 5, ces: 5, satisfaction: 4 } });
      if (!done.ok) throw new Error(done.error.message);
      await d.announceRecordingChanged();
      const w = done.value;
      return { id: w.id, steps: w.stepMarks.length, pages: w.pages.length, notes: w.notes.length };
    },
    null,
  );
  await drive(
    driver,
    () => {
      indexedDB.deleteDatabase('bench-long-baseline');
    },
    null,
  );
  const [start, middle, end] = heaps;
  if (!start || !middle || !end) throw new Error('heap not read three times');
  const size = `${completed.steps} steps / ${completed.pages} visits / ${completed.notes} screenshots of ${(shotBytes / 1024).toFixed(0)} KB`;
  const heapRow = (what: string, pick: (h: { page: number; worker: number }) => number): Row => ({
    name: `${what} JS heap over a long walkthrough (${size}), after warm-up -> end (middle ${(pick(middle) / 1024 / 1024).toFixed(2)} MB)`,
    baseline: bytes(pick(start)),
    measured: bytes(pick(end)),
    goal: { text: 'flat: grows < 1 MB', met: pick(end) - pick(start) < FLAT_GROWTH_BYTES },
  });
  return {
    rows: [
      heapRow('extension page (side panel role)', (h) => h.page),
      heapRow('service worker', (h) => h.worker),
      ...markRows(`mark step during that walkthrough (recording up to ${VISITS} visits)`, timings.mark, timings.raw),
    ],
    walkthrough: { id: completed.id, steps: completed.steps },
  };
};
