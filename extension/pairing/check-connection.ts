import { errorEnvelopeSchema, healthResponseSchema } from '../../shared/protocol/index.ts';
import type { ServerUrl } from '../db/server-url.ts';
import { type FetchLike, readJson } from './server-api.ts';

export type ConnectionCheck =
  | { ok: true; store: string }
  | { ok: false; problem: 'unreachable' | 'timeout' | 'http-error' | 'not-journey-sampler'; message: string };

export const HEALTH_TIMEOUT_MS = 5000;

/**
 * Asks the server whether it is up, and which store it runs on. Needs no host permission: the server sends
 * `Access-Control-Allow-Origin: *` on /healthz (and only there). Every failure is a value with a sentence a
 * sampler can act on; it never throws.
 */
export const checkConnection = async (
  serverUrl: ServerUrl,
  { fetch: fetchFn = fetch, timeoutMs = HEALTH_TIMEOUT_MS }: { fetch?: FetchLike; timeoutMs?: number } = {},
): Promise<ConnectionCheck> => {
  let response: Response;
  try {
    response = await fetchFn(`${serverUrl}/healthz`, {
      // A simple GET with no credentials: no CORS preflight, and the wildcard origin is allowed.
      credentials: 'omit',
      cache: 'no-store',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return {
        ok: false,
        problem: 'timeout',
        message: `${serverUrl} did not answer within ${Math.round(timeoutMs / 1000)} seconds.`,
      };
    }
    // fetch reports DNS, refused connections, TLS and CORS failures alike, as a bare TypeError.
    return {
      ok: false,
      problem: 'unreachable',
      message: `Could not reach ${serverUrl}. Check the address, that the server is running, and that this device is online.`,
    };
  }

  const body = await readJson(response);
  if (!response.ok) {
    const envelope = errorEnvelopeSchema.safeParse(body);
    return {
      ok: false,
      problem: 'http-error',
      message: envelope.success
        ? `The server answered ${response.status}: ${envelope.data.message}`
        : `${serverUrl} answered HTTP ${response.status}. Is this the address of a Journey Sampler server?`,
    };
  }
  const health = healthResponseSchema.safeParse(body);
  if (!health.success) {
    return {
      ok: false,
      problem: 'not-journey-sampler',
      message: `${serverUrl} answered, but not like a Journey Sampler server. Check the address.`,
    };
  }
  return { ok: true, store: health.data.store };
};
