import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import { type AttachmentMediaType, attachmentMediaTypeSchema } from '../../../shared/protocol/attachments.ts';
import type { AttachmentsTable, Database } from '../core/database.ts';
import { parseStored, toSafeInteger } from '../core/normalise.ts';
import type { StoreContext } from '../core/store-context.ts';
import { StoredRecordError } from '../core/stored-record-error.ts';

/**
 * An attachment as stored, with what decides who may read it besides leads and admins: its walkthrough's
 * sampler, and whether a lead shared that walkthrough with the team.
 */
export type StoredAttachment = {
  readonly id: string;
  readonly teamId: string;
  readonly walkthroughId: string;
  readonly uploaderId: string;
  readonly samplerId: string | null;
  readonly walkthroughShared: boolean;
  readonly type: AttachmentMediaType;
  readonly bytes: number;
  readonly sha256: string;
  /** Bytes held so far: where the next chunk starts. */
  readonly received: number;
  readonly complete: boolean;
};

export type DeclareAttachmentInput = {
  readonly teamId: string;
  /** The caller: the walkthrough must be theirs, and only they may send the bytes. */
  readonly uploaderId: string;
  readonly id: string;
  readonly walkthroughId: string;
  readonly type: AttachmentMediaType;
  readonly bytes: number;
  readonly sha256: string;
  readonly now: string;
};

/**
 * - created / exists: the attachment is declared as asked (exists: it already was, so a replay changes nothing);
 * - conflict: the caller declared this id before with other content (type, size, hash or walkthrough);
 * - not_found: no walkthrough of the caller's with that id in the team, or the id is someone else's attachment
 *   (another team's or another sampler's): the three look alike from outside.
 */
export type DeclareAttachmentResult =
  | { readonly status: 'created' | 'exists' | 'conflict'; readonly attachment: StoredAttachment }
  | { readonly status: 'not_found' };

export type AppendChunkInput = {
  readonly teamId: string;
  readonly uploaderId: string;
  readonly id: string;
  /** Where the chunk goes: must equal what the server holds (`received`). */
  readonly start: number;
  readonly data: Uint8Array;
  readonly now: string;
};

/**
 * - appended: stored; `attachment.complete` when this chunk was the last and the hash matched;
 * - offset_mismatch: the chunk does not start where the server's bytes end (or the upload is complete, or the
 *   chunk would run past the declared size); nothing changed; `attachment.received` is where to go on;
 * - checksum_mismatch: this was the last chunk but the bytes do not hash to the declared SHA-256: every byte was
 *   thrown away (received 0), so a retry starts over rather than building on bytes that cannot be right;
 * - not_found: no such attachment of this uploader in the team.
 */
export type AppendChunkResult =
  | {
      readonly status: 'appended' | 'offset_mismatch' | 'checksum_mismatch';
      readonly attachment: StoredAttachment;
    }
  | { readonly status: 'not_found' };

/** Chunk rows fetched per query when reading an attachment back: a few MiB at most in memory at a time. */
const CHUNK_ROWS_PER_READ = 4;

type AttachmentRow = Selectable<AttachmentsTable> & {
  readonly sampler_id: string | null;
  readonly shared_at: string | null;
};

function toStoredAttachment(row: AttachmentRow): StoredAttachment {
  const bytes = toSafeInteger(row.bytes, 'attachments.bytes');
  const received = toSafeInteger(row.received, 'attachments.received');
  return {
    id: row.id,
    teamId: row.team_id,
    walkthroughId: row.walkthrough_id,
    uploaderId: row.uploader_id,
    samplerId: row.sampler_id,
    walkthroughShared: row.shared_at !== null,
    type: parseStored(attachmentMediaTypeSchema, row.media_type, `attachment ${row.id} media type`),
    bytes,
    sha256: row.sha256,
    received,
    complete: row.completed_at !== null,
  };
}

/** One attachment of any team, with its walkthrough's sampler; the callers below scope it. */
async function selectAttachment(db: Kysely<Database>, id: string): Promise<AttachmentRow | undefined> {
  return db
    .selectFrom('attachments')
    .leftJoin('walkthroughs', (join) =>
      join
        .onRef('walkthroughs.team_id', '=', 'attachments.team_id')
        .onRef('walkthroughs.id', '=', 'attachments.walkthrough_id'),
    )
    .selectAll('attachments')
    .select(['walkthroughs.sampler_id', 'walkthroughs.shared_at'])
    .where('attachments.id', '=', id)
    .executeTakeFirst();
}

/** Scoped by team: another team's attachment is indistinguishable from a missing one. */
export async function getAttachment(
  { db }: StoreContext,
  teamId: string,
  id: string,
): Promise<StoredAttachment | undefined> {
  const row = await selectAttachment(db, id);
  return row !== undefined && row.team_id === teamId ? toStoredAttachment(row) : undefined;
}

const sameDeclaration = (row: AttachmentRow, input: DeclareAttachmentInput): boolean =>
  row.walkthrough_id === input.walkthroughId &&
  row.media_type === input.type &&
  toSafeInteger(row.bytes, 'attachments.bytes') === input.bytes &&
  row.sha256 === input.sha256;

/**
 * Declares an attachment of one of the caller's walkthroughs, before any of its bytes. Idempotent: declaring the
 * same thing again answers `exists` with where the upload stands, which is how a client resumes.
 */
