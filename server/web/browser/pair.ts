// The pairing page's script (markup: server/web/pairing-page.ts). It offers the link it was opened with for
// copying and never sends the code anywhere: redeeming it here would spend it (docs/decisions.md, "Pairing link").
import { elementById } from './element-by-id.ts';
import { takeFragmentCode } from './take-fragment-code.ts';

const status = elementById('status', HTMLParagraphElement);
const steps = elementById('steps', HTMLElement);
const field = elementById('link', HTMLInputElement);
const copy = elementById('copy', HTMLButtonElement);

const code = takeFragmentCode();
// Kept in the page's memory only: reloading the page forgets it.
// The page's own address (a server behind a path prefix included), without the fragment takeFragmentCode removed.
const link = code === null ? null : `${location.origin}${location.pathname}#code=${encodeURIComponent(code)}`;

if (link !== null) {
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
