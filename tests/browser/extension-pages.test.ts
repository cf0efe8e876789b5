import { describe, expect, it } from 'vitest';
import { useExtensionBrowser } from '../helpers/browser.ts';

const EMPTY_STATE =
  'No journeys yet — create one with “New journey”, or start an ad-hoc walkthrough and name it at the end.';

const browser = useExtensionBrowser();

describe('built extension pages', () => {
  it('side panel renders the real view from an empty IndexedDB', async () => {
    const page = await browser().openPage('sidepanel.html');

    await page.getByRole('heading', { level: 1, name: 'Journey Sampler' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Journeys' }).waitFor();
    await page.getByText(EMPTY_STATE).waitFor();
    await page.getByText('Not connected').waitFor();
    await page.getByText('0 walkthroughs on this device').waitFor();
    await page.close();
  });

  it('popup offers "Start a walkthrough", which opens the side panel and closes the popup', async () => {
    const page = await browser().openPage('popup.html');
    const start = page.getByRole('button', { name: 'Start a walkthrough' });
    await page.getByRole('heading', { name: 'Journey Sampler' }).waitFor();

    // Enabled once the window id is known; Playwright's click waits for that, and is a real user gesture.
    const closed = page.waitForEvent('close', { timeout: 10_000 });
    await start.click();
    // The popup closes itself only after sidePanel.open() resolved; if it refused, the popup says why.
    const refused = page
      .getByRole('alert')
      .textContent({ timeout: 10_000 })
      .then((message) => {
        throw new Error(`the popup could not open the side panel: ${message}`);
      });
    await Promise.race([closed, refused]);
    await expect.poll(() => browser().pageTargetUrls(), { timeout: 10_000 }).toContain(browser().url('sidepanel.html'));
  });

  it('options page has a labelled address field and refuses a non-http address', async () => {
    const page = await browser().openPage('options.html');
    await page.getByRole('heading', { level: 1, name: 'Journey Sampler settings' }).waitFor();

    const field = page.getByLabel('Server address');
    await field.fill('ftp://example.com');
    // Keyboard: Enter in the field submits, like the button.
    await field.press('Enter');
    await page.getByText('Enter an address that starts with http:// or https://').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Check connection' }).waitFor();
    await page.close();
  });
});