export async function declareAttachment(
  { db }: StoreContext,
  input: DeclareAttachmentInput,
): Promise<DeclareAttachmentResult> {
  return db.transaction().execute(async (trx): Promise<DeclareAttachmentResult> => {
    const settle = (row: AttachmentRow, fresh: boolean): DeclareAttachmentResult => {
      if (row.team_id !== input.teamId || row.uploader_id !== input.uploaderId) return { status: 'not_found' };
      const attachment = toStoredAttachment(row);
      if (!sameDeclaration(row, input)) return { status: 'conflict', attachment };
      return { status: fresh ? 'created' : 'exists', attachment };
    };
    const existing = await selectAttachment(trx, input.id);
    if (existing !== undefined) return settle(existing, false);

    // The same rule as reading walkthroughs back in a pull: a sampler's screenshots go with their own records.
    const walkthrough = await trx
      .selectFrom('walkthroughs')
      .select('sampler_id')
      .where('team_id', '=', input.teamId)
      .where('id', '=', input.walkthroughId)
      .executeTakeFirst();
    if (walkthrough === undefined || walkthrough.sampler_id !== input.uploaderId) return { status: 'not_found' };

    const inserted = await trx
      .insertInto('attachments')
      .values({
        id: input.id,
        team_id: input.teamId,
        walkthrough_id: input.walkthroughId,
        uploader_id: input.uploaderId,
        media_type: input.type,
        bytes: input.bytes,
        sha256: input.sha256,
        received: 0,
        created_at: input.now,
        completed_at: null,
      })
      // A concurrent declaration of the same id won the race: judge this one against what it stored.
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    const row = await selectAttachment(trx, input.id);
    if (row === undefined) throw new Error(`attachment ${input.id} is missing right after its insert`);
    return settle(row, Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1);
  });
}

/**
 * Appends one chunk at `start`, in one transaction: the guarded update (`received = start`, not complete, within
 * the declared size) lets exactly one of two racing appends at the same offset through, on both databases. The
 * last chunk completes the upload only if the whole hashes to the declared SHA-256.
 */
export async function appendAttachmentChunk(
  context: StoreContext,
  input: AppendChunkInput,
): Promise<AppendChunkResult> {
  const length = input.data.byteLength;
  if (length === 0) throw new Error('appendAttachmentChunk: an empty chunk moves nothing; the route refuses it');
  return context.db.transaction().execute(async (trx): Promise<AppendChunkResult> => {
    const moved = await trx
      .updateTable('attachments')
      .set({ received: sql<number>`received + ${length}` })
      .where('id', '=', input.id)
      .where('team_id', '=', input.teamId)
      .where('uploader_id', '=', input.uploaderId)
      .where('received', '=', input.start)
      .where('completed_at', 'is', null)
      .where('bytes', '>=', input.start + length)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) {
      const row = await selectAttachment(trx, input.id);
      if (row === undefined || row.team_id !== input.teamId || row.uploader_id !== input.uploaderId)
        return { status: 'not_found' };
      return { status: 'offset_mismatch', attachment: toStoredAttachment(row) };
    }
    await trx
      .insertInto('attachment_chunks')
      .values({
        attachment_id: input.id,
        team_id: input.teamId,
        start_byte: input.start,
        // better-sqlite3 binds a Buffer as a BLOB; pg binds it as bytea. A view of the same memory, not a copy.
        data: Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength),
      })
      .execute();

    const row = await selectAttachment(trx, input.id);
    if (row === undefined) throw new Error(`attachment ${input.id} vanished inside its own transaction`);
    const attachment = toStoredAttachment(row);
    if (attachment.received < attachment.bytes) return { status: 'appended', attachment };

    const hash = createHash('sha256');
    for await (const chunk of readAttachment({ ...context, db: trx }, attachment)) hash.update(chunk);
    if (hash.digest('hex') === attachment.sha256) {
      await trx
        .updateTable('attachments')
        .set({ completed_at: input.now })
        .where('id', '=', input.id)
        .where('team_id', '=', input.teamId)
        .execute();
      return { status: 'appended', attachment: { ...attachment, complete: true } };
    }
    await trx
      .deleteFrom('attachment_chunks')
      .where('team_id', '=', input.teamId)
      .where('attachment_id', '=', input.id)
      .execute();
    await trx
      .updateTable('attachments')
      .set({ received: 0 })
      .where('id', '=', input.id)
      .where('team_id', '=', input.teamId)
      .execute();
    return { status: 'checksum_mismatch', attachment: { ...attachment, received: 0 } };
  });
}

/**
 * The bytes held so far of an attachment, in order, a few chunk rows per query. The chunks must tile
 * `[0, received)` exactly; a gap or an overlap is corruption (a StoredRecordError), never silently served.
 */
export async function* readAttachment(
  { db }: StoreContext,
  attachment: Pick<StoredAttachment, 'id' | 'teamId' | 'received'>,
): AsyncIterable<Uint8Array> {
  let position = 0;
  while (position < attachment.received) {
    const rows = await db
      .selectFrom('attachment_chunks')
      .select(['start_byte', 'data'])
      .where('team_id', '=', attachment.teamId)
      .where('attachment_id', '=', attachment.id)
      .where('start_byte', '>=', position)
      .orderBy('start_byte')
      .limit(CHUNK_ROWS_PER_READ)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      if (toSafeInteger(row.start_byte, 'attachment_chunks.start_byte') !== position) {
        throw new StoredRecordError(`attachment ${attachment.id} has no chunk at byte ${position}`);
      }
      position += row.data.byteLength;
      yield row.data;
    }
  }
  if (position !== attachment.received) {
    throw new StoredRecordError(`attachment ${attachment.id} holds ${position} bytes, not ${attachment.received}`);
  }
}
