import type { z } from 'zod';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import type { ServerUrl } from '../db/server-url.ts';

/** `fetch`, or a test's stand-in for it. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** A request to the server's API gives up after this long: a hung connection must not hold the sync lease for ever. */
export const API_TIMEOUT_MS = 30_000;

/**
 * Every way a call can fail, as a value. `kind` decides what the engine does next:
 * - unreachable: no answer (offline, refused, timeout), or 5xx / 429: try later with backoff;
 * - unauthorized: 401 / 403, the token is not (or no longer) good: pair again;
 * - unsupported-protocol: the server does not speak this extension's protocol: update the extension;
 * - conflict: 409 (a pull cursor that cannot continue here);
 * - failed: any other refusal, or an answer that is not the protocol's shape.
 */
export type ApiFailure = {
  ok: false;
  kind: 'unreachable' | 'unauthorized' | 'unsupported-protocol' | 'conflict' | 'failed';
  status: number | null;
  message: string;
};
export type ApiResult<T> = { ok: true; value: T } | ApiFailure;

/** The body as JSON, or undefined when it is not JSON (a proxy's HTML error page, an empty 502). */
export const readJson = async (response: Response): Promise<unknown> => {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
};

const failure = (kind: ApiFailure['kind'], status: number | null, message: string): ApiFailure => ({
  ok: false,
  kind,
  status,
  message,
});

/** What a non-2xx answer means for the engine (see ApiFailure), from its status and its body, if JSON. */
export const classifyRefusal = (status: number, json: unknown): ApiFailure => {
  const envelope = errorEnvelopeSchema.safeParse(json);
  const said = envelope.success ? envelope.data.message : `HTTP ${status}`;
  if (status === 401) return failure('unauthorized', status, `The server refused the access token: ${said}`);
  // The token is good but its role may not do this (a staff device adding to the catalog).
  if (status === 403) return failure('unauthorized', status, `The server did not allow it: ${said}`);
  if (envelope.success && envelope.data.code === 'unsupported_protocol')
    return failure('unsupported-protocol', status, said);
  if (status === 409) return failure('conflict', status, said);
  if (status >= 500 || status === 429) return failure('unreachable', status, `The server answered ${status}: ${said}`);
  return failure('failed', status, `The server answered ${status}: ${said}`);
};

export type ApiCallOptions = { fetch?: FetchLike; timeoutMs?: number };

/** One request to the server's API with the paired token: its body, content type and any other headers. */
export type ApiRequest = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: string;
  body?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Aborts the request (and a body still being read) along with the timeout: a view that closed, say. */
  signal?: AbortSignal;
  /**
   * Leave a 2xx answer's body unread, for the caller to read itself (a screenshot's bytes); `json` is then null.
   * A refusal's body, a small error envelope, is read as JSON as always.
   */
  rawBody?: boolean;
};

/** The raw answer (any status) and its body as JSON, or `unreachable` when no answer came. */
export type ApiSend = (request: ApiRequest) => Promise<{ ok: true; response: Response; json: unknown } | ApiFailure>;

/**
 * Sends requests to the server's API for one paired token: every call made with the token goes through it (the
 * sync, team catalog and screenshot APIs). The token goes in the Authorization header of requests to `serverUrl` and nowhere else: not in a message,
 * not in a log line, not in an error text.
 */
export const createApiSend = (
  serverUrl: ServerUrl,
  token: string,
  { fetch: fetchFn = fetch, timeoutMs: defaultTimeoutMs = API_TIMEOUT_MS }: ApiCallOptions = {},
): ApiSend => {
  return async ({ method, path, body, headers = {}, timeoutMs = defaultTimeoutMs, signal, rawBody = false }) => {
    let response: Response;
    try {
      response = await fetchFn(`${serverUrl}/api/v1${path}`, {
        method,
        // The token is the credential; cookies of the server's dashboard must not ride along.
        credentials: 'omit',
        cache: 'no-store',
        headers: { accept: 'application/json', authorization: `Bearer ${token}`, ...headers },
        ...(body === undefined ? {} : { body }),
        // A redirect is an error, never followed: the token is for `serverUrl`, and an answer from elsewhere
        // is not the paired server's.
        redirect: 'error',
        signal:
          signal === undefined
            ? AbortSignal.timeout(timeoutMs)
            : AbortSignal.any([AbortSignal.timeout(timeoutMs), signal]),
      });
    } catch {
      // DNS, refused connection, TLS, timeout and a missing host permission all look alike from here.
      return failure('unreachable', null, `Could not reach ${serverUrl}.`);
    }
    if (rawBody && response.ok) return { ok: true, response, json: null };
    return { ok: true, response, json: await readJson(response) };
  };
};

/** The failure for a 2xx answer whose body is not the protocol's shape. */
export const notOurServer = (serverUrl: ServerUrl, status: number): ApiFailure =>
  failure('failed', status, `${serverUrl} answered, but not like a Journey Sampler server.`);

/** One JSON request to the server's API with the paired token; the answer parsed with `schema`. */
export type ApiCall = <S extends z.ZodType>(
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  schema: S,
) => Promise<ApiResult<z.output<S>>>;

/** JSON requests to the server's API for one paired token (sync/sync-api.ts, the team catalog API). */
export const createApiCall = (serverUrl: ServerUrl, token: string, options: ApiCallOptions = {}): ApiCall => {
  const send = createApiSend(serverUrl, token, options);
  return async (method, path, body, schema) => {
    const answer = await send(
      body === undefined
        ? { method, path }
        : { method, path, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
    );
    if (!answer.ok) return answer;
    const { response, json } = answer;
    if (!response.ok) return classifyRefusal(response.status, json);
    const parsed = schema.safeParse(json);
    if (!parsed.success) return notOurServer(serverUrl, response.status);
    return { ok: true, value: parsed.data };
  };
};
