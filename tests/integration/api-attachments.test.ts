import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import {
  ATTACHMENT_CHUNK_MEDIA_TYPE,
  type AttachmentStatus,
  attachmentStatusSchema,
  MAX_ATTACHMENT_CHUNK_BYTES,
} from '../../shared/protocol/attachments.ts';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { pushResponseSchema } from '../../shared/protocol/push.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import { makeScreenshotBytes, sha256Hex } from '../fixtures/make-screenshot.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { type Client, client, openTwoTeams, type SeededTeam, seedJourney } from '../helpers/api-harness.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

const ids = createIdGenerator(0xa77);
const CHUNK = MAX_ATTACHMENT_CHUNK_BYTES;
/** Two full chunks and a part: enough to cut, resume and finish. */
const SIZE = 2 * CHUNK + 300_000;

type Declared = { readonly id: string; readonly bytes: Uint8Array<ArrayBuffer>; readonly walkthroughId: string };

const declaration = (walkthroughId: string, bytes: Uint8Array, overrides: Record<string, unknown> = {}) => ({
  protocolVersion: PROTOCOL_VERSION,
  walkthroughId,
  type: 'image/png',
  bytes: bytes.byteLength,
  sha256: sha256Hex(bytes),
  ...overrides,
});

const sendChunk = (
  as: Client,
  id: string,
  offset: number,
  chunk: Uint8Array<ArrayBuffer>,
  type = ATTACHMENT_CHUNK_MEDIA_TYPE,
) =>
  as.raw('PATCH', `/attachments/${id}`, {
    body: chunk,
    headers: { 'Content-Type': type, 'Upload-Offset': String(offset) },
  });

const statusOf = async (response: Response): Promise<AttachmentStatus> => {
  const text = await response.text();
  expect(response.ok, text).toBe(true);
  return attachmentStatusSchema.parse(JSON.parse(text));
};

/**
 * The response body is exactly `expected`. Compared by length and SHA-256: a deep equality over megabytes of
 * typed array takes vitest seconds, and its diff would be unreadable anyway.
 */
const expectBytes = async (response: Response, expected: Uint8Array): Promise<void> => {
  const actual = new Uint8Array(await response.arrayBuffer());
  expect(actual.byteLength).toBe(expected.byteLength);
  expect(sha256Hex(actual)).toBe(sha256Hex(expected));
};

const errorOf = async (response: Response, status: number) => {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return errorEnvelopeSchema.parse(JSON.parse(text));
};

