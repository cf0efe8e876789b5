import {
  ATTACHMENT_CHUNK_MEDIA_TYPE,
  type AttachmentDeclaration,
  type AttachmentStatus,
  attachmentStatusSchema,
  UPLOAD_OFFSET_HEADER,
  uploadOffsetSchema,
} from '../../shared/protocol/attachments.ts';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import type { ServerUrl } from '../db/server-url.ts';
import {
  API_TIMEOUT_MS,
  type ApiFailure,
  classifyRefusal,
  createApiSend,
  type FetchLike,
  notOurServer,
} from '../pairing/server-api.ts';

/**
 * A chunk gets longer than other requests: 1 MiB on a slow uplink (a hotel, a tethered phone) can take a minute.
 * Still shorter than the sync lease (run-sync's LEASE_MS), which is renewed before every request.
 */
export const CHUNK_TIMEOUT_MS = 90_000;

/**
 * An answer about one screenshot's upload, as a value:
 * - ok: where the upload stands now;
 * - offset-mismatch: the server holds `offset` bytes, not what the chunk assumed: go on from there;
 * - not-declared: a chunk found no upload to join: the server deleted it meanwhile (it purges uploads left
 *   incomplete for 30 days, and could do so between a declaration and its chunk): declare it again, which starts
 *   over at byte 0. Not a refusal: the screenshot is fine, only the server's half of the upload is gone;
 * - refused: the server will never take this screenshot as it is (too large, not an image of its type, SHA-256
 *   mismatch, walkthrough unknown there): it needs the sampler's attention, other screenshots carry on;
 * - an ApiFailure: the server or the network failed the whole run (offline, 5xx, bad token, old extension).
 */
export type ScreenshotAnswer =
  | { ok: true; status: AttachmentStatus }
  | { ok: false; kind: 'offset-mismatch'; offset: number }
  | { ok: false; kind: 'not-declared' }
  | { ok: false; kind: 'refused'; status: number; message: string }
  | ApiFailure;

export type ScreenshotApi = {
  /** `PUT /attachments/:id`: declare it (or, again, ask where it stands). */
  declare(id: string, declaration: AttachmentDeclaration): Promise<ScreenshotAnswer>;
  /** `PATCH /attachments/:id`: the bytes at `offset`. */
  append(id: string, offset: number, chunk: Uint8Array<ArrayBuffer>): Promise<ScreenshotAnswer>;
};

/** The server's own words for a refusal, which are written for the sampler ("at most 10485760 bytes"). */
const messageOf = (status: number, json: unknown): string => {
  const envelope = errorEnvelopeSchema.safeParse(json);
  return envelope.success ? envelope.data.message : `the server answered ${status}`;
};

/**
 * The screenshot upload endpoints for one paired token; like createApiCall, the token goes in the Authorization
 * header to `serverUrl` only. A screenshot is uploaded as an *attachment* of its walkthrough: the server's API
 * (`/api/v1/attachments`, shared/protocol/attachments.ts) and the stored tables keep that name; the extension's
 * code says screenshot.
 */
export const createScreenshotApi = (
  serverUrl: ServerUrl,
  token: string,
  { fetch: fetchFn = fetch }: { fetch?: FetchLike } = {},
): ScreenshotApi => {
  const send = createApiSend(serverUrl, token, { fetch: fetchFn });
  const call = async (
    method: 'PUT' | 'PATCH',
    id: string,
    body: string | Uint8Array<ArrayBuffer>,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<ScreenshotAnswer> => {
    const answer = await send({ method, path: `/attachments/${id}`, body, headers, timeoutMs });
    if (!answer.ok) return answer;
    const { response, json } = answer;
    if (response.ok) {
      const parsed = attachmentStatusSchema.safeParse(json);
      return parsed.success ? { ok: true, status: parsed.data } : notOurServer(serverUrl, response.status);
    }
    const failure = classifyRefusal(response.status, json);
    // A 409 to a chunk names the server's offset; a 409 to a declaration (declared before with other content)
    // is a refusal like the other 4xx below.
    const offset = uploadOffsetSchema.safeParse(response.headers.get(UPLOAD_OFFSET_HEADER) ?? '');
    if (method === 'PATCH' && response.status === 409 && offset.success)
      return { ok: false, kind: 'offset-mismatch', offset: offset.data };
    // A 404 to a declaration is a refusal (no walkthrough of ours there); to a chunk, the upload is gone.
    if (method === 'PATCH' && response.status === 404) return { ok: false, kind: 'not-declared' };
    if (failure.kind === 'failed' || failure.kind === 'conflict')
      return { ok: false, kind: 'refused', status: response.status, message: messageOf(response.status, json) };
    return failure;
  };

  return {
    declare: (id, declaration) =>
      call('PUT', id, JSON.stringify(declaration), { 'content-type': 'application/json' }, API_TIMEOUT_MS),
    append: (id, offset, chunk) =>
      call(
        'PATCH',
        id,
        chunk,
        { 'content-type': ATTACHMENT_CHUNK_MEDIA_TYPE, [UPLOAD_OFFSET_HEADER]: String(offset) },
        CHUNK_TIMEOUT_MS,
      ),
  };
};
