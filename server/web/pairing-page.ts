import { PAIRING_CODE_TTL_MS, PAIRING_PAGE_PATH } from '../../shared/protocol/pairing.ts';
import type { WebPage } from './page-shell.ts';

const MINUTES = Math.round(PAIRING_CODE_TTL_MS / 60_000);

/**
 * The page a pairing link opens (`/pair#code=…`). A web page cannot hand anything to an extension that holds no
 * access to it (see docs/decisions.md, "Pairing link"), so this page only says what to do and offers the link
 * for copying: the person pastes it into the extension's options page, which redeems the code. Its script
 * (browser/pair.ts) never sends the code anywhere (redeeming it here would spend it) and removes the fragment
 * from the address bar and history at once, keeping the link in the page's memory only. No connections at all.
 */
export const PAIRING_PAGE: WebPage = {
  path: PAIRING_PAGE_PATH,
  title: 'Pair the extension · Journey Sampler',
  entry: 'pair',
  connectToSelf: false,
  body: `<main>
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
`,
};
