// The History page in the real browser: the BUILT extension (npx wxt build) in Chromium. Walkthroughs are
// seeded into the extension's own IndexedDB with the raw IndexedDB API from an extension page (nothing
// test-only ships in the extension), then the page is used as a sampler would: search, filter, open a detail,
// delete and undo, export; the exports are captured as real downloads: JSON parsed with the shared schema, the
// walkthroughs and steps CSVs with a strict RFC 4180 reader.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { localTime } from '../../extension/history/local-time.ts';
import { parseCsv, parseCsvRecords } from '../../extension/history/testing/parse-csv.ts';
import { type Walkthrough, walkthroughSchema } from '../../shared/schemas/walkthrough.ts';
import { FULL_WALKTHROUGH_OVERRIDES, makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator, fixtureTime } from '../fixtures/seeded-ids.ts';
import { useExtensionBrowser } from '../helpers/browser.ts';

const DB_NAME = 'journey-sampler';
const BULK = 120;
const ids = createIdGenerator(0x415);

const browser = useExtensionBrowser();

/** A 1×1 PNG, so the screenshot <img> has something real to decode. */
const PIXEL_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

type Seed = {
  walkthroughs: Walkthrough[];
  screenshots: Array<{ id: string; recordingId: string }>;
  outbox: Array<{ recordId: string }>;
};

/**
 * Writes rows straight into the extension's database, as another page of the extension would. Runs after the
 * History page has opened the database, so the tables exist at the version the built extension declares.
 */
