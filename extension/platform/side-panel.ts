import { browser } from 'wxt/browser';

/** Opens the extension's panel. Must be called synchronously inside a click handler (see below). */
export type SidePanelOpener = () => Promise<void>;

type FirefoxSidebarAction = { open(): Promise<void> };

// wxt/browser is typed after Chrome's API, which has no sidebarAction; check its shape before using it.
const firefoxSidebarAction = (): FirefoxSidebarAction | null => {
  if (!('sidebarAction' in browser)) return null;
  const candidate: unknown = browser.sidebarAction;
  if (typeof candidate !== 'object' || candidate === null || !('open' in candidate)) return null;
  const open: unknown = candidate.open;
  return typeof open === 'function' ? { open: () => Promise.resolve(open.call(candidate)) } : null;
};

/**
 * Works out how to open the panel *before* the click. Chrome's sidePanel.open() and Firefox's
 * sidebarAction.open() both only work in response to a user gesture, and awaiting anything between the
 * click and the call (such as looking up the window id) can use the gesture up. So the window id is fetched
 * ahead, and the returned opener makes the browser call first thing. Null when this browser has no panel
 * (Firefox for Android, Safari).
 */
export const prepareSidePanelOpener = async (): Promise<SidePanelOpener | null> => {
  const sidebarAction = firefoxSidebarAction();
  if (sidebarAction) return () => sidebarAction.open();

  if (!browser.sidePanel?.open) return null;
  const { id: windowId } = await browser.windows.getCurrent();
  if (windowId === undefined) return null;
  return () => browser.sidePanel.open({ windowId });
};
