import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { uuidV7 } from '../lib/uuid-v7.ts';
import { runSync, type SyncDeps, type SyncOutcome } from './run-sync.ts';

/**
 * runSync as one extension context (a page, or one start of the background) uses it: its own lease holder
 * id, the real clock and randomness. Never rejects: a failure is stored by runSync as the sync status, and a
 * bug (IndexedDB gone) becomes a failed outcome rather than an unhandled rejection in the worker.
 */
export const createSyncContext = (db: JourneySamplerDb, name: string, overrides: Partial<SyncDeps> = {}) => {
  const deps: SyncDeps = {
    db,
    now: () => Date.now(),
    random: () => Math.random(),
    newId: () => uuidV7(),
    holder: `${name}-${uuidV7()}`,
    ...overrides,
  };
  return (options: { force?: boolean } = {}): Promise<SyncOutcome> =>
    runSync(deps, options).catch(
      (error: unknown): SyncOutcome => ({
        status: 'failed',
        problem: 'failed',
        message: error instanceof Error ? error.message : String(error),
      }),
    );
};
