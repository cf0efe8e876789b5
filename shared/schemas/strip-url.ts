/**
 * `href` without query, fragment or credentials, or null when it is not http(s). Zod-free on purpose: the
 * evidence content script uses it and zod would multiply its size; `toPageUrl` (shared/schemas/page-url.ts)
 * adds the schema check on top.
 */
export const stripUrl = (href: string): string | null => {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.search = '';
  url.hash = '';
  url.username = '';
  url.password = '';
  return url.href;
};
