import {
  type PullRequestV3,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  pullResponseSchema,
  pushResponseSchema,
} from '../../shared/protocol/index.ts';
import type { ServerUrl } from '../db/server-url.ts';
import { type ApiCallOptions, type ApiResult, createApiCall } from '../pairing/server-api.ts';

export type SyncApi = {
  push(body: PushRequest): Promise<ApiResult<PushResponse>>;
  /** Protocol 2 only: the pull names this device (the `clientId` of its pushes), so none of those comes back. */
  pull(body: PullRequestV3): Promise<ApiResult<PullResponse>>;
};

/** Push and pull on the sync server's API for one paired token (see createApiCall). */
export const createSyncApi = (serverUrl: ServerUrl, token: string, options: ApiCallOptions = {}): SyncApi => {
  const call = createApiCall(serverUrl, token, options);
  return {
    push: (body) => call('POST', '/sync/push', body, pushResponseSchema),
    pull: (body) => call('POST', '/sync/pull', body, pullResponseSchema),
  };
};
