import { z } from 'zod';
import { idSchema } from '../schemas/common.ts';

/**
 * Attachments (screenshots of notes and pain points) travel apart from walkthrough records, in chunks, so a large
 * image never holds back a push and an interrupted upload goes on where the server stopped:
 *
 * 1. `PUT /attachments/:id` with an attachmentDeclaration (idempotent): 201 created or 200 already declared, with
 *    the attachmentStatus, whose `offset` says how many bytes the server holds.
 * 2. `PATCH /attachments/:id` with `Upload-Offset: <offset>` and `Content-Type: application/offset+octet-stream`,
 *    the raw bytes from that offset (at most `maxChunkBytes`): 200 with the new status. An offset other than
 *    the server's is 409 with the server's offset in the `Upload-Offset` response header. The chunk that reaches
 *    `bytes` completes the upload when the SHA-256 matches; otherwise the bytes are thrown away (offset 0).
 * 3. `GET /attachments/:id/status`: the status, for a client resuming after it lost an answer.
 * 4. `GET /attachments/:id`: the bytes of a complete attachment, for the dashboard.
 */

/** What a capture of the visible tab can be (tabs.captureVisibleTab). The server checks the bytes, not the label. */
export const ATTACHMENT_MEDIA_TYPES = ['image/png', 'image/jpeg'] as const;
export const attachmentMediaTypeSchema = z.enum(ATTACHMENT_MEDIA_TYPES);
export type AttachmentMediaType = z.infer<typeof attachmentMediaTypeSchema>;

/**
 * The protocol's ceiling: the extension refuses to keep a capture above it (20 MiB bounds the largest screen).
 * A server may accept less (ATTACHMENT_MAX_BYTES) and answers a larger declaration with 413.
 */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** The largest chunk of one PATCH: well under the server's default body limit, and a short request on a slow link. */
export const MAX_ATTACHMENT_CHUNK_BYTES = 1024 * 1024;

/**
 * Every chunk but the last of an attachment must be at least this large (or `maxChunkBytes`, if smaller): it
 * bounds the chunk rows one attachment can take on the server to a few hundred.
 */
export const MIN_ATTACHMENT_CHUNK_BYTES = 64 * 1024;

/** Request and response header carrying a byte offset into the attachment (the name tus uses). */
export const UPLOAD_OFFSET_HEADER = 'Upload-Offset';

/** The media type of a chunk body: raw bytes at an offset, not a file of their own (the one tus uses). */
export const ATTACHMENT_CHUNK_MEDIA_TYPE = 'application/offset+octet-stream';

/** Lowercase hex SHA-256 of the whole attachment: how the server knows the chunks add up to the client's file. */
export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');

/** `PUT /attachments/:id`: what the client is about to send. Declaring the same thing again changes nothing. */
export const attachmentDeclarationSchema = z.strictObject({
  protocolVersion: z.int().min(1),
  /** The walkthrough whose note or pain point shows it: one of the caller's own, already on the server. */
  walkthroughId: idSchema,
  type: attachmentMediaTypeSchema,
  bytes: z.int().min(1).max(MAX_ATTACHMENT_BYTES),
  sha256: sha256HexSchema,
});
export type AttachmentDeclaration = z.infer<typeof attachmentDeclarationSchema>;

/** Where an upload stands, as every attachment answer but GET of the bytes reports it. */
export const attachmentStatusSchema = z
  .strictObject({
    id: idSchema,
    walkthroughId: idSchema,
    type: attachmentMediaTypeSchema,
    bytes: z.int().min(1).max(MAX_ATTACHMENT_BYTES),
    sha256: sha256HexSchema,
    /** Bytes the server holds, from the start: the next chunk starts here. */
    offset: z.int().min(0).max(MAX_ATTACHMENT_BYTES),
    /** All bytes arrived and matched `sha256`; the attachment can be read and never changes again. */
    complete: z.boolean(),
    /** The largest chunk this server takes in one PATCH. */
    maxChunkBytes: z.int().min(1).max(MAX_ATTACHMENT_CHUNK_BYTES),
  })
  .refine((s) => s.offset <= s.bytes, { message: 'offset past the end', path: ['offset'] })
  .refine((s) => !s.complete || s.offset === s.bytes, { message: 'complete before the end', path: ['complete'] });
export type AttachmentStatus = z.infer<typeof attachmentStatusSchema>;

/** An `Upload-Offset` header value: a plain decimal byte count within the protocol's ceiling. */
export const uploadOffsetSchema = z
  .string()
  .regex(/^\d{1,9}$/, 'a decimal byte count')
  .transform(Number)
  .pipe(z.int().min(0).max(MAX_ATTACHMENT_BYTES));
