import type { Kysely } from 'kysely';
import type { WalkthroughItem } from '../../shared/protocol/walkthroughs.ts';
import type { Feedback } from '../../shared/schemas/feedback.ts';
import type { Journey } from '../../shared/schemas/journey.ts';
import type { JourneyTargets } from '../../shared/schemas/journey-targets.ts';
import type { Service } from '../../shared/schemas/service.ts';
import type { Team } from '../../shared/schemas/team.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import type { AccountStore } from './account-store.ts';
import type {
  AppendChunkInput,
  AppendChunkResult,
  DeclareAttachmentInput,
  DeclareAttachmentResult,
  StoredAttachment,
} from './attachments.ts';
import type { Database } from './database.ts';
import type { ListFeedbackOptions } from './feedback.ts';
import type { PurgeCounts } from './housekeeping.ts';
import type { ListJourneysOptions } from './journeys.ts';
import type { MigrationReport } from './migrate.ts';
import type { Page } from './page.ts';
import type { PullChangesInput, PullChangesResult } from './pull-changes.ts';
import type { PushWalkthroughsInput, PushWriteResult } from './push-batch.ts';
import type { ListWalkthroughsOptions, SetWalkthroughSharingInput, WalkthroughVisibility } from './walkthroughs.ts';
import type { WriteResult } from './write-result.ts';

export type StoreKind = 'sqlite' | 'postgres';

export type StoreHealth = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

/**
 * The server's only way to its database. Every read takes the caller's teamId and returns only that team's
 * records; every write takes it too and refuses records of another team. Records come back parsed with their
 * shared zod schema.
 */
export interface Store {
  readonly kind: StoreKind;
  /** The SQLite file, for the startup line; null for PostgreSQL, whose URL may carry a password. */
  readonly location: string | null;
  /** For migrations, tests and future queries; routes use the functions below. */
  readonly db: Kysely<Database>;
  migrate(): Promise<MigrationReport>;
  /** Asks the database a trivial question; a failure is a value (the health route answers 503 with it). */
  health(): Promise<StoreHealth>;
  close(): Promise<void>;

  /** Teams by name, users, access tokens, sessions, sign-in codes (server/store/account-store.ts). */
  readonly accounts: AccountStore;

  createTeam(team: Team): Promise<WriteResult>;
  getTeam(teamId: string): Promise<Team | undefined>;

  putService(teamId: string, service: Service): Promise<WriteResult>;
  getService(teamId: string, serviceId: string): Promise<Service | undefined>;
  listServices(teamId: string): Promise<Service[]>;

  putJourney(teamId: string, journey: Journey): Promise<WriteResult>;
  getJourney(teamId: string, journeyId: string): Promise<Journey | undefined>;
  listJourneys(teamId: string, options?: ListJourneysOptions): Promise<Journey[]>;

  putJourneyTargets(teamId: string, targets: JourneyTargets): Promise<WriteResult>;
  getJourneyTargets(teamId: string, journeyId: string): Promise<JourneyTargets | undefined>;
  listJourneyTargets(teamId: string): Promise<JourneyTargets[]>;

  putWalkthrough(teamId: string, walkthrough: Walkthrough): Promise<WriteResult>;
  getWalkthrough(teamId: string, walkthroughId: string): Promise<Walkthrough | undefined>;
  /** The walkthroughs a reader may see (`options.visibility`), with owner and sharing (walkthroughs.ts). */
  listWalkthroughs(teamId: string, options?: ListWalkthroughsOptions): Promise<Page<WalkthroughItem>>;
  getWalkthroughItem(
    teamId: string,
    walkthroughId: string,
    visibility: WalkthroughVisibility,
  ): Promise<WalkthroughItem | undefined>;
  /** Shares a walkthrough with the team's staff or stops; the record itself never changes. */
  setWalkthroughSharing(input: SetWalkthroughSharingInput): Promise<WalkthroughItem | undefined>;

  /** A sync push batch of walkthroughs, all in one transaction, one answer per record (push-batch.ts). */
  pushWalkthroughs(input: PushWalkthroughsInput): Promise<PushWriteResult[]>;
  /** One page of a team's catalog changes and the caller's own walkthroughs, by change_seq (pull-changes.ts). */
  pullChanges(input: PullChangesInput): Promise<PullChangesResult>;

  /** Screenshots of walkthroughs, uploaded in chunks (attachments.ts). */
  declareAttachment(input: DeclareAttachmentInput): Promise<DeclareAttachmentResult>;
  getAttachment(teamId: string, attachmentId: string): Promise<StoredAttachment | undefined>;
  appendAttachmentChunk(input: AppendChunkInput): Promise<AppendChunkResult>;
  /** The bytes held so far, in order, a few chunks at a time. */
  readAttachment(attachment: StoredAttachment): AsyncIterable<Uint8Array>;

  insertFeedback(teamId: string, feedback: Feedback): Promise<WriteResult>;
  listFeedback(teamId: string, options?: ListFeedbackOptions): Promise<Page<Feedback>>;

  /**
   * Housekeeping across all teams: deletes codes long expired and uploads long abandoned, in short batches, and
   * says how many rows went (housekeeping.ts). The server runs it at start-up and every hour.
   */
  purgeExpired(now: Date): Promise<PurgeCounts>;
}
