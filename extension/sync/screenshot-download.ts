import { imageTypeOf, LONGEST_SIGNATURE_BYTES } from '../../shared/domain/image-signature.ts';
import {
  type AttachmentMediaType,
  attachmentMediaTypeSchema,
  MAX_ATTACHMENT_BYTES,
} from '../../shared/protocol/attachments.ts';
import { idSchema } from '../../shared/schemas/index.ts';
import type { ServerUrl } from '../db/server-url.ts';
import { type ApiFailure, classifyRefusal, createApiSend, type FetchLike } from '../pairing/server-api.ts';

/**
 * A download is one request for at most 20 MiB: a minute covers a slow link, and the sampler is looking at a
 * "Downloading…" line meanwhile. The timer runs until the last byte is read, not only until the headers arrive.
 */
export const DOWNLOAD_TIMEOUT_MS = 60_000;

/**
 * How one download ended, as a value:
 * - ok: the bytes, of the type their signature and the server agree on;
 * - not-uploaded: the server has no complete copy (404: not declared yet; 409: still arriving), as when the
 *   device that recorded the walkthrough has not finished uploading it: try again later;
 * - bad-answer: a 2xx answer that is not a screenshot (HTML, another type, too large, bytes of another kind):
 *   nothing of it is kept;
 * - an ApiFailure: offline or unreachable, the token refused (401: not paired any more), a server error.
 */
export type DownloadAnswer =
  | { ok: true; type: AttachmentMediaType; bytes: Uint8Array<ArrayBuffer> }
  | { ok: false; kind: 'not-uploaded'; status: number; message: string }
  | { ok: false; kind: 'bad-answer'; status: number; message: string }
  | ApiFailure;

export type ScreenshotDownload = (id: string, signal?: AbortSignal) => Promise<DownloadAnswer>;

const badAnswer = (status: number, message: string): DownloadAnswer => ({
  ok: false,
  kind: 'bad-answer',
  status,
  message,
});

/** The media type of a Content-Type header, without parameters, lowercase; '' when there is none. */
const mediaTypeOf = (header: string | null): string => (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/**
 * The whole body, or null once it grows past `maxBytes` (the rest is never read). A Content-Length is only a
 * hint: the count is of the bytes that actually arrive.
 */
const readCapped = async (response: Response, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> => {
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return bytes;
};

/**
 * `GET /attachments/:id` for one paired token: a screenshot's bytes, checked before anyone keeps them. The
 * request goes through createApiSend like every other call made with the token, so it goes to `serverUrl` only
 * and a redirect is an error rather than followed. Nothing the answer says is trusted beyond its bytes: the status must be
 * 200, the Content-Type PNG or JPEG, the body at most `maxBytes` (MAX_ATTACHMENT_BYTES, the protocol's cap) and
 * an image of that type by its signature (the server's own check, shared/domain/image-signature.ts).
 */
export const createScreenshotDownload = (
  serverUrl: ServerUrl,
  token: string,
  { fetch: fetchFn = fetch, maxBytes = MAX_ATTACHMENT_BYTES }: { fetch?: FetchLike; maxBytes?: number } = {},
): ScreenshotDownload => {
  return async (id, signal) => {
    // Ids come from a stored walkthrough record; one that is not an id is never put in a path.
    if (!idSchema.safeParse(id).success) return badAnswer(0, 'that is not a screenshot id');
    const send = createApiSend(serverUrl, token, { timeoutMs: DOWNLOAD_TIMEOUT_MS, fetch: fetchFn });
    const answer = await send({
      method: 'GET',
      path: `/attachments/${id}`,
      headers: { accept: 'image/png, image/jpeg' },
      ...(signal === undefined ? {} : { signal }),
      // A 2xx body is the image: read by checkImage within the cap, not as JSON.
      rawBody: true,
    });
    if (!answer.ok) return answer;
    const { response, json } = answer;
    if (!response.ok) {
      if (response.status === 404 || response.status === 409)
        return { ok: false, kind: 'not-uploaded', status: response.status, message: 'not on the server yet' };
      return classifyRefusal(response.status, json);
    }
    return checkImage(response, maxBytes);
  };
};

/** The checks of a 2xx answer; the body is read (within the cap) only when the headers pass. */
const checkImage = async (response: Response, maxBytes: number): Promise<DownloadAnswer> => {
  const { status } = response;
  const discard = async (message: string): Promise<DownloadAnswer> => {
    await response.body?.cancel().catch(() => {});
    return badAnswer(status, message);
  };
  if (status !== 200) return discard(`the server answered ${status} without the screenshot`);
  const declared = attachmentMediaTypeSchema.safeParse(mediaTypeOf(response.headers.get('content-type')));
  if (!declared.success) {
    const said = mediaTypeOf(response.headers.get('content-type')) || 'no type';
    return discard(`the server sent ${said.slice(0, 100)}, not a PNG or JPEG screenshot`);
  }
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  if (length > maxBytes) return discard(`the screenshot is ${length} bytes; at most ${maxBytes} are kept`);
  let bytes: Uint8Array<ArrayBuffer> | null;
  try {
    bytes = await readCapped(response, maxBytes);
  } catch {
    // The connection dropped, or the timeout (or closing the view) aborted the body half way.
    return { ok: false, kind: 'unreachable', status: null, message: 'The download stopped before the end.' };
  }
  if (bytes === null) return badAnswer(status, `the screenshot is larger than ${maxBytes} bytes`);
  if (imageTypeOf(bytes.subarray(0, LONGEST_SIGNATURE_BYTES)) !== declared.data)
    return badAnswer(status, `the bytes are not a ${declared.data} image`);
  return { ok: true, type: declared.data, bytes };
};
