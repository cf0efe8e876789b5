import { scriptPageCsp, scriptPagePaths, scriptPageRoutes } from './script-page.ts';

/**
 * The page a sign-in link opens (`/sign-in#code=…`), until the dashboard takes it over. It reads the code from
 * the fragment (never sent to any server, so it stays out of access logs), removes it from the address bar and
 * history, and posts it to `POST /api/v1/sign-in`; or it takes a pasted lead or admin token. Static markup and
 * one same-origin script, so the CSP can forbid inline script and everything else (SIGN_IN_PAGE_CSP).
 */
export const SIGN_IN_PAGE_PATHS = scriptPagePaths('/sign-in');

export const SIGN_IN_PAGE_CSP = scriptPageCsp({ connectToSelf: true });

const BODY = `<main>
<h1>Journey Sampler</h1>
<p id="status" role="status" aria-live="polite">Paste an access token of a lead or admin, or open a sign-in link.</p>
<form id="token-form">
<label for="token">Access token</label>
<input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required>
<button type="submit">Sign in</button>
</form>
</main>
`;

const SCRIPT = `'use strict';
const status = document.getElementById('status');
const form = document.getElementById('token-form');
async function signIn(body) {
  status.textContent = 'Signing in…';
  try {
    const response = await fetch('/api/v1/sign-in', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'journey-sampler' },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      status.textContent = 'Signed in as ' + answer.user.name + ' (' + answer.role + ', team ' + answer.team.name + ').';
      form.hidden = true;
    } else {
      status.textContent = answer.message || 'Sign-in failed (' + response.status + ').';
    }
  } catch {
    status.textContent = 'The server did not answer.';
  }
}
const code = new URLSearchParams(location.hash.slice(1)).get('code');
if (location.hash !== '') history.replaceState(null, '', location.pathname);
if (code) signIn({ code });
form.addEventListener('submit', (event) => {
  event.preventDefault();
  signIn({ token: form.elements.token.value.trim() });
  form.reset();
});
`;

export const signInPageRoutes = () =>
  scriptPageRoutes({ path: '/sign-in', title: 'Sign in · Journey Sampler', body: BODY, script: SCRIPT });
