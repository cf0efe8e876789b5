/** last_used_at is written at most this often per token: a busy extension must not turn reads into writes. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Whether `lastUsedAt` is old enough that a use at `now` should be recorded: the auth middleware asks before it
 * calls touchToken (tokens.ts), whose UPDATE repeats the condition so concurrent requests write at most once.
 */
export const lastUsedIsStale = (lastUsedAt: string | null, now: Date): boolean =>
  lastUsedAt === null || Date.parse(lastUsedAt) <= now.getTime() - LAST_USED_RESOLUTION_MS;
