import type { CreateJourneyRequest } from '../../shared/protocol/catalog.ts';
import { type Journey, journeySchema } from '../../shared/schemas/index.ts';
import type { ServerUrl } from '../db/server-url.ts';
import { type ApiCallOptions, type ApiFailure, createApiCall } from '../pairing/server-api.ts';

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

/** A failure of the shared API call, in the catalog's terms: a 401/403 here is a refusal of the action. */
const asCatalogFailure = (failure: ApiFailure): CatalogFailure => {
  switch (failure.kind) {
    case 'conflict':
    case 'unreachable':
    case 'failed':
      return { ok: false, kind: failure.kind, message: failure.message };
    case 'unauthorized':
      return { ok: false, kind: 'refused', message: failure.message };
    case 'unsupported-protocol':
      return { ok: false, kind: 'failed', message: failure.message };
  }
};

/**
 * The team catalog routes a lead's extension uses (`POST /journeys`, `GET /journeys/:id`), with the paired token,
 * through the same API call as sync (the token goes to `serverUrl` only and never into a message).
 */
export const createTeamCatalogApi = (
  serverUrl: ServerUrl,
  token: string,
  options: ApiCallOptions = {},
): TeamCatalogApi => {
  const call = createApiCall(serverUrl, token, options);
  const catalog = async <T>(result: Promise<{ ok: true; value: T } | ApiFailure>): Promise<CatalogResult<T>> => {
    const answer = await result;
    return answer.ok ? answer : asCatalogFailure(answer);
  };
  return {
    createJourney: (body) => catalog(call('POST', '/journeys', body, journeySchema)),
    getJourney: (journeyId) =>
      catalog(call('GET', `/journeys/${encodeURIComponent(journeyId)}`, undefined, journeySchema)),
  };
};
