import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAIRING_CODE_TTL_MS } from '../shared/protocol/pairing.ts';
import { seedCaller, seedTeam } from '../tests/helpers/accounts.ts';
import { sqliteStoreFactory } from '../tests/helpers/store-factories.ts';
import { createMemoryLogger } from './logger.ts';
import { startPurgeSchedule } from './purge-schedule.ts';
import { EXPIRED_CODE_GRACE_MS, type PurgeCounts } from './store/queries/housekeeping.ts';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const NOTHING: PurgeCounts = { pairingCodes: 0, signInCodes: 0, abandonedUploads: 0, uploadChunks: 0 };

/** A store whose purges end when the test says so, counting how many began. */
function controlledStore() {
  const pending: { resolve(counts: PurgeCounts): void; reject(error: unknown): void }[] = [];
  return {
    pending,
    purgeExpired: vi.fn(
      (_now: Date) =>
        new Promise<PurgeCounts>((resolve, reject) => {
          pending.push({ resolve, reject });
        }),
    ),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('startPurgeSchedule', () => {
  it('purges at once and logs what went as one line; nothing is logged when nothing went', async () => {
    const opened = await sqliteStoreFactory.open();
    try {
      const { store } = opened;
      await store.migrate();
      const team = await seedTeam(store, 'Service desk');
      const staff = await seedCaller(store, { teamId: team.id, role: 'staff' });
      await store.accounts.createPairingCode({
        userId: staff.user.id,
        now: new Date(NOW.getTime() - EXPIRED_CODE_GRACE_MS - PAIRING_CODE_TTL_MS - 1),
      });
      const logger = createMemoryLogger();
      const first = startPurgeSchedule({ store, logger, now: () => NOW });
      await first.idle();
      await first.stop();
      expect(logger.entries).toEqual([
        { level: 'info', message: 'purged expired rows', fields: { ...NOTHING, pairingCodes: 1 } },
      ]);

      const second = startPurgeSchedule({ store, logger, now: () => NOW });
      await second.idle();
      await second.stop();
      expect(logger.entries).toHaveLength(1);
    } finally {
      await opened.dispose();
    }
  });

  it('purges again every interval, never two at once, and not after stop', async () => {
    vi.useFakeTimers();
    const store = controlledStore();
    const logger = createMemoryLogger();
    const times = [NOW, new Date(NOW.getTime() + 2 * HOUR)];
    const schedule = startPurgeSchedule({ store, logger, intervalMs: HOUR, now: () => times.shift() ?? NOW });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.purgeExpired).toHaveBeenCalledTimes(1);
    expect(store.purgeExpired).toHaveBeenLastCalledWith(NOW);

    // Still running an hour later: that tick is skipped, not queued.
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(store.purgeExpired).toHaveBeenCalledTimes(1);
    store.pending[0]?.resolve(NOTHING);
    await schedule.idle();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(store.purgeExpired).toHaveBeenCalledTimes(2);
    expect(store.purgeExpired).toHaveBeenLastCalledWith(new Date(NOW.getTime() + 2 * HOUR));

    // stop() waits for the purge under way (the store must not close under it), and nothing starts after.
    let stopped = false;
    const stopping = schedule.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    store.pending[1]?.resolve({ ...NOTHING, abandonedUploads: 2, uploadChunks: 7 });
    await stopping;
    await vi.advanceTimersByTimeAsync(5 * HOUR);
    expect(store.purgeExpired).toHaveBeenCalledTimes(2);
    expect(logger.entries).toEqual([
      {
        level: 'info',
        message: 'purged expired rows',
        fields: { ...NOTHING, abandonedUploads: 2, uploadChunks: 7 },
      },
    ]);
  });

  it('logs a failed purge as a warning, and tries again at the next interval', async () => {
    vi.useFakeTimers();
    const store = controlledStore();
    const logger = createMemoryLogger();
    const schedule = startPurgeSchedule({ store, logger, intervalMs: HOUR, now: () => NOW });
    await vi.advanceTimersByTimeAsync(0);
    store.pending[0]?.reject(new Error('database is locked'));
    await schedule.idle();
    expect(logger.entries).toEqual([
      {
        level: 'warn',
        message: 'purging expired rows failed; will try again',
        fields: { error: 'database is locked' },
      },
    ]);

    await vi.advanceTimersByTimeAsync(HOUR);
    expect(store.purgeExpired).toHaveBeenCalledTimes(2);
    store.pending[1]?.resolve({ ...NOTHING, signInCodes: 1 });
    await schedule.stop();
    expect(logger.entries.map((entry) => entry.level)).toEqual(['warn', 'info']);
  });

  it('a purge that throws before returning a promise is a warning too, not a crash', async () => {
    const logger = createMemoryLogger();
    const schedule = startPurgeSchedule({
      store: {
        purgeExpired: () => {
          throw new TypeError('the store is closed');
        },
      },
      logger,
    });
    await schedule.stop();
    expect(logger.entries).toEqual([
      {
        level: 'warn',
        message: 'purging expired rows failed; will try again',
        fields: { error: 'the store is closed' },
      },
    ]);
  });
});
