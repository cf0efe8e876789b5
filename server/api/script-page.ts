import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

/**
 * A small static page and its one same-origin script, at `path` and `path.js` (the sign-in and pairing pages).
 * Keeping the script out of the markup lets the page's CSP forbid inline script (scriptPageCsp).
 */
export type ScriptPage<P extends string> = {
  readonly path: P;
  /** The whole <title>. */
  readonly title: string;
  /** Everything inside <body>, ending with a newline. */
  readonly body: string;
  readonly script: string;
};

/** The page's two paths, the ones its CSP applies to. */
export const scriptPagePaths = <P extends string>(path: P) => [path, `${path}.js`] as const;

/**
 * Nothing but the page's own script, plus requests to its own origin when `connectToSelf` (a page that posts
 * to the API); no forms, no <base>, no framing.
 */
export const scriptPageCsp = ({ connectToSelf }: { readonly connectToSelf: boolean }) => ({
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  ...(connectToSelf ? { connectSrc: ["'self'"] } : {}),
  formAction: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
});

const html = <P extends string>({ path, title, body }: ScriptPage<P>) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<script src="${path}.js" defer></script>
</head>
<body>
${body}</body>
</html>
`;

/** Serves the page (never cached: it is opened with a secret in its fragment) and its script. */
export const scriptPageRoutes = <P extends string>(page: ScriptPage<P>) => {
  const markup = html(page);
  const [pagePath, scriptPath] = scriptPagePaths(page.path);
  return new Hono<AppEnv>()
    .get(pagePath, (c) => {
      c.header('Cache-Control', 'no-store');
      return c.html(markup);
    })
    .get(scriptPath, (c) => {
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      return c.body(page.script);
    });
};
