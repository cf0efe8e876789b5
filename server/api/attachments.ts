import { Hono } from 'hono';
import { imageTypeOf, LONGEST_SIGNATURE_BYTES } from '../../shared/domain/image-signature.ts';
import {
  ATTACHMENT_CHUNK_MEDIA_TYPE,
  type AttachmentStatus,
  attachmentDeclarationSchema,
  MAX_ATTACHMENT_CHUNK_BYTES,
  MIN_ATTACHMENT_CHUNK_BYTES,
  UPLOAD_OFFSET_HEADER,
  uploadOffsetSchema,
} from '../../shared/protocol/attachments.ts';
import { DEFAULT_ATTACHMENT_MAX_BYTES, DEFAULT_BODY_LIMIT_BYTES } from '../config.ts';
import type { AppEnv } from '../env.ts';
import type { CatalogRoutesDeps } from '../http/catalog-deps.ts';
import { idParam } from '../http/id-param.ts';
import { syncBody } from '../http/sync-body.ts';
import type { Caller } from '../middleware/auth.ts';
import { limitBody } from '../middleware/body-limit.ts';
import { errorResponse } from '../middleware/error-response.ts';
import type { StoredAttachment } from '../store/queries/attachments.ts';

export type AttachmentRoutesDeps = CatalogRoutesDeps & {
  /** ATTACHMENT_MAX_BYTES: larger declarations are refused with 413. */
  readonly attachmentMaxBytes?: number;
  /** BODY_LIMIT_BYTES: a chunk must fit under it, so the chunk size offered is the smaller of the two. */
  readonly bodyLimitBytes?: number;
};

/**
 * Who may see an attachment: whoever may read its walkthrough (server/api/walkthroughs.ts), so leads and admins
 * the team's, staff their own walkthroughs' and the shared ones'.
 */
const canSee = (caller: Caller, attachment: StoredAttachment): boolean =>
  caller.role !== 'staff' ||
  attachment.samplerId === caller.userId ||
  attachment.uploaderId === caller.userId ||
  attachment.walkthroughShared;

const FILE_EXTENSION = { 'image/png': 'png', 'image/jpeg': 'jpg' } as const;

/**
 * The attachment (screenshot) routes of the sync API; the protocol is described in shared/protocol/attachments.ts.
 * Every caller is authenticated (app.ts guards the API) and scoped to their team; another team's
 * attachment, and for staff another sampler's, is 404 like a missing one.
 *
 * | route | who | answers |
 * |---|---|---|
 * | PUT /attachments/:id | the sampler of the walkthrough named in the body | 201 declared, 200 already declared the same, 404 no such walkthrough of the caller's, 409 declared before with other content, 413 over ATTACHMENT_MAX_BYTES |
 * | PATCH /attachments/:id | whoever declared it | 200 appended (complete once the last chunk hashes right), 409 wrong offset (the right one in `Upload-Offset`), 400 bad chunk or SHA-256 mismatch (bytes discarded), 413 chunk over the limit, 415 not `application/offset+octet-stream` or bytes not of the declared image type |
 * | GET /attachments/:id/status | staff: own and shared; lead, admin: team's | 200 the upload's status |
 * | GET /attachments/:id | staff: own and shared; lead, admin: team's | 200 the bytes, 409 while incomplete |
 */
