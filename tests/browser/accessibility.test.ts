// axe-core on every screen of the BUILT extension, in the light and the dark colour scheme: home, journey
// editor, recording, note, paused, rating, options, popup, History list, scorecard and detail. Each screen is
// reached the way a sampler reaches it (tests/helpers/side-panel-flows.ts), and must have no violation of any
// rule axe runs by default (WCAG 2 A/AA and best practices); none is switched off. Checks are soft, so one run
// reports the violations of every screen, not only the first screen that has some.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { JourneyTargets } from '../../shared/schemas/journey-targets.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { makeJourney } from '../fixtures/make-journey.ts';
import { makeService } from '../fixtures/make-service.ts';
import { makeTargets } from '../fixtures/make-targets.ts';
import { FULL_WALKTHROUGH_OVERRIDES, makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator, fixtureTime } from '../fixtures/seeded-ids.ts';
import { axeViolations } from '../helpers/axe.ts';
import { type ExtensionBrowser, useExtensionBrowsers } from '../helpers/browser.ts';
import { putRows } from '../helpers/extension-controls.ts';
import { createJourney, finishAsCompleted, rateAndSave } from '../helpers/side-panel-flows.ts';

// A fresh profile per test: the side panel test saves a walkthrough, and the History test starts from none.
const launch = useExtensionBrowsers();

/**
 * The body text size in px. Chrome gives extension pages `body { font-size: 75% }`; text must not depend on
 * it (it made every page 10.5px, which axe does not flag).
 */
const bodyTextPx = (page: Page): Promise<number> =>
  page.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize));

/** Uncaught errors fail the screen too: a page that threw may still look right to axe. */
const expectNoPageErrors = (browser: ExtensionBrowser) => expect(browser.pageErrors).toEqual([]);
const ids = createIdGenerator(0xa11);

/**
 * A journey with targets and walkthroughs chosen so its scorecard shows every status: twelve completed
 * walkthroughs rated SEQ 7 and satisfaction 1 plus one abandoned one in full detail, so SEQ >= 5.5 is met,
 * completion >= 95% is at risk (12 of 13), CSAT is breached (none satisfied), and a CES target with one CES
 * rating has not enough data.
 */
const scoredJourney = () => {
  const journey = makeJourney();
  const targets: JourneyTargets = makeTargets({ cesMean: 5 });
  const walkthroughs: Walkthrough[] = Array.from({ length: 12 }, (_, i) =>
    makeWalkthrough({ startedAt: fixtureTime(-60 * (i + 1)), ratings: { seq: 7, satisfaction: 1 } }, ids),
  );
  const detailed = makeWalkthrough({ ...FULL_WALKTHROUGH_OVERRIDES, startedAt: fixtureTime(30) }, ids);
  return {
    journey,
    detailed,
    rows: {
      services: [makeService()],
      journeys: [journey],
      targets: [targets],
      walkthroughs: [...walkthroughs, detailed],
    },
  };
};

