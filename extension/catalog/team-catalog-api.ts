import type { z } from 'zod';
import type { CreateJourneyRequest } from '../../shared/protocol/catalog.ts';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { type Journey, journeySchema } from '../../shared/schemas/index.ts';
import type { FetchLike } from '../sync/check-connection.ts';
import type { ServerUrl } from '../sync/server-url.ts';
import { SYNC_TIMEOUT_MS } from '../sync/sync-api.ts';

/**
 * Why a catalog call failed: `conflict` (409) is the one the caller acts on (the id is taken, maybe by its own
 * earlier attempt whose answer was lost); every other failure carries a sentence for the sampler.
 */
export type CatalogFailure = { ok: false; kind: 'conflict' | 'refused' | 'unreachable' | 'failed'; message: string };
export type CatalogResult<T> = { ok: true; value: T } | CatalogFailure;

export type TeamCatalogApi = {
  createJourney(body: CreateJourneyRequest): Promise<CatalogResult<Journey>>;
  getJourney(journeyId: string): Promise<CatalogResult<Journey>>;
};

const readJson = async (response: Response): Promise<unknown> => {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
};

/**
 * The team catalog routes a lead's extension uses (`POST /journeys`, `GET /journeys/:id`), with the paired token.
 * Like the sync API, the token goes to `serverUrl` only and never into a message.
 */
export const createTeamCatalogApi = (
  serverUrl: ServerUrl,
  token: string,
  { fetch: fetchFn = fetch, timeoutMs = SYNC_TIMEOUT_MS }: { fetch?: FetchLike; timeoutMs?: number } = {},
): TeamCatalogApi => {
  const call = async <S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
  ): Promise<CatalogResult<z.output<S>>> => {
    let response: Response;
    try {
      response = await fetchFn(`${serverUrl}/api/v1${path}`, {
        method,
        credentials: 'omit',
        cache: 'no-store',
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      return { ok: false, kind: 'unreachable', message: `Could not reach ${serverUrl}: try again when online.` };
    }
    const json = await readJson(response);
    if (!response.ok) {
      const envelope = errorEnvelopeSchema.safeParse(json);
      const said = envelope.success ? envelope.data.message : `HTTP ${response.status}`;
      if (response.status === 409) return { ok: false, kind: 'conflict', message: said };
      if (response.status === 401 || response.status === 403) {
        return { ok: false, kind: 'refused', message: `The server did not allow it: ${said}` };
      }
      return {
        ok: false,
        kind: response.status >= 500 || response.status === 429 ? 'unreachable' : 'failed',
        message: `The server answered ${response.status}: ${said}`,
      };
    }
    const parsed = schema.safeParse(json);
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, kind: 'failed', message: `${serverUrl} answered, but not like a Journey Sampler server.` };
  };
  return {
    createJourney: (body) => call('POST', '/journeys', body, journeySchema),
    getJourney: (journeyId) => call('GET', `/journeys/${encodeURIComponent(journeyId)}`, undefined, journeySchema),
  };
};
