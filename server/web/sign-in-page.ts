import type { WebPage } from './page-shell.ts';

/**
 * The page a sign-in link opens (`/sign-in#code=…`, server/bootstrap-admin.ts), until the dashboard takes it
 * over. Its script (browser/sign-in.ts) reads the code from the fragment (never sent to any server, so it stays
 * out of access logs), removes it from the address bar and history, and posts it to `POST /api/v1/sign-in`; or
 * it takes a pasted lead or admin token. It talks to this server and nothing else.
 */
export const SIGN_IN_PAGE: WebPage = {
  path: '/sign-in',
  title: 'Sign in · Journey Sampler',
  entry: 'sign-in',
  connectToSelf: true,
  body: `<main>
<h1>Journey Sampler</h1>
<p id="status" role="status" aria-live="polite">Paste an access token of a lead or admin, or open a sign-in link.</p>
<form id="token-form">
<label for="token">Access token</label>
<input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required>
<button type="submit">Sign in</button>
</form>
</main>
`,
};
