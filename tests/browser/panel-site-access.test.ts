// The side panel while site access is pending or declined, in the built extension in Chromium. Chromium shows
// permissions.request() as a dialog no automation can answer, and in headless mode it stays open, unanswered:
// exactly the "pending" state a sampler sees while the prompt waits. Declining is what a sampler does by closing
// the panel without allowing it (the prompt goes with the page): the reopened panel asks the browser, which has
// not granted the site. Granting later is done the way the notice says: the site allowed in the browser's own
// extension settings (chrome://extensions "Site access", through that page's developerPrivate API, see
// extension-controls.ts), then "Allow site access", whose permissions.request then resolves without a dialog.
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
import { useExtensionBrowser } from '../helpers/browser.ts';
import { grantInExtensionsPage } from '../helpers/extension-controls.ts';
import { createJourney } from '../helpers/side-panel-flows.ts';

const JOURNEY = 'Renew a parking badge';
const HOST = 'portal.example.com';
const PENDING = /Waiting for your answer to the browser’s site-access request for portal\.example\.com/;
const DECLINED = /Site access was not granted for portal\.example\.com, so steps are not detected automatically/;

const browser = useExtensionBrowser();

describe('site access in the side panel', () => {
  it('says so while the prompt waits, after it was left unanswered, and clears once access is granted', async () => {
    const panel = await browser().openPage('sidepanel.html');
    await createJourney(panel, JOURNEY, [{ name: 'Open the renewal form', urlPatterns: `https://${HOST}/renew/*` }]);

    // Start asks for the journey's site in the click; the browser's prompt opens and stays unanswered.
    await panel.getByRole('button', { name: `Start ${JOURNEY}` }).click();
    await panel.getByRole('heading', { level: 1, name: JOURNEY }).waitFor();
    await panel.getByText(PENDING).waitFor({ timeout: 10_000 });
    expect(await panel.getByRole('button', { name: 'Allow site access' }).count()).toBe(0);
    expect.soft(await axeViolations(panel), 'recording, site access pending').toEqual([]);

    // The sampler closes the panel without allowing it and opens it again: the walkthrough goes on, by hand.
    await panel.reload();
    await panel.getByRole('heading', { level: 1, name: JOURNEY }).waitFor();
    await panel.getByText(DECLINED).waitFor({ timeout: 10_000 });
    await panel.getByText(/at any time during this walkthrough/).waitFor();
    await panel.getByRole('button', { name: 'Allow site access' }).waitFor();
    expect(await panel.getByText(PENDING).count()).toBe(0);
    expect.soft(await axeViolations(panel), 'recording, site access declined').toEqual([]);
    expect(
      await browser().background.evaluate(
        (origin) => Reflect.get(globalThis, 'chrome').permissions.contains({ origins: [origin] }),
        `https://${HOST}/*`,
      ),
    ).toBe(false);

    // Allowed in the browser's extension settings, then "Allow site access" in the panel: granted, and said so.
    await grantInExtensionsPage(browser(), [`https://${HOST}/*`]);
    await panel.getByRole('button', { name: 'Allow site access' }).click();
    await expect.poll(() => panel.getByText(DECLINED).count(), { timeout: 10_000 }).toBe(0);
    expect(await panel.getByText(PENDING).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Allow site access' }).count()).toBe(0);
    expect(
      await panel.evaluate(
        (origin) => Reflect.get(globalThis, 'chrome').permissions.contains({ origins: [origin] }),
        `https://${HOST}/*`,
      ),
    ).toBe(true);
    await panel.getByRole('heading', { level: 1, name: JOURNEY }).waitFor();
    expect(browser().pageErrors).toEqual([]);
  });
});
