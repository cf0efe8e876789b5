// The toolbar button's badge, read back from Chromium (chrome.action in an extension page) while a sampler
// records through the real side panel: the step number while running, "||" while paused, a check flash after
// the keyboard shortcut marks a step on a web page, the right state after the service worker was stopped and
// woken, and nothing once finished.
import { rm } from 'node:fs/promises';
import type { CDPSession } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BADGE_COLORS } from '../../extension/platform/toolbar-badge-state.ts';
import { CHROME_EXTENSION_DIR, launchExtension, makeProfileDir, useExtensionBrowser } from '../helpers/browser.ts';
import { followBackground } from '../helpers/extension-controls.ts';
import { createJourney, finishAsCompleted } from '../helpers/side-panel-flows.ts';

const browser = useExtensionBrowser();

type Badge = { text: string; color: string; title: string };

/**
 * The badge as the browser holds it (for the window's tabs: no tab-specific badge is ever set), read by
 * `evaluate` in an extension page or the service worker.
 */
const readBadge = async (evaluate: (expression: string) => Promise<unknown>): Promise<Badge> => {
  const [text, [r, g, b], title] = (await evaluate(
    'Promise.all([chrome.action.getBadgeText({}), chrome.action.getBadgeBackgroundColor({}), chrome.action.getTitle({})])',
  )) as [string, [number, number, number, number], string];
  const color = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  return { text, color, title };
};

/**
 * Alt+Shift+M on `page`, as the keyboard sends it. Playwright's keyboard.press does not reach the browser's
 * extension shortcuts; raw key events over DevTools go through the same pre-handling as real keys, which
 * gives Chromium's accelerators the first look (checked in Chromium 156).
 */
const pressMarkShortcut = async (cdp: CDPSession): Promise<void> => {
  const ALT_SHIFT = 1 | 8;
  const key = { modifiers: ALT_SHIFT, key: 'M', code: 'KeyM', windowsVirtualKeyCode: 77, nativeVirtualKeyCode: 77 };
  await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...key });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
};

// Each test walks a whole flow (the second launches Chromium twice): 20-35 s here, so twice the suite default.
describe('the toolbar badge', () => {
  it('shows the step while running, "||" while paused, flashes a shortcut mark, and clears at the end', async () => {
    const reader = await browser().openPage('popup.html');
    const badge = () => readBadge((expression) => reader.evaluate(expression));
    expect((await badge()).text).toBe('');

    const panel = await browser().openPage('sidepanel.html');
    await createJourney(panel, 'Order a laptop', [{ name: 'Open the shop' }, { name: 'Choose' }, { name: 'Pay' }]);
    await panel.getByRole('button', { name: 'Start Order a laptop' }).click();
    await panel.getByText('Step 1 of 3', { exact: true }).waitFor();
    await expect.poll(badge, { timeout: 10_000 }).toMatchObject({ text: '1', color: BADGE_COLORS.running });
    expect((await badge()).title).toBe('Journey Sampler: recording "Order a laptop", step 1 of 3');

    // A mark in the panel.
    await panel.getByRole('button', { name: /^Next step/ }).click();
    await panel.getByText('Step 2 of 3', { exact: true }).waitFor();
    await expect.poll(badge, { timeout: 10_000 }).toMatchObject({ text: '2', color: BADGE_COLORS.running });

    await panel.getByRole('button', { name: 'Pause' }).click();
    await panel.getByRole('radio', { name: 'Waiting for an e-mail' }).check();
    await panel.getByRole('button', { name: 'Start pause' }).click();
    await expect.poll(badge, { timeout: 10_000 }).toMatchObject({ text: '||', color: BADGE_COLORS.paused });
    await panel.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(badge, { timeout: 10_000 }).toMatchObject({ text: '2', color: BADGE_COLORS.running });

    // The shortcut, pressed on a web page: the new step flashes with a check on green, then stays plain.
    const site = await browser().context.newPage();
    await site.setContent('<h1>The shop</h1>');
    await site.bringToFront();
    const cdp = await browser().context.newCDPSession(site);
    await pressMarkShortcut(cdp);
    await cdp.detach();
    await expect
      .poll(badge, { timeout: 10_000, interval: 50 })
      .toMatchObject({ text: '✓3', color: BADGE_COLORS.marked });
    await expect.poll(badge, { timeout: 10_000 }).toMatchObject({ text: '3', color: BADGE_COLORS.running });
    await panel.getByText('Step 3 of 3', { exact: true }).waitFor();

    // The worker stops (as when idle); a pause in the panel wakes it, and it reads the state from IndexedDB.
    const background = await followBackground(reader);
    await background.stop();
    await panel.getByRole('button', { name: 'Pause' }).click();
    await panel.getByRole('radio', { name: 'Waiting for an e-mail' }).check();
    await panel.getByRole('button', { name: 'Start pause' }).click();
    await expect.poll(badge, { timeout: 10_000 }).toMatchObject({ text: '||', color: BADGE_COLORS.paused });
    await background.detach();
    await panel.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(badge, { timeout: 10_000 }).toMatchObject({ text: '3' });

    await finishAsCompleted(panel, 'Order a laptop');
    await expect.poll(badge, { timeout: 10_000 }).toMatchObject({ text: '', title: 'Journey Sampler' });
    await site.close();
    await panel.close();
    await reader.close();
  }, 120_000);

  it('comes back after the browser restarts mid-walkthrough (the browser does not keep it; IndexedDB does)', async () => {
    const profile = await makeProfileDir();
    try {
      const first = await launchExtension(CHROME_EXTENSION_DIR, { userDataDir: profile });
      try {
        const panel = await first.openPage('sidepanel.html');
        await createJourney(panel, 'Reset a password', [{ name: 'Ask' }, { name: 'Reset' }]);
        await panel.getByRole('button', { name: 'Start Reset a password' }).click();
        await panel.getByRole('button', { name: /^Next step/ }).click();
        await panel.getByText('Step 2 of 2', { exact: true }).waitFor();
        await expect
          .poll(() => readBadge((expression) => first.background.evaluate(expression)), { timeout: 10_000 })
          .toMatchObject({ text: '2' });
      } finally {
        await first.close();
      }
      const second = await launchExtension(CHROME_EXTENSION_DIR, { userDataDir: profile });
      try {
        // Read in the worker: opening a page would be a tab event, which refreshes the badge by itself.
        await expect
          .poll(() => readBadge((expression) => second.background.evaluate(expression)), { timeout: 10_000 })
          .toMatchObject({ text: '2', color: BADGE_COLORS.running });
      } finally {
        await second.close();
      }
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  }, 120_000);
});
