// The last step of a journey is the last: in the built side panel, in Chromium, "Next step" becomes Finish at a
// journey's last step, and the keyboard shortcut's command (Alt+Shift+M, handled by the background) adds no
// "Step 4". Headless Chromium has no keyboard accelerators for extension commands, so the command is delivered
// to the background's own listener with chrome.commands.onCommand.dispatch, as the browser does on the key.
// An ad-hoc walkthrough adds steps as it goes, named while recording. What counts is what lands in IndexedDB,
// read with the raw IndexedDB API.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Recording } from '../../extension/db/recording.ts';
import { assembleRecording } from '../../extension/recorder/testing/assemble-recording.ts';
import { axeViolations } from '../helpers/axe.ts';
import { useExtensionBrowser } from '../helpers/browser.ts';
import { readStore } from '../helpers/extension-controls.ts';
import { createJourney, finishAsCompleted } from '../helpers/side-panel-flows.ts';

const browser = useExtensionBrowser();

/** The shortcut "Mark the next step", as the browser hands it to the background. */
const pressMarkStep = () =>
  browser().background.evaluate(() => {
    const commands: { onCommand: { dispatch(name: string): void } } = Reflect.get(
      Reflect.get(globalThis, 'chrome'),
      'commands',
    );
    commands.onCommand.dispatch('mark-step');
  });

const stored = async (panel: Page): Promise<Recording> => {
  const [rows, chunks] = await Promise.all([readStore(panel, 'recordings'), readStore(panel, 'recordingMarkChunks')]);
  if (rows.length !== 1) throw new Error(`${rows.length} recordings stored; expected one`);
  return assembleRecording(rows[0], chunks);
};

describe('the last step of a journey', () => {
  it('offers Finish instead of Next step, and the shortcut adds no step past it', async () => {
    const panel = await browser().openPage('sidepanel.html');
    await createJourney(panel, 'Order a laptop', [{ name: 'Open the shop' }, { name: 'Choose' }, { name: 'Pay' }]);
    await panel.getByRole('button', { name: 'Start Order a laptop' }).click();
    await panel.getByText('Step 1 of 3', { exact: true }).waitFor();

    await pressMarkStep();
    await panel.getByText('Step 2 of 3', { exact: true }).waitFor();
    await panel.getByRole('button', { name: /^Next step/ }).click();
    await panel.getByText('Step 3 of 3', { exact: true }).waitFor();

    // The last step: Finish is the main action, where "Next step" was.
    expect(await panel.getByRole('button', { name: /^Next step/ }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Finish', exact: true }).getAttribute('class')).toContain('primary');

    // The shortcut, twice. Then a tab switch, which the background handles in the same queue after them: once
    // it is counted, both presses have been handled.
    await pressMarkStep();
    await pressMarkStep();
    const tab = await browser().context.newPage();
    await tab.bringToFront();
    await expect
      .poll(async () => (await stored(panel)).stepMarks.at(-1)?.effort?.tabSwitches ?? 0, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    expect((await stored(panel)).stepMarks.map((m) => m.name)).toEqual(['Open the shop', 'Choose', 'Pay']);

    await panel.bringToFront();
    await panel.getByText('Step 3 of 3', { exact: true }).waitFor();
    await finishAsCompleted(panel, 'Order a laptop');
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(async () =>
        ((await readStore(panel, 'walkthroughs')) as { stepMarks: { name: string }[] }[])[0]?.stepMarks.map(
          (m) => m.name,
        ),
      )
      .toEqual(['Open the shop', 'Choose', 'Pay']);
  });

  it('lets an ad-hoc walkthrough add steps past any count, named while recording', async () => {
    const panel = await browser().openPage('sidepanel.html');
    await panel.getByRole('button', { name: 'Start ad-hoc walkthrough' }).click();
    await panel.getByRole('heading', { level: 1, name: 'Ad-hoc walkthrough' }).waitFor();
    const nameStep = async (name: string) => {
      await panel.getByRole('button', { name: 'Name this step' }).click();
      await panel.getByLabel('Step name').fill(name);
      await panel.getByRole('button', { name: 'Save name' }).click();
      await panel.locator('.current-step-name', { hasText: name }).waitFor();
    };
    await panel.getByRole('button', { name: 'Name this step' }).click();
    await panel.getByLabel('Step name').waitFor();
    expect(await axeViolations(panel), 'naming a step').toEqual([]);
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await nameStep('Open the shop');
    await panel.getByRole('button', { name: /^Next step/ }).click();
    await panel.locator('.step-position', { hasText: 'Step 2' }).waitFor();
    await nameStep('Pay');
    await pressMarkStep();
    await panel.locator('.step-position', { hasText: 'Step 3' }).waitFor();
    await expect
      .poll(async () => (await stored(panel)).stepMarks.map((m) => [m.name, m.stepId]))
      .toEqual([
        ['Open the shop', null],
        ['Pay', null],
        ['Step 3', null],
      ]);
  });
});
