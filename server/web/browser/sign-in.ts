// The sign-in page's script (markup: server/web/sign-in-page.ts): signs in with the code of a sign-in link, or
// with a pasted lead or admin token, through `POST /api/v1/sign-in`, which sets the session cookie.
// First: zod must not probe `new Function` under this page's CSP (see the module).
import '../../../shared/schemas/zod-jitless.ts';
import { type SignInRequest, signInResponseSchema } from '../../../shared/protocol/accounts.ts';
import { errorEnvelopeSchema } from '../../../shared/protocol/error.ts';
import { elementById } from './element-by-id.ts';
import { takeFragmentCode } from './take-fragment-code.ts';

/**
 * Sign-in needs it from anyone (no login CSRF): CSRF_HEADER of server/middleware/auth.ts, which is node code
 * this browser bundle may not import.
 */
const CSRF_HEADER = 'X-Requested-With';

const status = elementById('status', HTMLParagraphElement);
const form = elementById('token-form', HTMLFormElement);
const token = elementById('token', HTMLInputElement);

async function signIn(body: SignInRequest): Promise<void> {
  status.textContent = 'Signing in…';
  let response: Response;
  try {
    response = await fetch('/api/v1/sign-in', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', [CSRF_HEADER]: 'journey-sampler' },
      body: JSON.stringify(body),
    });
  } catch {
    status.textContent = 'The server did not answer.';
    return;
  }
  const answer: unknown = await response.json().catch(() => undefined);
  const signedIn = response.ok ? signInResponseSchema.safeParse(answer) : undefined;
  if (signedIn?.success) {
    const { user, role, team } = signedIn.data;
    status.textContent = `Signed in as ${user.name} (${role}, team ${team.name}).`;
    form.hidden = true;
    return;
  }
  const refused = errorEnvelopeSchema.safeParse(answer);
  status.textContent = refused.success ? refused.data.message : `Sign-in failed (${response.status}).`;
}

const code = takeFragmentCode();
if (code !== null) void signIn({ code });
form.addEventListener('submit', (event) => {
  event.preventDefault();
  void signIn({ token: token.value.trim() });
  form.reset();
});
