import { z } from 'zod';

const NEEDS_HTTP = 'Enter an address that starts with http:// or https://, like https://journeys.example.com.';
const JUST_THE_ADDRESS = 'Leave out any user name, password, ?query or #fragment: enter just the server address.';

/**
 * The sync server's base address as the sampler types it. Only http(s): anything else could never answer
 * `/healthz`. Credentials, query and fragment are refused rather than stripped, because silently changing
 * what someone typed makes "it works on my machine" impossible to debug. The output is normalised (no
 * trailing slash) so `${url}/healthz` is always one slash, and re-parsing a stored value changes nothing.
 */
export const serverUrlSchema = z
  .string()
  .trim()
  .min(1, { error: 'Enter the server address.', abort: true })
  .max(2000, { error: 'That address is too long.', abort: true })
  .transform((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : null;
    if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
      ctx.addIssue({ code: 'custom', message: NEEDS_HTTP, input: value });
      return z.NEVER;
    }
    // `url.search` is '' for a bare trailing '?', so look at the text too.
    if (url.username !== '' || url.password !== '' || value.includes('?') || value.includes('#')) {
      ctx.addIssue({ code: 'custom', message: JUST_THE_ADDRESS, input: value });
      return z.NEVER;
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  })
  // Branded so code that stores or fetches an address can only be handed one that went through this schema.
  .brand<'ServerUrl'>();
export type ServerUrl = z.output<typeof serverUrlSchema>;
