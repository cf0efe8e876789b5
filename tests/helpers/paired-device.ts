// A device's side of a sync test: its fresh Dexie database paired with a seeded member's token, and the
// dependencies runSync gets there. Queue walkthroughs with extension/db/testing/queue-walkthrough.ts.
import type { JourneySamplerDb } from '../../extension/db/journey-sampler-db.ts';
import { savePairing } from '../../extension/db/pairing-setting.ts';
import { serverUrlSchema } from '../../extension/db/server-url.ts';
import type { FetchLike } from '../../extension/pairing/server-api.ts';
import type { SyncDeps } from '../../extension/sync/run-sync.ts';
import type { IdGenerator } from '../fixtures/seeded-ids.ts';
import type { Member } from './api-harness.ts';

/**
 * Pairs the device with `member` (their token, user, role and team) at `serverUrl`, as the options page saves
 * a pairing the server confirmed. The names are what the server would have said; sync never sends them.
 */
export const pairDevice = (
  db: JourneySamplerDb,
  serverUrl: string,
  member: Member,
  names: { readonly userName: string; readonly teamName: string },
): Promise<void> =>
  savePairing(db, {
    serverUrl: serverUrlSchema.parse(serverUrl),
    token: member.token,
    userId: member.userId,
    userName: names.userName,
    role: member.role,
    teamId: member.teamId,
    teamName: names.teamName,
  });

/**
 * runSync's dependencies on a test device: a clock stopped at `now`, backoff jitter fixed at its middle
 * (random 0.5), seeded ids and the lease holder "test"; `overrides` for what one test changes.
 */
export const testSyncDeps = (
  device: { readonly db: JourneySamplerDb; readonly fetch: FetchLike; readonly now: number; readonly ids: IdGenerator },
  overrides: Partial<SyncDeps> = {},
): SyncDeps => ({
  db: device.db,
  fetch: device.fetch,
  now: () => device.now,
  random: () => 0.5,
  newId: device.ids,
  holder: 'test',
  ...overrides,
});
