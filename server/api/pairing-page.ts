import { PAIRING_CODE_TTL_MS, PAIRING_PAGE_PATH } from '../../shared/protocol/pairing.ts';
import { scriptPageCsp, scriptPagePaths, scriptPageRoutes } from './script-page.ts';

/**
 * The page a pairing link opens (`/pair#code=…`). A web page cannot hand anything to an extension that holds no
 * access to it (see docs/decisions.md, "Pairing link"), so this page only says what to do and offers the link
 * for copying: the person pastes it into the extension's options page, which redeems the code. The page never
 * sends the code anywhere (redeeming it here would spend it). It removes the fragment from the address bar and
 * history at once, keeping the link in the page's memory only. Static markup and one same-origin script, so the
 * CSP forbids inline script and every connection (PAIRING_PAGE_CSP).
 */
export const PAIRING_PAGE_PATHS = scriptPagePaths(PAIRING_PAGE_PATH);

export const PAIRING_PAGE_CSP = scriptPageCsp({ connectToSelf: false });

const MINUTES = Math.round(PAIRING_CODE_TTL_MS / 60_000);

const BODY = `<main>
<h1>Pair the Journey Sampler extension</h1>
<p id="status" role="status" aria-live="polite">Open the pairing link you were given: it ends with #code=…</p>
<section id="steps" hidden>
<ol>
<li>Press <strong>Copy pairing link</strong>.</li>
<li>Open the extension's settings: right-click the Journey Sampler toolbar icon, then <strong>Options</strong>.</li>
<li>Paste the link into <strong>Pair with a link</strong> and press <strong>Pair</strong>. Allow access to this server when the browser asks.</li>
</ol>
<p>The link works once, within ${MINUTES} minutes of being made. Anyone who has it can pair as you until then: do not share it. Reloading this page forgets it.</p>
<label for="link">Pairing link</label>
<input id="link" type="text" readonly autocomplete="off" spellcheck="false">
<button id="copy" type="button">Copy pairing link</button>
</section>
</main>
`;

const SCRIPT = `'use strict';
const status = document.getElementById('status');
const steps = document.getElementById('steps');
const field = document.getElementById('link');
const copy = document.getElementById('copy');
const code = new URLSearchParams(location.hash.slice(1)).get('code');
const link = code ? location.origin + location.pathname + '#code=' + encodeURIComponent(code) : null;
// Out of the address bar and the history at once: the link is a credential until it is used.
if (location.hash !== '') history.replaceState(null, '', location.pathname);
if (link) {
  field.value = link;
  steps.hidden = false;
  status.textContent = 'Copy this link into the extension to pair it with this server.';
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(link);
      status.textContent = 'Copied. Now paste it into the extension: Options, Pair with a link.';
    } catch {
      field.focus();
      field.select();
      status.textContent = 'Copying is not allowed here: the link is selected, copy it with Ctrl+C (Cmd+C on a Mac).';
    }
  });
}
`;

export const pairingPageRoutes = () =>
  scriptPageRoutes({
    path: PAIRING_PAGE_PATH,
    title: 'Pair the extension · Journey Sampler',
    body: BODY,
    script: SCRIPT,
  });
