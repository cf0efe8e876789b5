// The side panel, built and loaded in Chromium, driven the way a sampler would: create a journey, walk it
// (steps, a pause, a note), close and reopen the panel mid-walkthrough, finish and rate. What counts is what
// lands in IndexedDB, read here with the raw IndexedDB API rather than through the extension's own code.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useExtensionBrowser } from '../helpers/browser.ts';
import { readStore } from '../helpers/extension-controls.ts';
import { createJourney, finishAsCompleted, rateAndSave } from '../helpers/side-panel-flows.ts';

const browser = useExtensionBrowser();

/** "04:07" or "1:02:07" as seconds. */
const seconds = (text: string): number =>
  text
    .trim()
    .split(':')
    .reduce((total, part) => total * 60 + Number(part), 0);

const timerSeconds = async (page: Page): Promise<number> =>
  seconds((await page.getByRole('timer').textContent()) ?? '');

type StoredWalkthrough = {
  journeyName: string;
  outcome: string;
  elapsedMs: number;
  stepMarks: { name: string; atMs: number; source: string }[];
  pauses: { startMs: number; endMs: number; reason: string; detail?: string }[];
  notes: { text: string }[];
  ratings: Record<string, unknown>;
};

describe('recording a walkthrough in the side panel', () => {
  it('creates a journey, records it with steps, a pause and a note, survives a reopen, and saves it rated', async () => {
    let page = await browser().openPage('sidepanel.html');

    // A journey of three steps, made on this device (no URL patterns: no site-access prompt to answer).
    await createJourney(page, 'Order a laptop', [
      { name: 'Open the shop' },
      { name: 'Choose a model' },
      { name: 'Confirm the order' },
    ]);

    await page.getByRole('button', { name: 'Start Order a laptop' }).click();
    await page.getByRole('heading', { level: 1, name: 'Order a laptop' }).waitFor();
    await page.getByText('Step 1 of 3', { exact: true }).waitFor();
    // The shortcut declared in the manifest, as the browser reports it.
    expect(await page.getByRole('button', { name: /^Next step/ }).textContent()).toContain('Alt+Shift+M');

    await page.getByRole('button', { name: /^Next step/ }).click();
    await page.getByText('Step 2 of 3', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('radio', { name: 'Waiting for an e-mail' }).check();
    await page.getByLabel('Detail (optional)').fill('order confirmation');
    await page.getByRole('button', { name: 'Start pause' }).click();
    const resume = page.getByRole('button', { name: 'Resume' });
    await resume.waitFor();
    // Focus moved to the control that matters now.
    await expect.poll(() => resume.evaluate((el) => el === document.activeElement)).toBe(true);
    await resume.click();

    await page.getByRole('button', { name: /^Next step/ }).click();
    await page.getByText('Step 3 of 3', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Note', exact: true }).click();
    await page.getByRole('textbox', { name: 'Note', exact: true }).fill('The model list took long to load');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByText('Note saved.').waitFor();

    // The toolbar popup sums up the walkthrough in progress and offers the panel instead of a new start.
    const popup = await browser().openPage('popup.html');
    await popup.getByText(/^Recording: Order a laptop — \d\d:\d\d$/).waitFor();
    await popup.getByRole('button', { name: 'Open panel' }).waitFor();
    await popup.close();

    // The timer moves on by itself (computed from the stored clock each second).
    const before = await timerSeconds(page);
    await expect.poll(() => timerSeconds(page), { timeout: 5_000 }).toBeGreaterThan(before);

    // Close the panel mid-walkthrough and open it again: it carries on from where it was.
    const atClose = await timerSeconds(page);
    const closedAt = Date.now();
    await page.close();
    page = await browser().openPage('sidepanel.html');
    await page.getByRole('heading', { level: 1, name: 'Order a laptop' }).waitFor();
    const atReopen = await timerSeconds(page);
    const realSeconds = (Date.now() - closedAt) / 1000;
    expect(atReopen).toBeGreaterThanOrEqual(atClose);
    expect(atReopen).toBeLessThanOrEqual(atClose + Math.ceil(realSeconds) + 1);
    await page.getByText('Step 3 of 3', { exact: true }).waitFor();
    await page.getByText('The model list took long to load').waitFor();
    await expect.poll(() => timerSeconds(page), { timeout: 5_000 }).toBeGreaterThan(atReopen);

    await finishAsCompleted(page, 'Order a laptop');
    await rateAndSave(page, {
      seq: 6,
      cesQuestion: 'The service made it easy for me to order a laptop',
      ces: 5,
      satisfaction: 4,
      comment: 'Fine, apart from the slow list',
    });
    await page.getByText(/Saved “Order a laptop” \(\d\d:\d\d, completed\)\. It is in History\./).waitFor();

    const walkthroughs = (await readStore(page, 'walkthroughs')) as StoredWalkthrough[];
    expect(walkthroughs).toHaveLength(1);
    const [walkthrough] = walkthroughs;
    expect(walkthrough?.journeyName).toBe('Order a laptop');
    expect(walkthrough?.outcome).toBe('completed');
    expect(walkthrough?.stepMarks.map((m) => [m.name, m.source])).toEqual([
      ['Open the shop', 'manual'],
      ['Choose a model', 'manual'],
      ['Confirm the order', 'manual'],
    ]);
    expect(walkthrough?.pauses.map((p) => [p.reason, p.detail])).toEqual([['email', 'order confirmation']]);
    expect(walkthrough?.notes.map((n) => n.text)).toEqual(['The model list took long to load']);
    expect(walkthrough?.ratings).toEqual({
      seq: 6,
      ces: 5,
      satisfaction: 4,
      comment: 'Fine, apart from the slow list',
    });
    expect(walkthrough?.elapsedMs).toBeGreaterThanOrEqual(atReopen * 1000);
    expect(await readStore(page, 'recordings')).toEqual([]);
    expect(await readStore(page, 'outbox')).toHaveLength(1);
    await page.getByText('1 walkthrough on this device').waitFor();
    expect(await page.getByRole('link', { name: 'History' }).getAttribute('href')).toBe(
      browser().url('walkthroughs.html'),
    );
    await page.close();
  });
});
