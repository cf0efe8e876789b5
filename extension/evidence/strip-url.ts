/**
 * `href` without query, fragment or credentials, or null when it is not http(s). The content script's copy of
 * shared/schemas toPageUrl without zod (which would multiply the script's size); the background parses the
 * result with pageUrlSchema anyway and refuses anything that still carries a query or fragment.
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
