// The History page at 10,000 walkthroughs: its first page, and the detail of one long walkthrough (500 steps,
// 2,000 page visits). Each is reported as a ratio to a baseline measured in the same run on the same data: a
// raw IndexedDB read of the same rows (one getAll of the newest page's records from the startedAt index; one get
// of the long record).
// The ratio says what the page's work costs on top of the cheapest read any list or detail must do.
//
// Two places to measure, both exported (bench/run.ts decides which to run):
// - historyBenchChromium(): the BUILT extension (npx wxt build) in real Chromium. The page is driven as a
//   sampler drives it and timed from the event to the rows (or the last step) being in the DOM: query, schema
//   parse, shared/domain durations and Preact rendering included. Seeding uses the raw IndexedDB API from
//   the extension page; nothing test-only ships.
// - historyBenchFakeIndexedDb(): the same extension/history functions in Node over fake-indexeddb (no browser
//   needed; fake-indexeddb's costs are not Chromium's, so compare ratios within one run only).
// historyBenchChromium can also run in a browser already started by the caller, and open a walkthrough the caller
// stored there (bench/long-walkthrough.ts records one through the recorder) instead of the synthetic long one.
import { Dexie } from 'dexie';
import type { Page } from 'playwright-core';
import type { PageVisit, StepMark, Walkthrough } from '../shared/schemas/index.ts';
import { makeWalkthrough } from '../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator, fixtureTime } from '../tests/fixtures/seeded-ids.ts';
import type { ExtensionBrowser } from '../tests/helpers/browser.ts';

export type BenchResult = { name: string; baselineMs: number; measuredMs: number };

export type HistoryBenchOptions = {
  /** Walkthroughs in the database besides the long one. */
  walkthroughs?: number;
  runs?: number;
  warmup?: number;
  /** Chromium only: a running browser with the built extension, used and left open, instead of a new one. */
  browser?: ExtensionBrowser;
  /**
   * Chromium only: a walkthrough already stored in that browser's extension, newer than every seeded one, to
   * open as the long one (instead of seeding the synthetic one); `steps` is how many steps its detail lists.
   */
  long?: { id: string; steps: number; label: string };
};

const LONG_STEPS = 500;
const LONG_PAGES = 2000;
const PAGE_ROWS = 50;
const DB_NAME = 'journey-sampler';

/** Median wall time of an async `fn` over `runs` runs after `warmup` runs, in ms. */
export const measureAsync = async (
  fn: () => Promise<unknown>,
  { runs = 15, warmup = 3 }: { runs?: number; warmup?: number } = {},
): Promise<number> => {
  for (let i = 0; i < warmup; i += 1) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
};

/** `n` ordinary walkthroughs a minute apart, and one long one started after all of them. */
export const historyBenchData = (n: number): { walkthroughs: Walkthrough[]; long: Walkthrough } => {
  const ids = createIdGenerator(0xbe4);
  const walkthroughs = Array.from({ length: n }, (_, i) =>
    makeWalkthrough(
      {
        startedAt: fixtureTime(-i),
        elapsedMs: 60_000 + ((i * 7919) % 240_000),
        ...(i % 10 === 0 ? { outcome: 'abandoned' as const, outcomeReason: 'Gave up at the approval step' } : {}),
        ...(i % 7 === 0 ? { notes: [{ id: ids(), atMs: 1_000, text: `Note ${i}: the form lost its input` }] } : {}),
      },
      ids,
    ),
  );
  const stepMs = 60_000;
  const stepMarks: StepMark[] = Array.from({ length: LONG_STEPS }, (_, i) => ({
    stepId: null,
    name: `Step ${i + 1}`,
    atMs: i * stepMs,
    source: i % 3 === 0 ? 'auto' : 'manual',
    effort: { clicks: i % 9, keyPresses: i % 40, pageLoads: 4, tabSwitches: i % 2 },
  }));
  const perStep = LONG_PAGES / LONG_STEPS;
  const pages: PageVisit[] = Array.from({ length: LONG_PAGES }, (_, i) => ({
    id: ids(),
    url: `https://portal.example.com/area/${i % 50}/page/${i}/`,
    atMs: Math.floor(i / perStep) * stepMs + (i % perStep) * 10_000,
    timings: { ttfbMs: 100 + (i % 300), domContentLoadedMs: 600, loadMs: 900, lcpMs: 1_100, cls: 0.02, inpMs: 80 },
  }));
  const long = makeWalkthrough(
    {
      journeyId: null,
      journeyName: 'Long onboarding walkthrough',
      startedAt: fixtureTime(60),
      elapsedMs: LONG_STEPS * stepMs,
      stepMarks,
      pages,
      pauses: Array.from({ length: 50 }, (_, i) => ({
        startMs: i * 10 * stepMs + 30_000,
        endMs: i * 10 * stepMs + 50_000,
        reason: 'email' as const,
      })),
      notes: Array.from({ length: 100 }, (_, i) => ({ id: ids(), atMs: i * 5 * stepMs + 5_000, text: `Note ${i}` })),
      painPoints: Array.from({ length: 50 }, (_, i) => ({
        id: ids(),
        atMs: i * 10 * stepMs + 7_000,
        severity: 'minor' as const,
        text: `Pain ${i}`,
      })),
    },
    ids,
  );
  return { walkthroughs, long };
};

