import { errorCode } from './error-code.ts';
import type { Logger } from './logger.ts';
import type { Store } from './store/store.ts';

/** How often a running server purges expired codes and abandoned uploads (besides once at start-up). */
export const PURGE_INTERVAL_MS = 60 * 60 * 1000;

export type PurgeScheduleOptions = {
  readonly store: Pick<Store, 'purgeExpired'>;
  readonly logger: Logger;
  readonly intervalMs?: number;
  readonly now?: () => Date;
};

export type PurgeSchedule = {
  /** Settles when the purge under way (if any) has ended; never rejects. */
  idle(): Promise<void>;
  /** No purge starts after this; resolves once the one under way has ended, so the store can close after it. */
  stop(): Promise<void>;
};

/**
 * Runs the store's purge now and then every `intervalMs`, in the background. The timer is unref'd: housekeeping
 * never keeps the process alive. A purge still running when the next is due is not doubled. What was deleted is
 * logged as one JSON line (nothing when nothing was); a failed purge is a warning, and the next one tries again.
 *
 * @example
 * ```ts
 * const purges = startPurgeSchedule({ store, logger });
 * // on shutdown, before store.close():
 * await purges.stop();
 * ```
 */
export function startPurgeSchedule({
  store,
  logger,
  intervalMs = PURGE_INTERVAL_MS,
  now = () => new Date(),
}: PurgeScheduleOptions): PurgeSchedule {
  let running: Promise<void> | undefined;
  let stopped = false;
  const purge = () => {
    if (stopped || running !== undefined) return;
    running = Promise.resolve()
      .then(() => store.purgeExpired(now()))
      .then(
        (counts) => {
          if (Object.values(counts).some((count) => count > 0)) logger.info('purged expired rows', counts);
        },
        (error: unknown) => logger.warn('purging expired rows failed; will try again', { error: errorCode(error) }),
      )
      .finally(() => {
        running = undefined;
      });
  };
  purge();
  const timer = setInterval(purge, intervalMs);
  timer.unref();
  return {
    idle: () => running ?? Promise.resolve(),
    stop: () => {
      stopped = true;
      clearInterval(timer);
      return running ?? Promise.resolve();
    },
  };
}
