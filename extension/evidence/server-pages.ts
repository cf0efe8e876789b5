/**
 * Match patterns for the sync server's own pages (its dashboard, sign-in and pairing pages), where the evidence
 * script must never run: its origin is granted so the extension can sync, not so a walkthrough records the
 * lead's dashboard. A server under a path prefix excludes only that prefix.
 *
 * `portInPattern`: Chromium match patterns may name a port, so only the server's own port is excluded and a site
 * on another port of the same host (a test portal on localhost, say) is still captured. Firefox refuses a port
 * in a match pattern, so there the whole host is excluded.
 *
 * @example serverPagePatterns('http://127.0.0.1:8787', { portInPattern: true }) // ['http://127.0.0.1:8787/*']
 */
export const serverPagePatterns = (serverUrl: string, { portInPattern }: { portInPattern: boolean }): string[] => {
  const url = new URL(serverUrl);
  const host = portInPattern && url.port !== '' ? `${url.hostname}:${url.port}` : url.hostname;
  const base = `${url.protocol}//${host}`;
  const prefix = url.pathname.replace(/\/+$/, '');
  // `/prefix/*` does not match `/prefix` itself, which is a page of the server too.
  return prefix === '' ? [`${base}/*`] : [`${base}${prefix}`, `${base}${prefix}/*`];
};
