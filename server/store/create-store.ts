import { type Kysely, sql } from 'kysely';
import type { StoreConfig } from '../config.ts';
import { createJsonLogger, type Logger } from '../logger.ts';
import { createAccountStore } from './account-store.ts';
import { appendAttachmentChunk, declareAttachment, getAttachment, readChunks } from './attachments.ts';
import type { Database } from './database.ts';
import { insertFeedback, listFeedback } from './feedback.ts';
import { purgeExpired } from './housekeeping.ts';
import { getJourneyTargets, listJourneyTargets, putJourneyTargets } from './journey-targets.ts';
import { getJourney, listJourneys, putJourney } from './journeys.ts';
import { migrateToLatest } from './migrate.ts';
import { openPostgres } from './open-postgres.ts';
import { openSqlite } from './open-sqlite.ts';
import { pullChanges } from './pull-changes.ts';
import { pushWalkthroughs } from './push-batch.ts';
import { getService, listServices, putService } from './services.ts';
import type { Store, StoreHealth } from './store.ts';
import { createTeam, getTeam } from './teams.ts';
import {
  getWalkthrough,
  getWalkthroughItem,
  listWalkthroughs,
  putWalkthrough,
  setWalkthroughSharing,
} from './walkthroughs.ts';

export type CreateStoreOptions = { readonly logger?: Logger };

/**
 * Opens the store the config names. SQLite opens its file now (and throws if it cannot); PostgreSQL connects on
 * first use, so call `health()` to find out whether DATABASE_URL is reachable. Run `migrate()` before use.
 */
export function createStore(config: StoreConfig, options: CreateStoreOptions = {}): Store {
  const logger = options.logger ?? createJsonLogger();
  // SQLite: pushes share transactions (one fsync for many); PostgreSQL: a transaction per push (push-batch.ts).
  const opened =
    config.kind === 'sqlite' ? openSqlite(config.file) : { db: openPostgres(config.url, logger), pushes: undefined };
  const db: Kysely<Database> = opened.db;
  const pushGroup = opened.pushes;
  let closed: Promise<void> | undefined;
  return {
    kind: config.kind,
    location: config.kind === 'sqlite' ? config.file : null,
    db,
    migrate: () => migrateToLatest(db, config.kind),
    health: () => checkHealth(db),
    // Idempotent: shutdown paths may race (signal during startup) and Kysely must be destroyed only once.
    close: () => {
      closed ??= (pushGroup?.drain() ?? Promise.resolve()).then(() => db.destroy());
      return closed;
    },

    accounts: createAccountStore(db),

    createTeam: (team) => createTeam(db, team),
    getTeam: (teamId) => getTeam(db, teamId),

    putService: (teamId, service) => putService(db, teamId, service),
    getService: (teamId, serviceId) => getService(db, teamId, serviceId),
    listServices: (teamId) => listServices(db, teamId),

    putJourney: (teamId, journey) => putJourney(db, teamId, journey),
    getJourney: (teamId, journeyId) => getJourney(db, teamId, journeyId),
    listJourneys: (teamId, listOptions) => listJourneys(db, teamId, listOptions),

    putJourneyTargets: (teamId, targets) => putJourneyTargets(db, teamId, targets),
    getJourneyTargets: (teamId, journeyId) => getJourneyTargets(db, teamId, journeyId),
    listJourneyTargets: (teamId) => listJourneyTargets(db, teamId),

    putWalkthrough: (teamId, walkthrough) => putWalkthrough(db, teamId, walkthrough),
    getWalkthrough: (teamId, walkthroughId) => getWalkthrough(db, teamId, walkthroughId),
    listWalkthroughs: (teamId, listOptions) => listWalkthroughs(db, teamId, listOptions),
    getWalkthroughItem: (teamId, walkthroughId, visibility) =>
      getWalkthroughItem(db, teamId, walkthroughId, visibility),
    setWalkthroughSharing: (input) => setWalkthroughSharing(db, input),

    pushWalkthroughs: (input) => pushGroup?.push(input) ?? pushWalkthroughs(db, input),
    pullChanges: (input) => pullChanges(db, input),

    declareAttachment: (input) => declareAttachment(db, input),
    getAttachment: (teamId, attachmentId) => getAttachment(db, teamId, attachmentId),
    appendAttachmentChunk: (input) => appendAttachmentChunk(db, input),
    readAttachment: (attachment) => readChunks(db, attachment),

    insertFeedback: (teamId, feedback) => insertFeedback(db, teamId, feedback),
    listFeedback: (teamId, listOptions) => listFeedback(db, teamId, listOptions),

    purgeExpired: (now) => purgeExpired(db, now),
  };
}

async function checkHealth(db: Kysely<Database>): Promise<StoreHealth> {
  try {
    const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(db);
    return rows.length === 1 ? { ok: true } : { ok: false, error: new Error('select 1 returned no row') };
  } catch (error) {
    return { ok: false, error };
  }
}