describe('accessibility of the extension screens (axe-core, light and dark)', () => {
  it('options page and toolbar popup', async () => {
    const browser = await launch();
    const options = await browser.openPage('options.html');
    await options.getByRole('heading', { level: 1, name: 'Journey Sampler settings' }).waitFor();
    await options.getByLabel('Server address').waitFor();
    expect(await bodyTextPx(options)).toBeGreaterThanOrEqual(14);
    expect.soft(await axeViolations(options), 'options').toEqual([]);
    // A refused address shows its error message, which must be readable too.
    await options.getByLabel('Server address').fill('ftp://example.com');
    await options.getByLabel('Server address').press('Enter');
    await options.getByText('Enter an address that starts with http:// or https://').waitFor();
    expect.soft(await axeViolations(options), 'options, address refused').toEqual([]);
    await options.close();

    const popup = await browser.openPage('popup.html');
    await popup.getByRole('button', { name: 'Start a walkthrough' }).waitFor();
    expect.soft(await axeViolations(popup), 'popup').toEqual([]);
    await popup.close();
    expectNoPageErrors(browser);
  });

  it('side panel: home, journey editor, recording, note, paused, rating', async () => {
    const browser = await launch();
    const panel = await browser.openPage('sidepanel.html');
    await panel.getByRole('heading', { level: 1, name: 'Journey Sampler' }).waitFor();
    await panel.getByText('0 walkthroughs on this device').waitFor();
    expect(await bodyTextPx(panel)).toBeGreaterThanOrEqual(14);
    expect.soft(await axeViolations(panel), 'home, empty').toEqual([]);

    // The editor, after a refused save, so its error messages are checked as well.
    await panel.getByRole('button', { name: 'New journey' }).click();
    await panel.getByRole('button', { name: 'Add step' }).click();
    await panel.getByRole('button', { name: 'Save journey' }).click();
    await panel.getByLabel('Journey name').and(panel.locator('[aria-invalid="true"]')).waitFor();
    expect.soft(await axeViolations(panel), 'journey editor').toEqual([]);
    await panel.getByRole('button', { name: 'Cancel' }).click();

    await createJourney(panel, 'Order a laptop', [{ name: 'Open the shop' }, { name: 'Confirm the order' }]);
    expect.soft(await axeViolations(panel), 'home, with a journey and a notice').toEqual([]);

    await panel.getByRole('button', { name: 'Start Order a laptop' }).click();
    await panel.getByRole('heading', { level: 1, name: 'Order a laptop' }).waitFor();
    await panel.getByText('Step 1 of 2', { exact: true }).waitFor();
    expect.soft(await axeViolations(panel), 'recording').toEqual([]);

    await panel.getByRole('button', { name: 'Note', exact: true }).click();
    await panel.getByRole('textbox', { name: 'Note', exact: true }).waitFor();
    expect.soft(await axeViolations(panel), 'note form').toEqual([]);
    await panel.getByRole('textbox', { name: 'Note', exact: true }).fill('The shop was slow');
    await panel.getByRole('button', { name: 'Save note' }).click();
    await panel.getByText('Note saved.').waitFor();

    await panel.getByRole('button', { name: 'Pause' }).click();
    await panel.getByRole('radio', { name: 'Waiting for an e-mail' }).check();
    await panel.getByRole('button', { name: 'Start pause' }).click();
    await panel.getByRole('button', { name: 'Resume' }).waitFor();
    expect.soft(await axeViolations(panel), 'paused').toEqual([]);
    await panel.getByRole('button', { name: 'Resume' }).click();
    await panel.getByRole('button', { name: /^Next step/ }).waitFor();

    await finishAsCompleted(panel, 'Order a laptop');
    expect.soft(await axeViolations(panel), 'rating').toEqual([]);
    await panel.getByRole('button', { name: 'Skip rating' }).click();
    await panel.getByRole('alertdialog', { name: 'Skip the rating?' }).waitFor();
    expect.soft(await axeViolations(panel), 'rating, skip dialog').toEqual([]);
    await panel.getByRole('button', { name: 'Rate it' }).click();

    await rateAndSave(panel, {
      seq: 6,
      cesQuestion: 'The service made it easy for me to order a laptop',
      ces: 5,
      satisfaction: 4,
    });
    await panel.getByText('1 walkthrough on this device').waitFor();
    expect.soft(await axeViolations(panel), 'home after saving').toEqual([]);
    await panel.close();
    expectNoPageErrors(browser);
  });

  it('History: list, scorecard, a walkthrough in detail and the undo toast', async () => {
    const browser = await launch();
    const page = await browser.openPage('walkthroughs.html');
    await page.getByRole('heading', { level: 1, name: 'Walkthrough history' }).waitFor();
    await page.getByText('No walkthroughs on this device yet.').waitFor();
    expect(await bodyTextPx(page)).toBeGreaterThanOrEqual(14);
    expect.soft(await axeViolations(page), 'History, empty').toEqual([]);

    const { journey, detailed, rows } = scoredJourney();
    await putRows(page, rows);
    await page.reload();
    await page.getByRole('button', { name: journey.name }).first().waitFor();
    expect.soft(await axeViolations(page), 'History list').toEqual([]);

    await page.getByRole('combobox', { name: 'Journey' }).selectOption({ label: `${journey.name} (13)` });
    const scorecard = page.getByRole('region', { name: `Scorecard: ${journey.name}` });
    for (const status of ['Met', 'At risk', 'Breached', 'Not enough data']) {
      await scorecard.getByRole('cell', { name: status, exact: true }).first().waitFor();
    }
    expect.soft(await axeViolations(page), 'scorecard').toEqual([]);

    await page.goto(browser.url(`walkthroughs.html#/walkthrough/${detailed.id}`));
    await page.getByRole('heading', { level: 2, name: journey.name }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Interrupted once' }).waitFor();
    expect.soft(await axeViolations(page), 'History detail').toEqual([]);

    // Deleting offers an undo on a toast, which sits on its own surface colour.
    await page.getByRole('button', { name: 'Delete this walkthrough' }).click();
    await page.getByRole('button', { name: 'Undo', exact: true }).waitFor();
    expect.soft(await axeViolations(page), 'History, undo toast').toEqual([]);
    await page.close();
    expectNoPageErrors(browser);
  });
});
