// Rating in a hurry, in the built side panel in Chromium: with the keyboard, one digit per question (three key
// presses, counted: the last answer saves); with taps, one per question, the last one saving; one question is
// skipped with one press and no confirmation; an unnamed ad-hoc walkthrough skipped is saved under its own name.
// The rating view has no axe violations. What counts is what lands in IndexedDB.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
import { useExtensionBrowser } from '../helpers/browser.ts';
import { readStore } from '../helpers/extension-controls.ts';
import { createJourney, finishAsCompleted } from '../helpers/side-panel-flows.ts';

const browser = useExtensionBrowser();

type StoredWalkthrough = { journeyName: string; ratings: Record<string, unknown> };

const walkthroughs = async (panel: Page) => (await readStore(panel, 'walkthroughs')) as StoredWalkthrough[];

/** Counts the sampler's actions: every key press and click goes through here. */
const counter = (panel: Page) => {
  let actions = 0;
  return {
    press: async (key: string) => {
      actions += 1;
      await panel.keyboard.press(key);
    },
    click: async (target: ReturnType<Page['getByRole']>) => {
      actions += 1;
      await target.click();
    },
    count: () => actions,
  };
};

describe('rating a walkthrough', () => {
  it('takes one key or one tap per question, the last one saving, and skips one without asking', async () => {
    const panel = await browser().openPage('sidepanel.html');
    await createJourney(panel, 'Order a laptop', [{ name: 'Open the shop' }]);

    // Keyboard: the rating view opens with focus on its heading; "6", "5", "4" and it is saved.
    await panel.getByRole('button', { name: 'Start Order a laptop' }).click();
    await finishAsCompleted(panel, 'Order a laptop');
    expect(await axeViolations(panel), 'rating view').toEqual([]);
    await expect.poll(() => panel.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    const keys = counter(panel);
    for (const key of ['6', '5', '4']) await keys.press(key);
    await expect.poll(async () => (await walkthroughs(panel)).length, { timeout: 15_000 }).toBe(1);
    expect(keys.count()).toBe(3);
    expect((await walkthroughs(panel))[0]?.ratings).toEqual({ seq: 6, ces: 5, satisfaction: 4 });

    // Taps, with the CES question skipped: one press; the tap on the last question saves, asking nothing.
    await panel.getByRole('button', { name: 'Start Order a laptop' }).click();
    await finishAsCompleted(panel, 'Order a laptop');
    const taps = counter(panel);
    const group = (name: string | RegExp) => panel.getByRole('group', { name });
    await taps.click(
      group('Overall, how difficult or easy was the task').getByRole('radio', { name: '3', exact: true }),
    );
    await taps.click(panel.getByRole('button', { name: /^Skip this question: .*made it easy/ }));
    await taps.click(group('Overall, how satisfied').getByRole('radio', { name: '2', exact: true }));
    await expect.poll(async () => (await walkthroughs(panel)).length, { timeout: 15_000 }).toBe(2);
    expect(await panel.getByRole('alertdialog').count()).toBe(0);
    expect(taps.count()).toBe(3);
    expect((await walkthroughs(panel)).map((w) => w.ratings)).toContainEqual({ seq: 3, satisfaction: 2 });
  });

  it('saves an unnamed ad-hoc walkthrough under its own name when the rating is skipped', async () => {
    const panel = await browser().openPage('sidepanel.html');
    await panel.getByRole('button', { name: 'Start ad-hoc walkthrough' }).click();
    await panel.getByRole('heading', { level: 1, name: 'Ad-hoc walkthrough' }).waitFor();
    await panel.getByRole('button', { name: 'Finish', exact: true }).click();
    await panel.getByRole('radio', { name: 'Completed' }).check();
    await panel.getByRole('button', { name: 'Finish walkthrough' }).click();
    await panel.getByRole('heading', { level: 1, name: 'Rate the walkthrough' }).waitFor();
    const before = (await walkthroughs(panel)).length;
    await panel.getByRole('button', { name: 'Skip rating' }).click();
    await panel.getByRole('button', { name: 'Skip anyway' }).click();
    await expect.poll(async () => (await walkthroughs(panel)).length, { timeout: 15_000 }).toBe(before + 1);
    expect(await panel.getByText(/Name this walkthrough:/).count()).toBe(0);
    expect((await walkthroughs(panel)).map((w) => w.journeyName)).toContain('Ad-hoc walkthrough');
  });
});
