import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { errorResponse } from '../middleware/error-response.ts';
import { BUILD_WEB_COMMAND, type WebBundle, type WebEntry } from './web-bundle.ts';

/**
 * A small static page that runs one bundled script (server/web/browser/<entry>.ts, built by vite.web.config.ts).
 * The script is a same-origin file, never inline, so the page's CSP can forbid inline script (pageCsp).
 */
export type WebPage = {
  /** Where the page is served, e.g. `/sign-in`. */
  readonly path: string;
  /** The whole <title>. */
  readonly title: string;
  /** Everything inside <body>, ending with a newline. */
  readonly body: string;
  /** The bundle entry holding its script: a key of `build.rollupOptions.input` in vite.web.config.ts. */
  readonly entry: string;
  /** Whether the script talks to this server (the sign-in page posts to the API); otherwise no connection at all. */
  readonly connectToSelf: boolean;
};

/**
 * Nothing but same-origin scripts, plus requests to the page's own origin when `connectToSelf`; no forms, no
 * <base>, no framing.
 */
export const pageCsp = ({ connectToSelf }: Pick<WebPage, 'connectToSelf'>) => ({
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  ...(connectToSelf ? { connectSrc: ["'self'"] } : {}),
  formAction: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
});

const html = ({ title, body }: WebPage, { script, preloads }: WebEntry) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<script type="module" src="${script}"></script>
${preloads.map((href) => `<link rel="modulepreload" href="${href}">\n`).join('')}</head>
<body>
${body}</body>
</html>
`;

/**
 * `GET /`, mounted at the page's path: the page, never cached (it is opened with a secret in its fragment).
 * Without its bundle entry it answers 503 `unavailable`, saying what to run.
 */
export function pageRoutes(page: WebPage, bundle: WebBundle) {
  const entry = bundle.ok ? bundle.entries.get(page.entry) : undefined;
  const markup = entry === undefined ? undefined : html(page, entry);
  const missing = bundle.ok ? `the bundle has no entry "${page.entry}": run \`${BUILD_WEB_COMMAND}\`` : bundle.message;
  return new Hono<AppEnv>().get('/', (c) => {
    if (markup === undefined) return errorResponse(c, 503, 'unavailable', missing);
    c.header('Cache-Control', 'no-store');
    return c.html(markup);
  });
}
