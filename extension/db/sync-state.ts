import { z } from 'zod';
import { pullCursorSchema } from '../../shared/protocol/pull.ts';
import { isoDateTimeSchema } from '../../shared/schemas/index.ts';

/** Why the last sync did not finish, in a form the side panel can act on. */
export const SYNC_PROBLEMS = [
  /** Offline, refused connection, timeout, 5xx, 429: retried with backoff. */
  'unreachable',
  /** The token was refused (401/403): pair again in the settings; not retried on its own. */
  'unauthorized',
  /** 400 unsupported_protocol: the extension must be updated; not retried on its own. */
  'update-extension',
  /** Anything else the server refused or answered unreadably; retried with backoff. */
  'failed',
] as const;
export const syncProblemSchema = z.enum(SYNC_PROBLEMS);
export type SyncProblem = z.infer<typeof syncProblemSchema>;

const epochMsSchema = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * A row of the `syncState` table (database version 3): the sync engine's own memory, kept apart from the
 * sampler's settings so "Disconnect" can drop all of it at once. Everything the engine needs between runs is
 * here, never only in memory: the MV3 background may be stopped between any two steps.
 */
export const syncStateRowSchema = z.discriminatedUnion('key', [
  /** Where the last pull ended, exactly as the server handed it out; null: pull everything. */
  z.strictObject({ key: z.literal('cursor'), value: pullCursorSchema.nullable() }),
  z.strictObject({
    key: z.literal('status'),
    /** Wall-clock time of the last sync that pushed and pulled everything, for display. */
    lastSuccessAt: isoDateTimeSchema.nullable(),
    problem: z.strictObject({ kind: syncProblemSchema, message: z.string().max(2000) }).nullable(),
    /** Failed attempts in a row, for the backoff; 0 after a success. */
    attempt: z.int().min(0).max(1000),
    /** Epoch ms before which automatic triggers do not try again; null: no wait. */
    nextAttemptAt: epochMsSchema.nullable(),
  }),
  /**
   * Single flight across the extension's pages and its background: whoever holds an unexpired lease syncs,
   * the others skip. The expiry frees it when its holder dies mid-sync (a closed panel, a stopped worker).
   */
  z.strictObject({ key: z.literal('lease'), holder: z.string().min(1).max(100), expiresAt: epochMsSchema }),
]);
export type SyncStateRow = z.infer<typeof syncStateRowSchema>;
export type SyncStateKey = SyncStateRow['key'];
export type SyncStatusRow = Extract<SyncStateRow, { key: 'status' }>;

export const EMPTY_STATUS: SyncStatusRow = {
  key: 'status',
  lastSuccessAt: null,
  problem: null,
  attempt: 0,
  nextAttemptAt: null,
};
