// The purge of expired codes and abandoned uploads (server/store/queries/housekeeping.ts), on SQLite and PostgreSQL.
import {
  DeleteQueryNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  sql,
  TableNode,
  type UnknownRow,
} from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ABANDONED_UPLOAD_MS,
  EXPIRED_CODE_GRACE_MS,
  type PurgeCounts,
  purgeExpired,
} from '../../server/store/queries/housekeeping.ts';
import type { Store } from '../../server/store/store.ts';
import { testContext, testDatabase } from '../../server/store/testing/test-database.ts';
import { PAIRING_CODE_TTL_MS } from '../../shared/protocol/pairing.ts';
import { makeScreenshotBytes, sha256Hex } from '../fixtures/make-screenshot.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { type SeededCaller, seedCaller, seedTeam } from '../helpers/accounts.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);
const ids = createIdGenerator(0x9a7);
const NOTHING: PurgeCounts = { pairingCodes: 0, signInCodes: 0, abandonedUploads: 0, uploadChunks: 0 };

/** Rows deleted by each DELETE statement, per table, as the database reported them. */
function deleteSpy(): KyselyPlugin & { readonly deletes: { table: string; rows: number }[] } {
  const pending = new WeakMap<object, string>();
  const deletes: { table: string; rows: number }[] = [];
  return {
    deletes,
    transformQuery({ node, queryId }: PluginTransformQueryArgs) {
      if (DeleteQueryNode.is(node)) {
        const from = node.from.froms[0];
        pending.set(queryId, from !== undefined && TableNode.is(from) ? from.table.identifier.name : '?');
      }
      return node;
    },
    async transformResult({ queryId, result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const table = pending.get(queryId);
      if (table !== undefined) deletes.push({ table, rows: Number(result.numAffectedRows ?? 0n) });
      return result;
    },
  };
}

describe.each(storeFactories())('purging expired rows on $kind', ({ kind, open }) => {
  let opened: OpenedStore;
  let store: Store;

  beforeEach(async () => {
    opened = await open();
    store = opened.store;
    await store.migrate();
  });
  afterEach(async () => {
    await opened.dispose();
  });

  type Member = { teamId: string; staff: SeededCaller; walkthroughId: string };

  /** A team with a staff member who owns one walkthrough (the attachments' home). */
  const seedMember = async (name: string): Promise<Member> => {
    const team = await seedTeam(store, name, ago(400 * DAY));
    const staff = await seedCaller(store, { teamId: team.id, role: 'staff', now: ago(400 * DAY) });
    const walkthrough = makeWalkthrough({ journeyId: null, samplerId: staff.user.id }, ids);
    expect(await store.putWalkthrough(team.id, walkthrough)).toEqual({ status: 'accepted' });
    return { teamId: team.id, staff, walkthroughId: walkthrough.id };
  };

  /** A pairing code that expires (expired) at `expiresAt`, redeemed at `usedAt` if given. */
  const pairingCode = async (member: Member, expiresAt: Date, usedAt?: Date): Promise<string> => {
    const created = await store.accounts.createPairingCode({
      userId: member.staff.user.id,
      now: new Date(expiresAt.getTime() - PAIRING_CODE_TTL_MS),
    });
    if (usedAt !== undefined) {
      const redeemed = await store.accounts.redeemPairingCode({ code: created.code, label: 'laptop', now: usedAt });
      expect(redeemed.ok).toBe(true);
    }
    return created.code;
  };

  const signInCode = async (member: Member, expiresAt: Date): Promise<string> =>
    (
      await store.accounts.createSignInCode({
        userId: member.staff.user.id,
        now: new Date(expiresAt.getTime() - DAY),
        ttlMs: DAY,
      })
    ).code;

  const redeemPairing = (code: string) => store.accounts.redeemPairingCode({ code, label: 'phone', now: NOW });

  /**
   * An upload of `bytes` declared at `declaredAt`, of which `held` bytes arrived in 10-byte chunks (all of them:
   * complete).
   */
  const upload = async (member: Member, declaredAt: Date, bytes: number, held: number) => {
    const data = makeScreenshotBytes(bytes, { seed: bytes + held });
    const id = ids();
    const declared = await store.declareAttachment({
      teamId: member.teamId,
      uploaderId: member.staff.user.id,
      id,
      walkthroughId: member.walkthroughId,
      type: 'image/png',
      bytes,
      sha256: sha256Hex(data),
      now: declaredAt.toISOString(),
    });
    expect(declared.status).toBe('created');
    for (let start = 0; start < held; start += 10) {
      const appended = await store.appendAttachmentChunk({
        teamId: member.teamId,
        uploaderId: member.staff.user.id,
        id,
        start,
        data: data.slice(start, Math.min(start + 10, held)),
        now: declaredAt.toISOString(),
      });
      expect(appended.status).toBe('appended');
    }
    return { id, data, member };
  };

  const chunkCount = async (attachmentId: string): Promise<number> =>
    (
      await testDatabase(store)
        .selectFrom('attachment_chunks')
        .select('start_byte')
        .where('attachment_id', '=', attachmentId)
        .execute()
    ).length;

  const bytesOf = async (teamId: string, attachmentId: string): Promise<Uint8Array | undefined> => {
    const attachment = await store.getAttachment(teamId, attachmentId);
    if (attachment === undefined) return undefined;
    const parts: Uint8Array[] = [];
    for await (const part of store.readAttachment(attachment)) parts.push(part);
    return Buffer.concat(parts);
  };

  it('deletes codes past their grace and abandoned uploads with their bytes, in every team, and nothing else', async () => {
    const a = await seedMember('Service desk');
    const b = await seedMember('Field support');
    const beyondGrace = ago(EXPIRED_CODE_GRACE_MS + 1);
    const atGraceEdge = ago(EXPIRED_CODE_GRACE_MS);

    const pairing = {
      old: await pairingCode(a, beyondGrace),
      oldUsed: await pairingCode(a, beyondGrace, ago(EXPIRED_CODE_GRACE_MS + 60_000)),
      edge: await pairingCode(a, atGraceEdge),
      recentlyExpired: await pairingCode(a, ago(DAY)),
      recentlyUsed: await pairingCode(a, ago(DAY), ago(DAY + 60_000)),
      live: await pairingCode(a, new Date(NOW.getTime() + 60_000)),
      otherTeamOld: await pairingCode(b, beyondGrace),
      otherTeamRecent: await pairingCode(b, ago(DAY)),
    };
    const signIn = {
      old: await signInCode(a, beyondGrace),
      recentlyExpired: await signInCode(a, ago(DAY)),
      live: await signInCode(a, new Date(NOW.getTime() + 60_000)),
      otherTeamOld: await signInCode(b, beyondGrace),
    };
    const abandonedAt = ago(ABANDONED_UPLOAD_MS + 1);
    const uploads = {
      abandoned: await upload(a, abandonedAt, 30, 20),
      abandonedEmpty: await upload(a, abandonedAt, 30, 0),
      edge: await upload(a, ago(ABANDONED_UPLOAD_MS), 30, 10),
      fresh: await upload(a, ago(DAY), 30, 20),
      completeOld: await upload(a, ago(365 * DAY), 25, 25),
      otherTeamAbandoned: await upload(b, abandonedAt, 40, 10),
      otherTeamComplete: await upload(b, abandonedAt, 15, 15),
    };
    const codeRowsBefore = {
      pairing: (await testDatabase(store).selectFrom('pairing_codes').select('code_hash').execute()).length,
      signIn: (await testDatabase(store).selectFrom('sign_in_codes').select('code_hash').execute()).length,
    };

    // Through the Store, as the server calls it.
    expect(await store.purgeExpired(NOW)).toEqual({
      pairingCodes: 3,
      signInCodes: 2,
      abandonedUploads: 3,
      uploadChunks: 3,
    });
    expect((await testDatabase(store).selectFrom('pairing_codes').select('code_hash').execute()).length).toBe(
      codeRowsBefore.pairing - 3,
    );
    expect((await testDatabase(store).selectFrom('sign_in_codes').select('code_hash').execute()).length).toBe(
      codeRowsBefore.signIn - 2,
    );

    // Within the grace a pairing link still says what became of it; past it, the code is unknown.
    expect(await redeemPairing(pairing.old)).toEqual({ ok: false, reason: 'unknown' });
    expect(await redeemPairing(pairing.oldUsed)).toEqual({ ok: false, reason: 'unknown' });
    expect(await redeemPairing(pairing.otherTeamOld)).toEqual({ ok: false, reason: 'unknown' });
    expect(await redeemPairing(pairing.edge)).toEqual({ ok: false, reason: 'expired' });
    expect(await redeemPairing(pairing.recentlyExpired)).toEqual({ ok: false, reason: 'expired' });
    expect(await redeemPairing(pairing.otherTeamRecent)).toEqual({ ok: false, reason: 'expired' });
    expect(await redeemPairing(pairing.recentlyUsed)).toEqual({ ok: false, reason: 'used' });
    expect(await redeemPairing(pairing.live)).toMatchObject({ ok: true });

    // A sign-in code never says why it failed; the live one still works.
    expect(await store.accounts.redeemSignInCode(signIn.old, NOW)).toBeUndefined();
    expect(await store.accounts.redeemSignInCode(signIn.recentlyExpired, NOW)).toBeUndefined();
    expect(await store.accounts.redeemSignInCode(signIn.live, NOW)).toEqual({
      userId: a.staff.user.id,
      teamId: a.teamId,
    });
    const signInLeft = await testDatabase(store).selectFrom('sign_in_codes').select('expires_at').execute();
    expect(signInLeft.every((row) => row.expires_at >= ago(EXPIRED_CODE_GRACE_MS).toISOString())).toBe(true);

    // Abandoned uploads are gone with every chunk; the others are as they were.
    for (const gone of [uploads.abandoned, uploads.abandonedEmpty, uploads.otherTeamAbandoned]) {
      expect(await store.getAttachment(gone.member.teamId, gone.id)).toBeUndefined();
      expect(await chunkCount(gone.id)).toBe(0);
    }
    expect(await store.getAttachment(a.teamId, uploads.edge.id)).toMatchObject({ received: 10, complete: false });
    expect(await store.getAttachment(a.teamId, uploads.fresh.id)).toMatchObject({ received: 20, complete: false });
    expect(await chunkCount(uploads.fresh.id)).toBe(2);
    for (const kept of [uploads.completeOld, uploads.otherTeamComplete]) {
      expect(await store.getAttachment(kept.member.teamId, kept.id)).toMatchObject({ complete: true });
      expect(await bytesOf(kept.member.teamId, kept.id)).toEqual(Buffer.from(kept.data));
    }

    // The fresh upload goes on where it stood.
    const finished = await store.appendAttachmentChunk({
      teamId: a.teamId,
      uploaderId: a.staff.user.id,
      id: uploads.fresh.id,
      start: 20,
      data: uploads.fresh.data.slice(20),
      now: NOW.toISOString(),
    });
    expect(finished).toMatchObject({ status: 'appended', attachment: { complete: true } });

    // A chunk for a purged upload is not_found; declaring it again starts over at byte 0, and it completes.
    const { abandoned } = uploads;
    const late = { teamId: a.teamId, uploaderId: a.staff.user.id, id: abandoned.id, now: NOW.toISOString() };
    expect(await store.appendAttachmentChunk({ ...late, start: 20, data: abandoned.data.slice(20) })).toEqual({
      status: 'not_found',
    });
    const again = await store.declareAttachment({
      ...late,
      walkthroughId: a.walkthroughId,
      type: 'image/png',
      bytes: 30,
      sha256: sha256Hex(abandoned.data),
    });
    expect(again).toMatchObject({ status: 'created', attachment: { received: 0, complete: false } });
    expect(await store.appendAttachmentChunk({ ...late, start: 0, data: abandoned.data })).toMatchObject({
      status: 'appended',
      attachment: { complete: true },
    });

    // Nothing is left to purge at the same moment.
    expect(await store.purgeExpired(NOW)).toEqual(NOTHING);
  });

  it('works in batches when there is more than one batch of each', async () => {
    const a = await seedMember('Service desk');
    const beyondGrace = ago(EXPIRED_CODE_GRACE_MS + DAY);
    for (let i = 0; i < 7; i += 1) await pairingCode(a, beyondGrace);
    const keptCode = await pairingCode(a, ago(DAY));
    for (let i = 0; i < 5; i += 1) await signInCode(a, beyondGrace);
    const abandoned = [];
    for (let i = 0; i < 5; i += 1) abandoned.push(await upload(a, ago(ABANDONED_UPLOAD_MS + DAY + i), 40, 20));
    abandoned.push(await upload(a, ago(ABANDONED_UPLOAD_MS + DAY), 40, 0));
    const kept = await upload(a, ago(ABANDONED_UPLOAD_MS - DAY), 40, 30);

    const spy = deleteSpy();
    // Two rows per statement or upload batch, and 45 chunk bytes a transaction: two 20-byte uploads at a time.
    const counts = await purgeExpired({ ...testContext(store), db: testDatabase(store).withPlugin(spy) }, NOW, {
      batchRows: 2,
      batchBytes: 45,
    });
    expect(counts).toEqual({ pairingCodes: 7, signInCodes: 5, abandonedUploads: 6, uploadChunks: 10 });

    const rowsPerStatement = (table: string) => spy.deletes.filter((d) => d.table === table).map((d) => d.rows);
    expect(rowsPerStatement('pairing_codes')).toEqual([2, 2, 2, 1]);
    expect(rowsPerStatement('sign_in_codes')).toEqual([2, 2, 1]);
    // Oldest first, whole uploads: 2 + 2 by bytes, then the last 20-byte one with the empty one (0 bytes).
    expect(rowsPerStatement('attachments')).toEqual([2, 2, 2]);
    expect(rowsPerStatement('attachment_chunks')).toEqual([4, 4, 2]);

    for (const gone of abandoned) expect(await store.getAttachment(a.teamId, gone.id)).toBeUndefined();
    expect(await store.getAttachment(a.teamId, kept.id)).toMatchObject({ received: 30 });
    expect(await chunkCount(kept.id)).toBe(3);
    expect(await redeemPairing(keptCode)).toEqual({ ok: false, reason: 'expired' });
    expect(await purgeExpired(testContext(store), NOW, { batchRows: 2, batchBytes: 45 })).toEqual(NOTHING);
  });

  it('takes an upload whole even when it alone holds more than a batch of bytes', async () => {
    const a = await seedMember('Service desk');
    const big = await upload(a, ago(ABANDONED_UPLOAD_MS + DAY), 60, 50);
    const spy = deleteSpy();
    expect(
      await purgeExpired({ ...testContext(store), db: testDatabase(store).withPlugin(spy) }, NOW, {
        batchRows: 2,
        batchBytes: 10,
      }),
    ).toEqual({
      ...NOTHING,
      abandonedUploads: 1,
      uploadChunks: 5,
    });
    expect(spy.deletes.filter((d) => d.table === 'attachment_chunks').map((d) => d.rows)).toEqual([5]);
    expect(await store.getAttachment(a.teamId, big.id)).toBeUndefined();
  });

  // PostgreSQL only: on SQLite every write goes through the store's one connection, one transaction at a time,
  // so a purge and an append cannot overlap at all.
  it.runIf(kind === 'postgres')(
    'leaves alone an upload whose last chunk commits while the purge waits for it',
    async () => {
      const a = await seedMember('Service desk');
      const racing = await upload(a, ago(ABANDONED_UPLOAD_MS + DAY), 30, 20);
      let commit = () => {};
      const committed = new Promise<void>((resolve) => {
        commit = resolve;
      });
      let appending = () => {};
      const appended = new Promise<void>((resolve) => {
        appending = resolve;
      });
      let holderPid = 0;
      // What appendAttachmentChunk writes for the last chunk, held open until the purge is waiting on its lock.
      const append = testDatabase(store)
        .transaction()
        .execute(async (trx) => {
          holderPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]?.pid ?? 0;
          await trx
            .updateTable('attachments')
            .set({ received: 30, completed_at: NOW.toISOString() })
            .where('id', '=', racing.id)
            .execute();
          await trx
            .insertInto('attachment_chunks')
            .values({
              attachment_id: racing.id,
              team_id: a.teamId,
              start_byte: 20,
              data: Buffer.from(racing.data.slice(20)),
            })
            .execute();
          appending();
          await committed;
        });
      await appended;
      const purge = store.purgeExpired(NOW);
      // The purge's claim (an UPDATE of attachments) waits for the append's row lock.
      await vi.waitFor(
        async () => {
          const blocked = await sql<{ query: string }>`
            select query from pg_stat_activity where ${holderPid}::int = any(pg_blocking_pids(pid))`.execute(
            testDatabase(store),
          );
          expect(blocked.rows.map((row) => row.query)).toEqual([expect.stringMatching(/^update "attachments"/)]);
        },
        { timeout: 10_000, interval: 20 },
      );
      commit();
      await append;
      expect(await purge).toEqual(NOTHING);
      expect(await store.getAttachment(a.teamId, racing.id)).toMatchObject({ complete: true });
      expect(await bytesOf(a.teamId, racing.id)).toEqual(Buffer.from(racing.data));
    },
  );
});
