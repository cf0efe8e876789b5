import { browser } from 'wxt/browser';

/** JPEG: a screen of text and forms is a tenth of its PNG size at this quality, and still readable. */
const JPEG_QUALITY = 85;

/**
 * A capture of the visible part of the active tab in the current window, or null when the browser does not
 * allow it right now.
 *
 * Chromium allows captureVisibleTab only with activeTab or <all_urls>: a granted host permission for the
 * tab's origin is not enough (checked in Chromium 156). activeTab is granted for the active tab when the
 * sampler presses one of the extension's keyboard shortcuts (e.g. Alt+Shift+S, "capture-screenshot", which
 * captures by itself) or clicks its toolbar button, and lasts until that tab leaves the origin. So null is
 * expected when the sampler has done neither on this page; say so next to the screenshot option, with the
 * shortcut from platform/commands.ts. Also null on pages no extension may capture (chrome://, the web store).
 */
export const captureVisibleTab = async (): Promise<Blob | null> => {
  try {
    const dataUrl = await browser.tabs.captureVisibleTab({ format: 'jpeg', quality: JPEG_QUALITY });
    const response = await fetch(dataUrl);
    return await response.blob();
  } catch {
    return null;
  }
};
