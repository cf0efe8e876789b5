import { z } from 'zod';
import { stripUrl } from './strip-url.ts';

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
  const stripped = stripUrl(href);
  if (stripped === null) return null;
  const result = pageUrlSchema.safeParse(stripped);
  return result.success ? result.data : null;
};
