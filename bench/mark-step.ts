// "Mark next step" until it is stored in IndexedDB, in real Chromium: recorder.markNextStep() as the side panel
// calls it (clock reading, then one read-write transaction of IndexedDB that confirms the stored recording is the
// one this context last wrote, and puts the marked one, checked; see extension/recorder/recorder.ts), resolved
// only once the transaction has committed. Timed inside the extension page.
//
// Baseline: the cheapest write of the same bytes: a raw IndexedDB put of the very row that mark stored (the
// recording row; sealed step marks live in rows of their own, see extension/recorder/recording-store.ts), in one
// readwrite transaction of its own (a separate database), timed to `complete`. Both use durability
// 'default' (the recorder's transaction sets none, like Dexie), which Chromium >= 121 treats as 'relaxed':
// `complete` fires once the OS has the data (survives a crash of the browser or the service worker, not a power
// cut in the next seconds). The same put with durability 'strict' (flushed to disk first) is measured too, to
// show what that guarantee would cost.
import type { Page } from 'playwright-core';
import { drive } from './extension-driver.ts';
import { ms, percentile, type Row } from './report.ts';

export type MarkTimings = { mark: number[]; rawDefault: number[]; rawStrict: number[] };

/**
 * Runs in the extension page: `marks` timed marks (after `warmup` untimed ones) on a fresh ad-hoc recording,
 * each followed by the raw puts of the row it stored. Leaves no recording behind.
 */
const timeMarks = (page: Page, marks: number, warmup: number): Promise<MarkTimings> =>
  drive(
    page,
    async (d, { marks, warmup }) => {
      const baseline = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('bench-mark-baseline', 1);
        request.onupgradeneeded = () => request.result.createObjectStore('records', { keyPath: 'id' });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const put = (record: unknown, durability: 'default' | 'strict') =>
        new Promise<number>((resolve, reject) => {
          const started = performance.now();
          const tx = baseline.transaction('records', 'readwrite', { durability });
          tx.objectStore('records').put(record);
          tx.oncomplete = () => resolve(performance.now() - started);
          tx.onabort = () => reject(tx.error);
        });
      await d.recorder.discard();
      const started = await d.recorder.start({ adHocName: 'Mark step bench' }, { browser: 'Chromium', os: 'Linux' });
      if (!started.ok) throw new Error(started.error.message);
      const out: { mark: number[]; rawDefault: number[]; rawStrict: number[] } = {
        mark: [],
        rawDefault: [],
        rawStrict: [],
      };
      for (let i = 0; i < warmup + marks; i += 1) {
        const t = performance.now();
        const marked = await d.recorder.markNextStep();
        const markMs = performance.now() - t;
        if (!marked.ok) throw new Error(marked.error.message);
        const row = await d.storedRecordingRow(marked.value.id);
        const rawDefault = await put(row, 'default');
        const rawStrict = await put(row, 'strict');
        if (i < warmup) continue;
        out.mark.push(markMs);
        out.rawDefault.push(rawDefault);
        out.rawStrict.push(rawStrict);
      }
      await d.recorder.discard();
      baseline.close();
      indexedDB.deleteDatabase('bench-mark-baseline');
      return out;
    },
    { marks, warmup },
  );

/**
 * The goal, as a ratio to the baseline measured in the same run (absolute times differ between machines and
 * with the machine's load): a mark's p95 at most 1.5x the p95 of the raw put of the same rows.
 */
export const MARK_GOAL_RATIO = 1.5;

/** Rows for p50 and p95 of `mark` against `raw` (the same rows, raw puts), with the p95 goal. */
export const markRows = (label: string, mark: readonly number[], raw: readonly number[]): Row[] => {
  const p95 = percentile(mark, 95);
  const rawP95 = percentile(raw, 95);
  return [
    { name: `${label}, p50`, baseline: ms(percentile(raw, 50)), measured: ms(percentile(mark, 50)), goal: null },
    {
      name: `${label}, p95`,
      baseline: ms(rawP95),
      measured: ms(p95),
      goal: { text: `<= ${MARK_GOAL_RATIO}x raw put p95`, met: p95 <= MARK_GOAL_RATIO * rawP95 },
    },
  ];
};

export const markStepBench = async (page: Page, { marks = 500, warmup = 20 } = {}): Promise<Row[]> => {
  const t = await timeMarks(page, marks, warmup);
  return [
    ...markRows(
      `mark step -> in IndexedDB (durability default=relaxed), ${marks} marks, vs a raw put of the row it stored`,
      t.mark,
      t.rawDefault,
    ),
    {
      name: `raw put of the same rows: durability strict vs default, p50`,
      baseline: ms(percentile(t.rawDefault, 50)),
      measured: ms(percentile(t.rawStrict, 50)),
      goal: null,
    },
  ];
};