const seedRaw = (page: Page, seed: Seed): Promise<void> =>
  page.evaluate(
    async ({ dbName, seed, png }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(dbName);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      const tx = db.transaction(['walkthroughs', 'attachments', 'outbox'], 'readwrite');
      for (const w of seed.walkthroughs) tx.objectStore('walkthroughs').put(w);
      for (const s of seed.screenshots) {
        const blob = new Blob([bytes], { type: 'image/png' });
        tx.objectStore('attachments').put({
          ...s,
          blob,
          type: 'image/png',
          bytes: blob.size,
          createdAt: new Date().toISOString(),
        });
      }
      for (const o of seed.outbox) {
        tx.objectStore('outbox').put({ type: 'walkthrough', rev: 1, queuedAt: new Date().toISOString(), ...o });
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { dbName: DB_NAME, seed, png: PIXEL_PNG_BASE64 },
  );

/** What the raw database holds for one walkthrough id. */
const rawState = (page: Page, id: string, screenshotId: string) =>
  page.evaluate(
    async ({ dbName, id, screenshotId }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(dbName);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(['walkthroughs', 'attachments', 'outbox'], 'readonly');
      const get = <T>(request: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const walkthrough: unknown = await get(tx.objectStore('walkthroughs').get(id));
      const attachment: { blob?: Blob } | undefined = await get(tx.objectStore('attachments').get(screenshotId));
      const outbox: Array<{ seq: number; recordId: string }> = await get(tx.objectStore('outbox').getAll());
      db.close();
      return {
        walkthrough,
        screenshotBytes: attachment?.blob instanceof Blob ? attachment.blob.size : null,
        outbox: outbox.filter((o) => o.recordId === id).map((o) => o.seq),
      };
    },
    { dbName: DB_NAME, id, screenshotId },
  );

const makeSeed = (): { seed: Seed; detailed: Walkthrough; failed: Walkthrough; screenshotId: string } => {
  const bulk = Array.from({ length: BULK }, (_, i) =>
    makeWalkthrough({ startedAt: fixtureTime(-60 * (i + 1)), elapsedMs: 60_000 + i * 1000 }, ids),
  );
  const detailed = makeWalkthrough(
    {
      ...FULL_WALKTHROUGH_OVERRIDES,
      journeyName: 'Request a laptop',
      journeyId: ids(),
      startedAt: fixtureTime(30),
    },
    ids,
  );
  const failed = makeWalkthrough(
    {
      journeyId: null,
      journeyName: 'Renew a parking permit',
      outcome: 'failed',
      outcomeReason: 'Payment page broken',
      startedAt: fixtureTime(20),
      ratings: { seq: 1, comment: '=HYPERLINK("http://evil.example","click")' },
    },
    ids,
  );
  const screenshotId = detailed.notes[0]?.screenshotId ?? '';
  return {
    seed: {
      walkthroughs: [...bulk, detailed, failed],
      screenshots: [{ id: screenshotId, recordingId: detailed.id }],
      outbox: [{ recordId: failed.id }, { recordId: detailed.id }],
    },
    detailed,
    failed,
    screenshotId,
  };
};

const summary = (page: Page) => page.locator('.list-summary');

describe('History page (built extension)', () => {
  it('lists, searches, filters, shows a detail, deletes with undo, and exports JSON, walkthroughs CSV and steps CSV', async () => {
    const page = await browser().openPage('walkthroughs.html');
    await page.getByRole('heading', { level: 1, name: 'Walkthrough history' }).waitFor();
    await page.getByText('No walkthroughs on this device yet.').waitFor();

    const { seed, detailed, failed, screenshotId } = makeSeed();
    await seedRaw(page, seed);
    await page.reload();
    const total = BULK + 2;
    await expect.poll(() => summary(page).textContent()).toBe(`Showing 50 of ${total} walkthroughs.`);
    // Newest first: the two special ones were started after every bulk walkthrough.
    const firstButtons = page.locator('tbody th button');
    expect(await firstButtons.nth(0).textContent()).toBe('Request a laptop');
    expect(await firstButtons.nth(1).textContent()).toBe('Renew a parking permit');
    await page.getByRole('button', { name: 'Show 50 more' }).click();
    await expect.poll(() => summary(page).textContent()).toBe(`Showing 100 of ${total} walkthroughs.`);

    // Search: a note's text finds its walkthrough.
    await page.getByRole('search', { name: 'Filter walkthroughs' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search' }).fill('cookie banner');
    await expect.poll(() => summary(page).textContent()).toBe('Showing 1 matching walkthrough.');
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await expect.poll(() => summary(page).textContent()).toBe(`Showing 50 of ${total} walkthroughs.`);

    // Filters: outcome, journey (ad hoc), dates.
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('failed');
    await expect.poll(() => summary(page).textContent()).toBe('Showing 1 matching walkthrough.');
    await page.getByRole('button', { name: 'Renew a parking permit' }).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('combobox', { name: 'Journey' }).selectOption({ label: 'Ad-hoc walkthroughs (1)' });
    await expect.poll(() => summary(page).textContent()).toBe('Showing 1 matching walkthrough.');
    await page.getByRole('combobox', { name: 'Journey' }).selectOption({ label: 'All journeys' });
    // Dates are one menu; the two date fields (several tab stops each) appear only for a custom range.
    expect(await page.getByLabel('From').count()).toBe(0);
    await page.getByRole('combobox', { name: 'Dates' }).selectOption({ label: 'Custom range…' });
    await page.getByLabel('From').fill('2030-01-01');
    await expect.poll(() => summary(page).textContent()).toBe('No walkthroughs match these filters.');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => summary(page).textContent()).toBe(`Showing 50 of ${total} walkthroughs.`);

    // Detail, opened from the keyboard.
    await page.getByRole('button', { name: 'Request a laptop', exact: true }).focus();
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 2, name: 'Request a laptop' });
    await heading.waitFor();
    expect(page.url()).toBe(browser().url(`walkthroughs.html#/walkthrough/${detailed.id}`));
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Request a laptop');
    await page.getByRole('heading', { level: 3, name: 'Interrupted once' }).waitFor();
    await page.getByText('The computer slept at 2:00 for 30 s').waitFor();
    await page.getByText('Starts at 1:30 · took 2 min 30 s (active 1 min 30 s)').waitFor();
    await page.getByText('4 clicks · 12 key presses · 2 page loads · 1 tab switch').waitFor();
    await page.getByText('TTFB 180 ms · DCL 640 ms · Load 910 ms · LCP 1.02 s · CLS 0.04 · INP 96 ms').waitFor();
    await page.getByText('Pain point (major) at 2:50:').waitFor();
    await page.getByText('1:40–2:40 (1 min 00 s): Waiting for an e-mail — waiting for the code').waitFor();
    const screenshot = page.getByRole('img', { name: 'Screenshot with the note at 0:12' });
    await expect.poll(() => screenshot.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    expect(await screenshot.getAttribute('src')).toMatch(/^blob:chrome-extension:\/\//);

    // The browser's Back button returns to the list, focus on the row it came from.
    await page.goBack();
    await heading.waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Request a laptop');

    // Delete, then undo: the walkthrough, its screenshot and its pending push come back as they were.
    const before = await rawState(page, detailed.id, screenshotId);
    expect(before.walkthrough).toEqual(detailed);
    expect(before.screenshotBytes).toBeGreaterThan(0);
    expect(before.outbox).toHaveLength(1);
    await page.getByRole('button', { name: 'Request a laptop', exact: true }).click();
    await page.getByRole('button', { name: 'Delete this walkthrough' }).click();
    await expect.poll(() => summary(page).textContent()).toBe(`Showing 50 of ${total - 1} walkthroughs.`);
    expect(await rawState(page, detailed.id, screenshotId)).toEqual({
      walkthrough: undefined,
      screenshotBytes: null,
      outbox: [],
    });
    await page.getByText(/^Deleted “Request a laptop” of /).waitFor();
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await page.getByText('Walkthrough restored.').waitFor();
    await expect.poll(() => summary(page).textContent()).toBe(`Showing 50 of ${total} walkthroughs.`);
    expect(await rawState(page, detailed.id, screenshotId)).toEqual(before);

    // Export everything as JSON: a real download that parses with the shared schema.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export all as JSON' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^journey-sampler-walkthroughs-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = z.array(walkthroughSchema).parse(JSON.parse(await readFile(await download.path(), 'utf8')));
    expect(exported).toHaveLength(total);
    expect(new Set(exported.map((w) => w.id))).toEqual(new Set(seed.walkthroughs.map((w) => w.id)));
    expect(exported.find((w) => w.id === detailed.id)).toEqual(detailed);
    await page.getByText(`Exported ${total} walkthroughs.`).waitFor();

    // The notice goes by itself after a few seconds, and it never covered a row: it sits above the list.
    await page.getByText(`Exported ${total} walkthroughs.`).waitFor({ state: 'detached', timeout: 30_000 });

    // CSV of the current filter: local times in the browser's zone (named in the header), the formula in the
    // comment defused, and the steps CSV beside it with one row per step.
    const timeZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const time = localTime(timeZone);
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('failed');
    await expect.poll(() => summary(page).textContent()).toBe('Showing 1 matching walkthrough.');
    const csvDownloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export matching as CSV' }).click();
    const csvDownload = await csvDownloading;
    expect(csvDownload.suggestedFilename()).toMatch(/^journey-sampler-walkthroughs-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await csvDownload.path(), 'utf8');
    const [header] = parseCsv(csv);
    expect(header?.slice(0, 5)).toEqual([
      'id',
      'journey',
      `started (${timeZone})`,
      `ended (${timeZone})`,
      'UTC offset',
    ]);
    const rows = parseCsvRecords(csv);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: failed.id,
      [`started (${timeZone})`]: time.dateTime(failed.startedAt),
      'UTC offset': time.offset(failed.startedAt),
      comment: `'=HYPERLINK("http://evil.example","click")`,
      'step times':
        '1. Open the portal: from 0:00, 30 s\n2. Verify identity: from 0:30, 45 s\n3. Set a new password: from 1:15, 45 s',
    });
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);

    // The toast is in the page's flow: it pushes the list down instead of lying over a row.
    const toast = page.locator('.toast').filter({ hasText: 'Exported 1 walkthrough.' });
    await toast.waitFor();
    const toastBox = await toast.boundingBox();
    const tableBox = await page.locator('.walkthrough-table').boundingBox();
    expect(toastBox !== null && tableBox !== null && toastBox.y + toastBox.height <= tableBox.y).toBe(true);

    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('any');
    await page.getByRole('searchbox', { name: 'Search' }).fill('cookie banner');
    await expect.poll(() => summary(page).textContent()).toBe('Showing 1 matching walkthrough.');
    const stepsDownloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export matching steps as CSV' }).click();
    const stepsDownload = await stepsDownloading;
    expect(stepsDownload.suggestedFilename()).toMatch(/^journey-sampler-steps-\d{4}-\d{2}-\d{2}\.csv$/);
    const steps = parseCsvRecords(await readFile(await stepsDownload.path(), 'utf8'));
    expect(steps.map((r) => [r['walkthrough id'], r.step, r['step name'], r['starts at s'], r['active s']])).toEqual([
      [detailed.id, '1', 'Open the portal', '0', '90.5'],
      [detailed.id, '2', 'Verify identity', '90.5', '89.5'],
    ]);
    expect(steps[1]?.['pain point notes']).toBe('2:50 (major) Code e-mail took a minute');
    expect(steps[0]?.[`walkthrough started (${timeZone})`]).toBe(time.dateTime(detailed.startedAt));
    await page.close();
  });
});