/** The startedAt from which the index holds exactly the newest `PAGE_ROWS` walkthroughs: the baseline's range. */
const newestPageFrom = (rows: readonly Walkthrough[]): string =>
  rows
    .map((w) => w.startedAt)
    .sort()
    .reverse()[PAGE_ROWS - 1] ?? '0';

/** In Node over fake-indexeddb: extension/history's queries against raw reads of the same rows. */
export const historyBenchFakeIndexedDb = async (options: HistoryBenchOptions = {}): Promise<BenchResult[]> => {
  const { walkthroughs: n = 10_000, runs = 9, warmup = 2 } = options;
  const { IDBFactory, IDBKeyRange } = await import('fake-indexeddb');
  const saved = { ...Dexie.dependencies };
  Dexie.dependencies.indexedDB = new IDBFactory();
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  const { createDb } = await import('../extension/db/journey-sampler-db.ts');
  const { listWalkthroughs } = await import('../extension/history/list-walkthroughs.ts');
  const { readWalkthroughDetail } = await import('../extension/history/walkthrough-detail.ts');
  const { EMPTY_FILTER } = await import('../extension/history/walkthrough-filter.ts');
  const db = createDb(`bench-history-${n}`);
  try {
    const { walkthroughs, long } = historyBenchData(n);
    await db.walkthroughs.bulkPut([...walkthroughs, long]);
    const raw = db.backendDB();
    const rawRead = <T>(read: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        const request = read(raw.transaction('walkthroughs', 'readonly').objectStore('walkthroughs'));
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const o = { runs, warmup };
    const from = IDBKeyRange.lowerBound(newestPageFrom([...walkthroughs, long]));
    const pageBaseline = await measureAsync(() => rawRead((s) => s.index('startedAt').getAll(from, PAGE_ROWS)), o);
    const detailBaseline = await measureAsync(() => rawRead((s) => s.get(long.id)), o);
    return [
      {
        name: `history first page, ${n} walkthroughs (fake-indexeddb)`,
        baselineMs: pageBaseline,
        measuredMs: await measureAsync(() => listWalkthroughs(db, EMPTY_FILTER, PAGE_ROWS), o),
      },
      {
        name: `history first page, outcome filter, ${n} walkthroughs (fake-indexeddb)`,
        baselineMs: pageBaseline,
        measuredMs: await measureAsync(
          () => listWalkthroughs(db, { ...EMPTY_FILTER, outcome: 'abandoned' }, PAGE_ROWS),
          o,
        ),
      },
      {
        name: `history search matching nothing (reads all), ${n} walkthroughs (fake-indexeddb)`,
        baselineMs: pageBaseline,
        measuredMs: await measureAsync(
          () => listWalkthroughs(db, { ...EMPTY_FILTER, text: 'no such words' }, PAGE_ROWS),
          { runs: 3, warmup: 1 },
        ),
      },
      {
        name: `history detail, ${LONG_STEPS} steps / ${LONG_PAGES} pages (fake-indexeddb)`,
        baselineMs: detailBaseline,
        measuredMs: await measureAsync(() => readWalkthroughDetail(db, long.id), o),
      },
    ];
  } finally {
    await db.delete();
    Object.assign(Dexie.dependencies, saved);
  }
};

/** Writes rows with the raw IndexedDB API from an extension page, in chunks small enough for the protocol. */
const seedInPage = async (page: Page, rows: readonly Walkthrough[]): Promise<void> => {
  for (let start = 0; start < rows.length; start += 1000) {
    await page.evaluate(
      async ({ dbName, chunk }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(dbName);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const tx = db.transaction('walkthroughs', 'readwrite');
        for (const row of chunk) tx.objectStore('walkthroughs').put(row);
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      { dbName: DB_NAME, chunk: rows.slice(start, start + 1000) },
    );
  }
};

/** Runs in the page: one raw read, timed there, so the DevTools round trip is not in the number. */
const timeRawRead = (page: Page, what: { kind: 'page'; from: string; rows: number } | { kind: 'get'; id: string }) =>
  page.evaluate(
    async ({ dbName, what }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(dbName);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const started = performance.now();
      await new Promise((resolve, reject) => {
        const store = db.transaction('walkthroughs', 'readonly').objectStore('walkthroughs');
        const request =
          what.kind === 'page'
            ? store.index('startedAt').getAll(IDBKeyRange.lowerBound(what.from), what.rows)
            : store.get(what.id);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const ms = performance.now() - started;
      db.close();
      return ms;
    },
    { dbName: DB_NAME, what },
  );

type PageStep =
  /** Picks an outcome in the filter and waits for the list summary to read `summary`. */
  | { kind: 'outcome'; value: string; summary: string }
  /** Opens the walkthrough `id` from its row and waits for `steps` steps in the detail. */
  | { kind: 'open'; id: string; steps: number }
  /** Goes back to the list and waits for the row of `id`. */
  | { kind: 'back'; id: string };

/**
 * Runs in the page: does one step as a sampler would, then watches the DOM (a MutationObserver, so no frame
 * timing is added) until its result is there, and returns the time in between, measured in the page.
 * (Extension pages forbid eval, so the steps are data, not source text.)
 */
const timeStep = (page: Page, step: PageStep): Promise<number> =>
  page.evaluate(
    (step) =>
      new Promise<number>((resolve, reject) => {
        const done = (): boolean => {
          if (step.kind === 'outcome') return document.querySelector('.list-summary')?.textContent === step.summary;
          if (step.kind === 'open') return document.querySelectorAll('ol.steps > li').length === step.steps;
          return document.getElementById(`open-walkthrough-${step.id}`) !== null && !document.querySelector('ol.steps');
        };
        const started = performance.now();
        const timeout = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`timed out: ${JSON.stringify(step)}`));
        }, 60_000);
        const observer = new MutationObserver(() => {
          if (!done()) return;
          const ms = performance.now() - started;
          observer.disconnect();
          clearTimeout(timeout);
          resolve(ms);
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        if (step.kind === 'outcome') {
          const select = [...document.querySelectorAll('select')].find((e) => e.labels?.[0]?.textContent === 'Outcome');
          if (!select) throw new Error('no Outcome field');
          select.value = step.value;
          select.dispatchEvent(new Event('change', { bubbles: true }));
        } else if (step.kind === 'open') {
          document.getElementById(`open-walkthrough-${step.id}`)?.click();
        } else {
          history.back();
        }
      }),
    step,
  );

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const repeat = async (times: number, fn: () => Promise<number>): Promise<number[]> => {
  const out: number[] = [];
  for (let i = 0; i < times; i += 1) out.push(await fn());
  return out;
};

/** In real Chromium, through the built History page. Needs `npx wxt build` first. */
export const historyBenchChromium = async (options: HistoryBenchOptions = {}): Promise<BenchResult[]> => {
  const { walkthroughs: n = 10_000, runs = 7, warmup = 2 } = options;
  const browser = options.browser ?? (await (await import('../tests/helpers/browser.ts')).launchExtension());
  try {
    const page = await browser.openPage('walkthroughs.html');
    // The page has opened (and so created) the database.
    await page.locator('.list-summary').waitFor();
    const { walkthroughs, long: synthetic } = historyBenchData(n);
    const long = options.long ?? {
      id: synthetic.id,
      steps: LONG_STEPS,
      label: `${LONG_STEPS} steps / ${LONG_PAGES} pages`,
    };
    await seedInPage(page, options.long ? walkthroughs : [...walkthroughs, synthetic]);
    await page.reload();
    // Run under tsx, esbuild's keepNames wraps the evaluated functions' inner functions in __name(): give the
    // page a no-op one. (The string is compiled by the DevTools protocol, which the page's CSP does not govern.)
    await page.evaluate('globalThis.__name = (fn) => fn');
    const total = n + 1;
    const firstPage = `Showing ${PAGE_ROWS} of ${total} walkthroughs.`;
    await page.getByText(firstPage).waitFor({ timeout: 60_000 });

    const abandoned = walkthroughs.filter((w) => w.outcome === 'abandoned').length;
    // The first page after a filter change: key scans, 50 records read and parsed, durations, 50 rows rendered.
    const listOnce = async () => {
      const filtered = `Showing ${PAGE_ROWS} of ${abandoned} matching walkthroughs.`;
      await timeStep(page, { kind: 'outcome', value: 'abandoned', summary: filtered });
      return timeStep(page, { kind: 'outcome', value: 'any', summary: firstPage });
    };
    // The detail: record read and parsed, laid out by step with shared/domain, 500 steps rendered.
    const detailOnce = async () => {
      const ms = await timeStep(page, { kind: 'open', id: long.id, steps: long.steps });
      await timeStep(page, { kind: 'back', id: long.id });
      return ms;
    };

    await repeat(warmup, listOnce);
    const listMs = median(await repeat(runs, listOnce));
    await repeat(warmup, detailOnce);
    const detailMs = median(await repeat(runs, detailOnce));
    const from = newestPageFrom(options.long ? walkthroughs : [...walkthroughs, synthetic]);
    const pageBaseline = median(await repeat(runs, () => timeRawRead(page, { kind: 'page', from, rows: PAGE_ROWS })));
    const detailBaseline = median(await repeat(runs, () => timeRawRead(page, { kind: 'get', id: long.id })));
    await page.close();
    return [
      { name: `history first page shown, ${n} walkthroughs (Chromium)`, baselineMs: pageBaseline, measuredMs: listMs },
      {
        name: `history detail shown, ${long.label} (Chromium)`,
        baselineMs: detailBaseline,
        measuredMs: detailMs,
      },
    ];
  } finally {
    if (!options.browser) await browser.close();
  }
};
