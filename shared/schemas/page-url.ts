import { z } from 'zod';

/**
 * A page address as Journey Sampler keeps it: http(s) only, with query string and fragment removed, because
 * those often carry personal data (tokens, e-mail addresses, search terms). Stored addresses are refused if
 * they still carry either, so a bug in a front end cannot leak them into the database.
 */
export const pageUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((u) => !u.includes('?') && !u.includes('#'), {
    message: 'page URL must not carry a query string or fragment',
  });

/** The address of `href` as `pageUrlSchema` accepts it, or null when it is not an http(s) address. */
export const toPageUrl = (href: string): string | null => {
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
  const result = pageUrlSchema.safeParse(url.href);
  return result.success ? result.data : null;
};
