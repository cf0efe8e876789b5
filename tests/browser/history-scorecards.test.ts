// The History page's scorecards and controls in the BUILT extension in Chromium, used by keyboard: every
// journey's headline numbers without picking a filter, the plain-words explanations (checked by axe when open),
// the date menu as one tab stop, and a notice that goes by itself.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeJourney } from '../fixtures/make-journey.ts';
import { makeService } from '../fixtures/make-service.ts';
import { makeTargets } from '../fixtures/make-targets.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator, fixtureTime } from '../fixtures/seeded-ids.ts';
import { axeViolations } from '../helpers/axe.ts';
import { useExtensionBrowser } from '../helpers/browser.ts';
import { putRows } from '../helpers/extension-controls.ts';

const browser = useExtensionBrowser();
const ids = createIdGenerator(0x5c0);

/** The accessible name of the focused element, as the page would announce it. */
const focusedText = (page: Page): Promise<string | null> =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? null;
  });

describe('History scorecards and controls (built extension)', () => {
  it('shows each journey’s scorecard without a filter, explains the numbers, and keeps dates to one tab stop', async () => {
    const page = await browser().openPage('walkthroughs.html');
    await page.getByText('No walkthroughs on this device yet.').waitFor();
    const journey = makeJourney();
    const other = makeJourney({ id: ids(), name: 'Apply for a permit' });
    const walkthroughs = [
      ...Array.from({ length: 5 }, (_, i) => makeWalkthrough({ startedAt: fixtureTime(-60 * (i + 1)) }, ids)),
      makeWalkthrough({ journeyId: other.id, journeyName: other.name, outcome: 'failed' }, ids),
    ];
    await putRows(page, {
      services: [makeService()],
      journeys: [journey, other],
      targets: [makeTargets()],
      walkthroughs,
    });
    await page.reload();

    // The overview: both journeys with their headline numbers, no filter picked.
    const overview = page.getByRole('region', { name: 'Scorecards' });
    const row = overview.getByRole('row', { name: new RegExp(journey.name) });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      '5',
      '100%',
      // 5 of 5 within T, but the interval on 5 still reaches below the 90% goal.
      '100% (completed within 180 s active time) At risk',
      '1.00 [180 s] · excellent',
      '2 min 00 s (active time)',
      `Full scorecard of ${journey.name}`,
    ]);
    const otherRow = overview.getByRole('row', { name: /Apply for a permit/ });
    expect(await otherRow.getByRole('cell').nth(2).textContent()).toBe('No target here');

    // The explanations open from the keyboard, and pass axe open.
    const summary = overview.getByText('What do these numbers mean?');
    await summary.focus();
    await page.keyboard.press('Enter');
    await overview.getByText(/within four times T counts half/).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // "Full scorecard" by keyboard: the full scorecard appears and takes focus.
    await overview.getByRole('button', { name: `Full scorecard of ${journey.name}` }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedText(page)).toBe(`Scorecard: ${journey.name}`);
    await page
      .getByRole('region', { name: `Scorecard: ${journey.name}` })
      .getByText('From 5 walkthroughs')
      .waitFor();
    await row.getByText('Shown below').waitFor();

    // Dates: one tab stop from the menu to whatever follows it (no day/month/year segments in between).
    await page.getByRole('combobox', { name: 'Dates' }).focus();
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Clear filters');
    await page.getByRole('combobox', { name: 'Dates' }).selectOption({ label: 'Custom range…' });
    await page.getByLabel('From').waitFor();
    await page.getByRole('combobox', { name: 'Dates' }).selectOption({ label: 'Any time' });
    await page.getByLabel('From').waitFor({ state: 'detached' });
    await page.close();
  });

  it('lets an export notice go by itself a few seconds after it appears', async () => {
    // The same profile as the test before: its walkthroughs are still there, so count on none in particular.
    const page = await browser().openPage('walkthroughs.html');
    await page.getByRole('heading', { level: 1, name: 'Walkthrough history' }).waitFor();
    await putRows(page, { walkthroughs: [makeWalkthrough({}, ids)] });
    await page.reload();
    await page.getByText(/^Showing \d+ walkthroughs\.$/).waitFor();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export all steps as CSV' }).click();
    await downloading;
    // (Held while focused or hovered: the model and toast unit tests prove that with a short timer.)
    const notice = page.getByText(/^Exported \d+ walkthroughs \(one row per step\)\.$/);
    await notice.waitFor();
    await notice.waitFor({ state: 'detached', timeout: 20_000 });
    await page.close();
  });
});
