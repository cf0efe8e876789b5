import { tokenLabelSchema } from '../../shared/protocol/accounts.ts';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { DEFAULT_PAIRING_TOKEN_LABEL, redeemPairingResponseSchema } from '../../shared/protocol/pairing.ts';
import type { Environment } from '../../shared/schemas/index.ts';
import type { ServerUrl } from '../db/server-url.ts';
import { API_TIMEOUT_MS, type FetchLike, readJson } from './server-api.ts';

export type RedeemResult =
  | { ok: true; token: string }
  | { ok: false; problem: 'refused' | 'unreachable' | 'failed'; message: string };

/**
 * The name of the token a pairing link makes, as its owner will see it in their token list:
 * "Journey Sampler on Chrome 140 (Linux)". Falls back to a fixed name when the browser tells nothing usable.
 */
export const pairingTokenLabel = (environment: Environment): string => {
  const label = tokenLabelSchema.safeParse(
    `Journey Sampler on ${environment.browser} (${environment.os})`.slice(0, 100),
  );
  return label.success ? label.data : DEFAULT_PAIRING_TOKEN_LABEL;
};

/**
 * Exchanges a pairing link's one-time code for a personal access token (`POST /api/v1/pairing/redeem`). Needs
 * the server's host permission (asked for in the click before this runs): the API sends no CORS headers. The
 * server's own sentence is shown for a refused code (used, expired, not valid): it says what to do. Never
 * throws, and never repeats the code or the token in a message.
 */
export const redeemPairingCode = async (
  serverUrl: ServerUrl,
  code: string,
  label: string,
  { fetch: fetchFn = fetch, timeoutMs = API_TIMEOUT_MS }: { fetch?: FetchLike; timeoutMs?: number } = {},
): Promise<RedeemResult> => {
  let response: Response;
  try {
    response = await fetchFn(`${serverUrl}/api/v1/pairing/redeem`, {
      method: 'POST',
      credentials: 'omit',
      cache: 'no-store',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ code, label }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return {
      ok: false,
      problem: 'unreachable',
      message: `Could not reach ${serverUrl}. Check that the server is running and that this device is online.`,
    };
  }
  const json = await readJson(response);
  if (!response.ok) {
    const envelope = errorEnvelopeSchema.safeParse(json);
    if (response.status === 429) {
      return {
        ok: false,
        problem: 'refused',
        message: 'Too many pairing attempts from here: wait a minute and try again.',
      };
    }
    if (envelope.success && (response.status === 401 || response.status === 409)) {
      return { ok: false, problem: 'refused', message: envelope.data.message };
    }
    if (response.status === 404) {
      return {
        ok: false,
        problem: 'failed',
        message: `${serverUrl} does not take pairing links (an older or another server). Pair with an access token instead.`,
      };
    }
    return {
      ok: false,
      problem: response.status >= 500 ? 'unreachable' : 'failed',
      message: `The server answered ${response.status}: ${envelope.success ? envelope.data.message : 'not like a Journey Sampler server'}`,
    };
  }
  const body = redeemPairingResponseSchema.safeParse(json);
  if (!body.success) {
    return { ok: false, problem: 'failed', message: `${serverUrl} answered, but not like a Journey Sampler server.` };
  }
  return { ok: true, token: body.data.token };
};
