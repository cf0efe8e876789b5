// The real server process purges expired codes and abandoned uploads at start-up, logs one JSON line saying what
// went, and shuts down cleanly afterwards; on SQLite and, with TEST_DATABASE_URL, PostgreSQL.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { StoreConfig } from '../../server/config.ts';
import { SQLITE_FILE_NAME } from '../../server/config.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import { createStore } from '../../server/store/create-store.ts';
import { ABANDONED_UPLOAD_MS, EXPIRED_CODE_GRACE_MS } from '../../server/store/queries/housekeeping.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { PAIRING_CODE_TTL_MS } from '../../shared/protocol/pairing.ts';
import { makeScreenshotBytes, sha256Hex } from '../fixtures/make-screenshot.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { seedCaller, seedTeam } from '../helpers/accounts.ts';
import { spawnServer } from '../helpers/server-process.ts';
import { createIsolatedPostgres, TEST_DATABASE_URL } from '../helpers/store-postgres.ts';

const DAY = 24 * 60 * 60 * 1000;
const ids = createIdGenerator(0x4e5);

type Storage = { env: Record<string, string>; config: StoreConfig; drop(): Promise<void> };

const storages: { kind: string; make(): Promise<Storage> }[] = [
  {
    kind: 'sqlite',
    async make() {
      const dir = await mkdtemp(path.join(tmpdir(), 'js-housekeeping-'));
      return {
        env: { DATA_DIR: dir },
        config: { kind: 'sqlite', file: path.join(dir, SQLITE_FILE_NAME) },
        drop: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
  ...(TEST_DATABASE_URL === undefined
    ? []
    : [
        {
          kind: 'postgres',
          async make(): Promise<Storage> {
            const isolated = await createIsolatedPostgres(TEST_DATABASE_URL ?? '');
            return {
              env: { DATABASE_URL: isolated.url },
              config: { kind: 'postgres', url: isolated.url },
              drop: () => isolated.drop(),
            };
          },
        },
      ]),
];

async function withStore<T>(config: StoreConfig, body: (store: Store) => Promise<T>): Promise<T> {
  const store = createStore(config, { logger: createMemoryLogger() });
  try {
    await store.migrate();
    return await body(store);
  } finally {
    await store.close();
  }
}

describe.each(storages)('the server process on $kind', ({ make }) => {
  it('purges expired codes and abandoned uploads at start-up, says so in one JSON line, and stops cleanly', async () => {
    const storage = await make();
    try {
      // Real time: the server purges with its own clock.
      const now = Date.now();
      const seeded = await withStore(storage.config, async (store) => {
        const team = await seedTeam(store, 'Service desk');
        const staff = await seedCaller(store, { teamId: team.id, role: 'staff' });
        const userId = staff.user.id;
        const expiredCode = await store.accounts.createPairingCode({
          userId,
          now: new Date(now - EXPIRED_CODE_GRACE_MS - PAIRING_CODE_TTL_MS - DAY),
        });
        const recentCode = await store.accounts.createPairingCode({ userId, now: new Date(now - DAY) });
        await store.accounts.createSignInCode({ userId, now: new Date(now - EXPIRED_CODE_GRACE_MS - 2 * DAY) });
        const walkthrough = makeWalkthrough({ journeyId: null, samplerId: userId }, ids);
        await store.putWalkthrough(team.id, walkthrough);
        const bytes = makeScreenshotBytes(100);
        const attachmentId = ids();
        const declaredAt = new Date(now - ABANDONED_UPLOAD_MS - DAY).toISOString();
        await store.declareAttachment({
          teamId: team.id,
          uploaderId: userId,
          id: attachmentId,
          walkthroughId: walkthrough.id,
          type: 'image/png',
          bytes: 100,
          sha256: sha256Hex(bytes),
          now: declaredAt,
        });
        await store.appendAttachmentChunk({
          teamId: team.id,
          uploaderId: userId,
          id: attachmentId,
          start: 0,
          data: bytes.slice(0, 40),
          now: declaredAt,
        });
        return { teamId: team.id, expiredCode: expiredCode.code, recentCode: recentCode.code, attachmentId };
      });

      const server = await spawnServer(storage.env);
      let purgeLine: unknown;
      try {
        await vi.waitFor(
          () => {
            purgeLine = server
              .output()
              .split('\n')
              .filter((line) => line.startsWith('{'))
              .map((line) => JSON.parse(line) as { message?: string })
              .find((entry) => entry.message === 'purged expired rows');
            expect(purgeLine).toBeDefined();
          },
          { timeout: 20_000, interval: 50 },
        );
      } finally {
        await server.stop();
      }
      expect(purgeLine).toMatchObject({
        level: 'info',
        pairingCodes: 1,
        signInCodes: 1,
        abandonedUploads: 1,
        uploadChunks: 1,
      });
      expect(server.process.exitCode).toBe(0);
      expect(server.output()).not.toMatch(/"level":"(warn|error)"/);

      await withStore(storage.config, async (store) => {
        const redeem = (code: string) => store.accounts.redeemPairingCode({ code, label: 'laptop', now: new Date() });
        expect(await redeem(seeded.expiredCode)).toEqual({ ok: false, reason: 'unknown' });
        expect(await redeem(seeded.recentCode)).toEqual({ ok: false, reason: 'expired' });
        expect(await store.getAttachment(seeded.teamId, seeded.attachmentId)).toBeUndefined();
        expect(await testDatabase(store).selectFrom('attachment_chunks').select('start_byte').execute()).toEqual([]);
      });
    } finally {
      await storage.drop();
    }
  });
});