export function attachmentRoutes({
  store,
  now = () => new Date(),
  attachmentMaxBytes = DEFAULT_ATTACHMENT_MAX_BYTES,
  bodyLimitBytes = DEFAULT_BODY_LIMIT_BYTES,
}: AttachmentRoutesDeps) {
  const maxChunkBytes = Math.min(MAX_ATTACHMENT_CHUNK_BYTES, bodyLimitBytes);
  const minChunkBytes = Math.min(MIN_ATTACHMENT_CHUNK_BYTES, maxChunkBytes);
  const statusOf = (attachment: StoredAttachment): AttachmentStatus => ({
    id: attachment.id,
    walkthroughId: attachment.walkthroughId,
    type: attachment.type,
    bytes: attachment.bytes,
    sha256: attachment.sha256,
    offset: attachment.received,
    complete: attachment.complete,
    maxChunkBytes,
  });

  return (
    new Hono<AppEnv>()
      .put('/:id', idParam('attachment'), syncBody(attachmentDeclarationSchema), async (c) => {
        const caller = c.get('caller');
        const { id } = c.req.valid('param');
        const declaration = c.req.valid('json');
        if (declaration.bytes > attachmentMaxBytes) {
          return errorResponse(
            c,
            413,
            'payload_too_large',
            `this attachment is ${declaration.bytes} bytes; this server keeps attachments of at most ${attachmentMaxBytes} bytes`,
          );
        }
        const result = await store.declareAttachment({
          teamId: caller.teamId,
          uploaderId: caller.userId,
          id,
          walkthroughId: declaration.walkthroughId,
          type: declaration.type,
          bytes: declaration.bytes,
          sha256: declaration.sha256,
          now: now().toISOString(),
        });
        if (result.status === 'not_found') {
          return errorResponse(
            c,
            404,
            'not_found',
            'no walkthrough of yours with this id is on the server (push it first), or the attachment id is taken',
          );
        }
        if (result.status === 'conflict') {
          return errorResponse(
            c,
            409,
            'conflict',
            'this attachment was declared before with another walkthrough, type, size or SHA-256',
          );
        }
        c.header(UPLOAD_OFFSET_HEADER, String(result.attachment.received));
        return c.json(statusOf(result.attachment), result.status === 'created' ? 201 : 200);
      })
      // The chunk bound comes before anything reads the body: the app-wide limit may be far larger.
      .patch('/:id', limitBody({ maxBytes: maxChunkBytes }), idParam('attachment'), async (c) => {
        const caller = c.get('caller');
        const { id } = c.req.valid('param');
        const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        if (mediaType !== ATTACHMENT_CHUNK_MEDIA_TYPE) {
          return errorResponse(
            c,
            415,
            'unsupported_media_type',
            `a chunk must be sent as ${ATTACHMENT_CHUNK_MEDIA_TYPE}`,
          );
        }
        const offset = uploadOffsetSchema.safeParse(c.req.header(UPLOAD_OFFSET_HEADER) ?? '');
        if (!offset.success) {
          return errorResponse(c, 400, 'bad_request', `the ${UPLOAD_OFFSET_HEADER} header must be a byte count`);
        }
        const start = offset.data;
        const data = new Uint8Array(await c.req.arrayBuffer());

        const attachment = await store.getAttachment(caller.teamId, id);
        if (attachment === undefined || attachment.uploaderId !== caller.userId) {
          return errorResponse(c, 404, 'not_found', 'attachment not found');
        }
        const conflict = (current: StoredAttachment) => {
          c.header(UPLOAD_OFFSET_HEADER, String(current.received));
          return errorResponse(
            c,
            409,
            'conflict',
            current.complete
              ? 'this attachment is complete already'
              : `the server holds ${current.received} bytes of this attachment: send the chunk at that offset`,
          );
        };
        if (attachment.complete || start !== attachment.received) return conflict(attachment);
        const remaining = attachment.bytes - start;
        if (data.byteLength === 0 || data.byteLength > remaining) {
          return errorResponse(
            c,
            400,
            'bad_request',
            `a chunk at byte ${start} must hold 1–${remaining} bytes (the rest of the declared ${attachment.bytes})`,
          );
        }
        if (data.byteLength < Math.min(minChunkBytes, remaining)) {
          return errorResponse(
            c,
            400,
            'bad_request',
            `every chunk but the last must hold at least ${minChunkBytes} bytes`,
          );
        }
        // The declared type is a claim: the first chunk holds the signature, and it must agree.
        if (start === 0 && imageTypeOf(data.subarray(0, LONGEST_SIGNATURE_BYTES)) !== attachment.type) {
          return errorResponse(
            c,
            415,
            'unsupported_media_type',
            `the bytes are not a ${attachment.type} image (checked by their signature)`,
          );
        }

        const result = await store.appendAttachmentChunk({
          teamId: caller.teamId,
          uploaderId: caller.userId,
          id,
          start,
          data,
          now: now().toISOString(),
        });
        if (result.status === 'not_found') return errorResponse(c, 404, 'not_found', 'attachment not found');
        // Another request appended here first: this one changed nothing.
        if (result.status === 'offset_mismatch') return conflict(result.attachment);
        if (result.status === 'checksum_mismatch') {
          c.header(UPLOAD_OFFSET_HEADER, '0');
          return errorResponse(
            c,
            400,
            'bad_request',
            'the bytes do not match the declared SHA-256, so all of them were discarded: upload the attachment again from byte 0',
          );
        }
        c.header(UPLOAD_OFFSET_HEADER, String(result.attachment.received));
        return c.json(statusOf(result.attachment), 200);
      })
      .get('/:id/status', idParam('attachment'), async (c) => {
        const caller = c.get('caller');
        const attachment = await store.getAttachment(caller.teamId, c.req.valid('param').id);
        if (attachment === undefined || !canSee(caller, attachment)) {
          return errorResponse(c, 404, 'not_found', 'attachment not found');
        }
        c.header(UPLOAD_OFFSET_HEADER, String(attachment.received));
        return c.json(statusOf(attachment), 200);
      })
      .get('/:id', idParam('attachment'), async (c) => {
        const caller = c.get('caller');
        const attachment = await store.getAttachment(caller.teamId, c.req.valid('param').id);
        if (attachment === undefined || !canSee(caller, attachment)) {
          return errorResponse(c, 404, 'not_found', 'attachment not found');
        }
        if (!attachment.complete) {
          return errorResponse(c, 409, 'conflict', 'this attachment is still being uploaded');
        }
        const chunks = store.readAttachment(attachment)[Symbol.asyncIterator]();
        // Streamed a few chunk rows at a time: a 20 MiB screenshot is never whole in the server's memory.
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const next = await chunks.next();
            if (next.done) controller.close();
            else controller.enqueue(next.value);
          },
          async cancel() {
            await chunks.return?.();
          },
        });
        return c.body(body, 200, {
          'Content-Type': attachment.type,
          'Content-Length': String(attachment.bytes),
          // Never rendered as a page of this origin: a download when opened, an image when an <img> or fetch()
          // asks (which ignore the disposition). nosniff and the API's deny-all CSP (apiSecureHeaders) come on
          // top, and the first bytes were checked to be an image of this type when they arrived.
          'Content-Disposition': `attachment; filename="screenshot-${attachment.id}.${FILE_EXTENSION[attachment.type]}"`,
          'X-Content-Type-Options': 'nosniff',
          // Screenshots may show personal data: no copy is kept by the browser or any shared cache.
          'Cache-Control': 'private, no-store',
          ETag: `"${attachment.sha256}"`,
        });
      })
  );
}
