import { browser } from 'wxt/browser';
import { URL_PATTERN_RE } from '../../shared/schemas/url-pattern.ts';

/** Anything with steps carrying URL patterns: a Journey, or a Recording's snapshot of its steps. */
export type WithStepPatterns = { steps: readonly { urlPatterns: readonly string[] }[] };

/**
 * The host-permission match patterns to ask for so the given journey's steps can be watched: one per
 * scheme and host of its steps' URL patterns, any path. `https://portal.example.com:8443/reset/*` gives
 * `https://portal.example.com/*`: match patterns cannot name a port, and every port of a host is the same
 * site to the sampler. A pattern for any host (`https://*` + `/…`) gives `https://*` + `/*`: the journey
 * itself says it goes anywhere, and the sampler sees that in the prompt. Sorted, without duplicates.
 */
export const originsFor = (journey: WithStepPatterns): string[] => {
  const origins = new Set<string>();
  for (const step of journey.steps) {
    for (const pattern of step.urlPatterns) {
      const match = URL_PATTERN_RE.exec(pattern);
      const scheme = match?.[1];
      const host = match?.[2]?.replace(/:\d+$/, '');
      if (scheme && host) origins.add(`${scheme}://${host}/*`);
    }
  }
  return [...origins].sort();
};

/**
 * Asks the sampler for access to `origins` (from originsFor). Resolves true when granted (or nothing needed
 * asking), false when declined or when the browser refused to ask.
 *
 * MUST be called synchronously inside the user's click handler, before any `await`: the browser only shows
 * the prompt in response to a user gesture, and awaiting anything first (even a resolved promise) uses the
 * gesture up. Declining is fine: the recording still starts and the sampler marks steps by hand; pages,
 * timings and effort are simply not captured on those sites.
 *
 * @example
 * <button onClick={() => { const access = requestSiteAccess(originsFor(journey)); void start(access); }}>
 */
export const requestSiteAccess = (origins: readonly string[]): Promise<boolean> => {
  if (origins.length === 0) return Promise.resolve(true);
  try {
    return browser.permissions.request({ origins: [...origins] }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
};

/** Whether every one of `origins` is granted (e.g. to say "Pages on portal.example.com are not captured"). */
export const hasSiteAccess = async (origins: readonly string[]): Promise<boolean> => {
  if (origins.length === 0) return true;
  try {
    return await browser.permissions.contains({ origins: [...origins] });
  } catch {
    return false;
  }
};

/** Every origin the sampler has granted so far, as match patterns. */
export const grantedOrigins = async (): Promise<string[]> => (await browser.permissions.getAll()).origins ?? [];

/**
 * Calls `listener` when the sampler grants or removes site access (in our prompt or in the browser's menus).
 * Returns the function that stops listening (a page that closes; the background never stops).
 */
export const onSiteAccessChanged = (listener: () => void): (() => void) => {
  browser.permissions.onAdded.addListener(listener);
  browser.permissions.onRemoved.addListener(listener);
  return () => {
    browser.permissions.onAdded.removeListener(listener);
    browser.permissions.onRemoved.removeListener(listener);
  };
};

/** The match pattern that grants the extension's pages and background access to a sync server (any port). */
export const serverOriginPattern = (serverUrl: string): string => {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.hostname}/*`;
};

/**
 * Asks for access to the sync server's origin: with it, the extension's fetch to the server needs no CORS
 * headers (the server sends none on /api/v1). Same rule as requestSiteAccess: call it inside the click,
 * before any await.
 */
export const requestServerAccess = (serverUrl: string): Promise<boolean> =>
  requestSiteAccess([serverOriginPattern(serverUrl)]);