describe.each(storeFactories())('attachments API on $kind', ({ open }) => {
  let opened: OpenedStore;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let teamA: SeededTeam;
  let teamB: SeededTeam;
  let journeyA: string;
  let staffA: Client;

  /** A walkthrough of `member`'s, accepted by the server. */
  const pushedWalkthrough = async (member: SeededTeam['staff'], journeyId: string | null = journeyA) => {
    const walkthrough = makeWalkthrough({ journeyId, samplerId: member.userId }, ids);
    const answer = await client(app, member.token).push([{ type: 'walkthrough', data: walkthrough }], ids());
    expect(pushResponseSchema.parse(answer.body).results[0]?.status).toBe('accepted');
    return walkthrough.id;
  };

  /** Declared by team A's staff member, none of its bytes sent yet. */
  const declared = async (size = SIZE, seed = 1): Promise<Declared> => {
    const walkthroughId = await pushedWalkthrough(teamA.staff);
    const bytes = makeScreenshotBytes(size, { seed });
    const id = ids();
    const answer = await staffA.put(`/attachments/${id}`, declaration(walkthroughId, bytes));
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return { id, bytes, walkthroughId };
  };

  const uploadFrom = async (as: Client, { id, bytes }: Declared, from = 0): Promise<AttachmentStatus> => {
    let status: AttachmentStatus | undefined;
    for (let at = from; at < bytes.byteLength; at += CHUNK) {
      status = await statusOf(await sendChunk(as, id, at, bytes.slice(at, at + CHUNK)));
    }
    if (status === undefined) throw new Error('nothing to upload');
    return status;
  };

  const chunkRows = async (id: string) =>
    (
      await testDatabase(store)
        .selectFrom('attachment_chunks')
        .select(['start_byte'])
        .where('attachment_id', '=', id)
        .orderBy('start_byte')
        .execute()
    ).map((row) => Number(row.start_byte));

  beforeEach(async () => {
    const setUp = await openTwoTeams(open);
    ({ opened, store, teamA, teamB } = setUp);
    // A server that keeps attachments up to 3 MiB: the cap below the protocol's 20 MiB is what 413 is about.
    app = createApp({ store, logger: createMemoryLogger(), attachmentMaxBytes: 3 * 1024 * 1024 });
    staffA = client(app, teamA.staff.token);
    journeyA = await seedJourney(client(app, teamA.lead.token));
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('uploads in chunks and serves the bytes back unchanged, as a download that is never sniffed', async () => {
    const attachment = await declared();
    const done = await uploadFrom(staffA, attachment);
    expect(done).toEqual({
      id: attachment.id,
      walkthroughId: attachment.walkthroughId,
      type: 'image/png',
      bytes: SIZE,
      sha256: sha256Hex(attachment.bytes),
      offset: SIZE,
      complete: true,
      maxChunkBytes: CHUNK,
    });
    expect(await chunkRows(attachment.id)).toEqual([0, CHUNK, 2 * CHUNK]);

    const read = await staffA.raw('GET', `/attachments/${attachment.id}`);
    expect(read.status).toBe(200);
    await expectBytes(read, attachment.bytes);
    expect(Object.fromEntries(read.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(SIZE),
      'content-disposition': `attachment; filename="screenshot-${attachment.id}.png"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'cache-control': 'private, no-store',
    });
  });

  it('resumes where the server stopped, and replays change nothing', async () => {
    const attachment = await declared();
    // One chunk arrives, then the client goes away (worker stopped, network gone).
    await statusOf(await sendChunk(staffA, attachment.id, 0, attachment.bytes.slice(0, CHUNK)));

    // Declaring again is how a client asks where it stands: same answer, nothing new made.
    const again = await staffA.put(
      `/attachments/${attachment.id}`,
      declaration(attachment.walkthroughId, attachment.bytes),
    );
    expect(again.status).toBe(200);
    expect(again.response.headers.get('Upload-Offset')).toBe(String(CHUNK));
    expect(attachmentStatusSchema.parse(again.body)).toMatchObject({ offset: CHUNK, complete: false });
    const status = await staffA.raw('GET', `/attachments/${attachment.id}/status`);
    expect(await statusOf(status)).toMatchObject({ offset: CHUNK, complete: false });

    expect(await uploadFrom(staffA, attachment, CHUNK)).toMatchObject({ offset: SIZE, complete: true });

    // The last chunk again (its answer was lost): 409 saying it is complete; declaring again says so too.
    const lastAt = 2 * CHUNK;
    const replay = await sendChunk(staffA, attachment.id, lastAt, attachment.bytes.slice(lastAt));
    expect((await errorOf(replay, 409)).message).toMatch(/complete already/);
    expect(replay.headers.get('Upload-Offset')).toBe(String(SIZE));
    const redeclared = await staffA.put(
      `/attachments/${attachment.id}`,
      declaration(attachment.walkthroughId, attachment.bytes),
    );
    expect(redeclared.status).toBe(200);
    expect(attachmentStatusSchema.parse(redeclared.body)).toMatchObject({ offset: SIZE, complete: true });
    expect(await chunkRows(attachment.id)).toEqual([0, CHUNK, 2 * CHUNK]);
    const read = await staffA.raw('GET', `/attachments/${attachment.id}`);
    await expectBytes(read, attachment.bytes);
  });

  it('answers a chunk at the wrong offset 409 with the server’s offset, and stores nothing', async () => {
    const attachment = await declared();
    for (const offset of [CHUNK, 1]) {
      const wrong = await sendChunk(staffA, attachment.id, offset, attachment.bytes.slice(offset, offset + CHUNK));
      expect((await errorOf(wrong, 409)).code).toBe('conflict');
      expect(wrong.headers.get('Upload-Offset')).toBe('0');
    }
    await statusOf(await sendChunk(staffA, attachment.id, 0, attachment.bytes.slice(0, CHUNK)));
    const behind = await sendChunk(staffA, attachment.id, 0, attachment.bytes.slice(0, CHUNK));
    await errorOf(behind, 409);
    expect(behind.headers.get('Upload-Offset')).toBe(String(CHUNK));
    expect(await chunkRows(attachment.id)).toEqual([0]);
  });

  it('lets exactly one of two racing chunks at the same offset through', async () => {
    const attachment = await declared();
    const chunk = attachment.bytes.slice(0, CHUNK);
    const answers = await Promise.all([1, 2, 3].map(() => sendChunk(staffA, attachment.id, 0, chunk)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect(await chunkRows(attachment.id)).toEqual([0]);
  });

  it('refuses an attachment over the server’s cap when declared, and a chunk over the chunk size (413)', async () => {
    const walkthroughId = await pushedWalkthrough(teamA.staff);
    const big = makeScreenshotBytes(3 * 1024 * 1024 + 1);
    const refused = await staffA.put(`/attachments/${ids()}`, declaration(walkthroughId, big));
    expect(refused.status).toBe(413);
    expect(errorEnvelopeSchema.parse(refused.body)).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringContaining(`at most ${3 * 1024 * 1024} bytes`),
    });
    // Above the protocol's ceiling the declaration does not even parse.
    const huge = await staffA.put(`/attachments/${ids()}`, {
      ...declaration(walkthroughId, big),
      bytes: 20 * 1024 * 1024 + 1,
    });
    expect(huge.status).toBe(400);

    const attachment = await declared();
    const oversized = await sendChunk(staffA, attachment.id, 0, attachment.bytes.slice(0, CHUNK + 1));
    expect((await errorOf(oversized, 413)).code).toBe('payload_too_large');
    expect(await chunkRows(attachment.id)).toEqual([]);
  });

  it('checks the bytes’ signature against the declared type, whatever the label says', async () => {
    const walkthroughId = await pushedWalkthrough(teamA.staff);
    const cases = [
      { declared: 'image/png', bytes: makeScreenshotBytes(5000, { type: 'image/jpeg' }) },
      { declared: 'image/jpeg', bytes: makeScreenshotBytes(5000, { type: 'image/png' }) },
      { declared: 'image/png', bytes: new TextEncoder().encode(`<svg onload="alert(1)">${'x'.repeat(5000)}</svg>`) },
    ];
    for (const { declared: type, bytes } of cases) {
      const id = ids();
      expect((await staffA.put(`/attachments/${id}`, declaration(walkthroughId, bytes, { type }))).status).toBe(201);
      const refused = await sendChunk(staffA, id, 0, new Uint8Array(bytes));
      expect((await errorOf(refused, 415)).message).toBe(
        `the bytes are not a ${type} image (checked by their signature)`,
      );
      expect(await chunkRows(id)).toEqual([]);
    }
    // Only png and jpeg can even be declared.
    const gif = await staffA.put(
      `/attachments/${ids()}`,
      declaration(walkthroughId, new Uint8Array(10), { type: 'image/gif' }),
    );
    expect(gif.status).toBe(400);
  });

  it('discards every byte when the whole does not match the declared SHA-256', async () => {
    const walkthroughId = await pushedWalkthrough(teamA.staff);
    const bytes = makeScreenshotBytes(SIZE);
    const id = ids();
    const claimed = sha256Hex(makeScreenshotBytes(SIZE, { seed: 2 }));
    await staffA.put(`/attachments/${id}`, declaration(walkthroughId, bytes, { sha256: claimed }));
    await statusOf(await sendChunk(staffA, id, 0, bytes.slice(0, CHUNK)));
    await statusOf(await sendChunk(staffA, id, CHUNK, bytes.slice(CHUNK, 2 * CHUNK)));
    const last = await sendChunk(staffA, id, 2 * CHUNK, bytes.slice(2 * CHUNK));
    expect((await errorOf(last, 400)).message).toMatch(/do not match the declared SHA-256.*discarded/);
    expect(last.headers.get('Upload-Offset')).toBe('0');
    expect(await chunkRows(id)).toEqual([]);
    expect(await statusOf(await staffA.raw('GET', `/attachments/${id}/status`))).toMatchObject({
      offset: 0,
      complete: false,
    });
    await errorOf(await staffA.raw('GET', `/attachments/${id}`), 409);
  });

  it('refuses malformed chunks: wrong media type, no offset, empty, past the end, too small but not last', async () => {
    const attachment = await declared();
    const chunk = attachment.bytes.slice(0, CHUNK);
    await errorOf(await sendChunk(staffA, attachment.id, 0, chunk, 'application/octet-stream'), 415);
    await errorOf(
      await staffA.raw('PATCH', `/attachments/${attachment.id}`, {
        body: chunk,
        headers: { 'Content-Type': ATTACHMENT_CHUNK_MEDIA_TYPE },
      }),
      400,
    );
    await errorOf(await sendChunk(staffA, attachment.id, 0, new Uint8Array(0)), 400);
    await errorOf(await sendChunk(staffA, attachment.id, 0, attachment.bytes.slice(0, 1000)), 400);
    await statusOf(await sendChunk(staffA, attachment.id, 0, chunk));
    await statusOf(await sendChunk(staffA, attachment.id, CHUNK, attachment.bytes.slice(CHUNK, 2 * CHUNK)));
    const pastEnd = new Uint8Array(SIZE - 2 * CHUNK + 1);
    await errorOf(await sendChunk(staffA, attachment.id, 2 * CHUNK, pastEnd), 400);
    expect(await chunkRows(attachment.id)).toEqual([0, CHUNK]);
  });

  it('takes declarations for the caller’s own pushed walkthroughs only, and the same id only with the same content', async () => {
    const bytes = makeScreenshotBytes(5000);
    const notPushed = makeWalkthrough({ journeyId: journeyA, samplerId: teamA.staff.userId }, ids).id;
    const othersWalkthrough = await pushedWalkthrough(teamA.otherStaff);
    const teamBWalkthrough = await pushedWalkthrough(teamB.staff, null);
    for (const walkthroughId of [notPushed, othersWalkthrough, teamBWalkthrough]) {
      const answer = await staffA.put(`/attachments/${ids()}`, declaration(walkthroughId, bytes));
      expect(answer.status).toBe(404);
    }
    // A lead may not file screenshots under a staff member's walkthrough either: they are the sampler's.
    const own = await pushedWalkthrough(teamA.staff);
    expect((await client(app, teamA.lead.token).put(`/attachments/${ids()}`, declaration(own, bytes))).status).toBe(
      404,
    );

    const id = ids();
    expect((await staffA.put(`/attachments/${id}`, declaration(own, bytes))).status).toBe(201);
    const changed = await staffA.put(`/attachments/${id}`, declaration(own, makeScreenshotBytes(5000, { seed: 9 })));
    expect(changed.status).toBe(409);
    // Someone else naming the same id gets nothing, not even a hint that it exists.
    const taken = await client(app, teamA.otherStaff.token).put(
      `/attachments/${id}`,
      declaration(othersWalkthrough, bytes),
    );
    expect(taken.status).toBe(404);
  });

  describe('who may see an attachment', () => {
    let attachment: Declared;
    beforeEach(async () => {
      attachment = await declared(300_000);
      await uploadFrom(staffA, attachment);
    });

    it('its sampler, their team’s lead and admin read it', async () => {
      for (const member of [teamA.staff, teamA.lead, teamA.admin]) {
        const read = await client(app, member.token).raw('GET', `/attachments/${attachment.id}`);
        expect(read.status).toBe(200);
        await expectBytes(read, attachment.bytes);
        expect(
          await statusOf(await client(app, member.token).raw('GET', `/attachments/${attachment.id}/status`)),
        ).toMatchObject({
          complete: true,
        });
      }
    });

    it('another staff member of the same team, and every member of another team, get 404 for everything', async () => {
      for (const member of [teamA.otherStaff, teamB.staff, teamB.lead, teamB.admin]) {
        const as = client(app, member.token);
        for (const path of [`/attachments/${attachment.id}`, `/attachments/${attachment.id}/status`]) {
          expect((await errorOf(await as.raw('GET', path), 404)).message).toBe('attachment not found');
        }
        await errorOf(await sendChunk(as, attachment.id, 0, attachment.bytes), 404);
      }
      await errorOf(await client(app).raw('GET', `/attachments/${attachment.id}`), 401);
    });

    it('staff of the team read it once a lead shares its walkthrough, and not after unsharing', async () => {
      const otherStaff = client(app, teamA.otherStaff.token);
      const share = (shared: boolean) =>
        client(app, teamA.lead.token).put(`/walkthroughs/${attachment.walkthroughId}/sharing`, { shared });
      expect((await share(true)).status).toBe(200);
      await expectBytes(await otherStaff.raw('GET', `/attachments/${attachment.id}`), attachment.bytes);
      expect((await share(false)).status).toBe(200);
      await errorOf(await otherStaff.raw('GET', `/attachments/${attachment.id}`), 404);
      // Sharing lets others look, never write.
      await share(true);
      await errorOf(await sendChunk(otherStaff, attachment.id, 0, attachment.bytes), 404);
      await errorOf(await client(app, teamB.staff.token).raw('GET', `/attachments/${attachment.id}`), 404);
    });

    it('an id that is not a UUIDv7 is 404 like an unknown one', async () => {
      for (const id of ['nope', ids().toUpperCase(), ids()]) {
        await errorOf(await staffA.raw('GET', `/attachments/${id}`), 404);
      }
    });
  });
});
