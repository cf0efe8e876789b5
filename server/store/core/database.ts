import type { ColumnType } from 'kysely';
import type { DurationClock } from '../../../shared/schemas/journey-targets.ts';

/**
 * A `bigint` column. pg returns int8 as a string (it may exceed 2^53); better-sqlite3 returns a number. The
 * select type says so, which forces every read through `toSafeInteger` (normalise.ts); writes are numbers.
 */
export type BigIntColumn = ColumnType<string | number | bigint, number, number>;
export type NullableBigIntColumn = ColumnType<string | number | bigint | null, number | null, number | null>;

/** Booleans are stored as 0/1 integers: better-sqlite3 cannot bind a JS boolean, and one encoding serves both. */
export type FlagColumn = ColumnType<number, 0 | 1, 0 | 1>;

/**
 * Timestamps are ISO-8601 UTC text with exactly three fractional digits (isoDateTimeSchema). That fixed format
 * sorts lexicographically in time order in both databases and reads back byte-identical, with no timezone or
 * precision conversion by either driver.
 */
type IsoText = string;

export interface TeamsTable {
  id: string;
  name: string;
  created_at: IsoText;
}

/**
 * One row per team. Every catalog or walkthrough write bumps its team's counter inside the write's transaction
 * and stamps the row with the new value (`change_seq`). The row lock is held until commit, so within a team
 * sequence numbers become visible in commit order: a pull cursor `change_seq > n` never skips a row that
 * committed late (PostgreSQL sequences do not give that guarantee).
 */
export interface ChangeCountersTable {
  team_id: string;
  value: BigIntColumn;
}

export interface ServicesTable {
  id: string;
  team_id: string;
  rev: BigIntColumn;
  change_seq: BigIntColumn;
  name: string;
  description: string;
  archived: FlagColumn;
  updated_at: IsoText;
}

export interface JourneysTable {
  id: string;
  team_id: string;
  service_id: string;
  rev: BigIntColumn;
  change_seq: BigIntColumn;
  name: string;
  description: string;
  /** The ordered steps as JSON text: they are versioned, written and read only with their journey. */
  steps_json: string;
  archived: FlagColumn;
  updated_at: IsoText;
}

export interface JourneyTargetsTable {
  journey_id: string;
  team_id: string;
  rev: BigIntColumn;
  change_seq: BigIntColumn;
  duration_threshold_ms: BigIntColumn;
  duration_share: number;
  /** 'active' or 'elapsed' (migration 0007): the clock the duration target judges. */
  duration_clock: ColumnType<DurationClock, DurationClock, DurationClock>;
  completion_rate: number | null;
  csat: number | null;
  seq_mean: number | null;
  ces_mean: number | null;
  apdex_t_ms: NullableBigIntColumn;
  min_samples: number;
  updated_at: IsoText;
}

export interface WalkthroughsTable {
  id: string;
  team_id: string;
  rev: BigIntColumn;
  change_seq: BigIntColumn;
  journey_id: string | null;
  sampler_id: string | null;
  started_at: IsoText;
  outcome: string;
  /** Up to 31 days in ms: more than int4 holds, hence bigint. */
  elapsed_ms: BigIntColumn;
  /** The whole walkthrough as received and validated; the columns above are copies for indexing. */
  record_json: string;
  /**
   * Shared with the team's staff since then, by `shared_by` (migration 0005); both null when not shared. Never
   * inserted (the insert type is `never`): only setWalkthroughSharing updates them, so no push can touch them.
   */
  shared_at: ColumnType<IsoText | null, never, IsoText | null>;
  shared_by: ColumnType<string | null, never, string | null>;
  /**
   * The `clientId` of the push that stored the current rev (migration 0006); null for rows stored before it. A
   * pull that names this device leaves the row out: the device has it already.
   */
  pushed_by_client: string | null;
}

export interface FeedbackTable {
  id: string;
  team_id: string;
  service_id: string;
  journey_id: string | null;
  step_id: string | null;
  rating: number;
  comment: string | null;
  page_url: string;
  created_at: IsoText;
}

/**
 * A screenshot of a walkthrough, declared before its bytes arrive (migration 0003). `received` bytes are held in
 * `attachment_chunks`; once they reach `bytes` and match `sha256`, `completed_at` is set and nothing changes again.
 */
export interface AttachmentsTable {
  id: string;
  team_id: string;
  walkthrough_id: string;
  /** Who declared it: the only caller who may send its bytes (the walkthrough's sampler when declared). */
  uploader_id: string;
  /** Checked against the bytes' signature, never taken on trust. */
  media_type: 'image/png' | 'image/jpeg';
  /** At most 20 MiB: an int4 holds it on both databases. */
  bytes: number;
  sha256: string;
  received: number;
  created_at: IsoText;
  completed_at: IsoText | null;
}

/**
 * The bytes of an attachment, one row per chunk as it arrived, keyed by its offset: an append is one insert and
 * a read streams the rows in order, so neither holds the whole image in memory.
 */
export interface AttachmentChunksTable {
  attachment_id: string;
  team_id: string;
  /** Where the chunk starts in the attachment. */
  start_byte: number;
  /** `blob` in SQLite, `bytea` in PostgreSQL; both drivers hand back a Buffer. */
  data: Uint8Array;
}

export type RoleColumn = 'staff' | 'lead' | 'admin';

export interface UsersTable {
  id: string;
  team_id: string;
  name: string;
  role: RoleColumn;
  created_at: IsoText;
  created_by: string | null;
}

/** Personal access tokens. `token_hash` is the SHA-256 hex of the whole token; the token itself is never stored. */
export interface AccessTokensTable {
  id: string;
  team_id: string;
  user_id: string;
  /** At most the user's role; the lower of the two applies when they differ. */
  role: RoleColumn;
  label: string;
  token_hash: string;
  hint: string;
  created_at: IsoText;
  created_by: string | null;
  last_used_at: IsoText | null;
  revoked_at: IsoText | null;
}

/** Dashboard sessions, keyed by the SHA-256 hex of the session id the cookie carries. */
export interface SessionsTable {
  id_hash: string;
  team_id: string;
  user_id: string;
  role: RoleColumn;
  token_id: string | null;
  created_at: IsoText;
  expires_at: IsoText;
}

/** One-time sign-in codes (the first start's link, `npm run admin -- sign-in-link`), hashed like tokens. */
export interface SignInCodesTable {
  code_hash: string;
  team_id: string;
  user_id: string;
  created_at: IsoText;
  expires_at: IsoText;
  used_at: IsoText | null;
}

/** One-time pairing codes (pairing links), hashed like tokens; `token_id` is the token a redeemed code made. */
export interface PairingCodesTable {
  code_hash: string;
  team_id: string;
  user_id: string;
  role: RoleColumn;
  created_by: string | null;
  created_at: IsoText;
  expires_at: IsoText;
  used_at: IsoText | null;
  token_id: string | null;
}

/** One walkthrough of a journey as scoring reads it (migration 0008; server/store/scores/). */
export interface ScoreFactsTable {
  walkthrough_id: string;
  team_id: string;
  journey_id: string;
  /** Days since 1970-01-01 UTC of `started_at`. */
  day: number;
  sampler_id: string | null;
  browser: string;
  outcome: string;
  /** Null when the timeline cannot be measured (left out of every score). */
  active_ms: NullableBigIntColumn;
  elapsed_ms: NullableBigIntColumn;
  satisfaction: number | null;
  seq: number | null;
  ces: number | null;
}

/** A JourneyAggregate of a bucket of days (level >= 0: 2^level days; -1: a Monday-to-Sunday week). */
export interface ScoreRollupsTable {
  team_id: string;
  level: number;
  start_day: number;
  journey_id: string;
  n: number;
  within_target: number;
  aggregate_json: string;
}

/** A JourneyAggregate of a bucket of days of one sampler's or one browser's walkthroughs (migration 0009). */
export interface ScoreSliceRollupsTable {
  team_id: string;
  slice: 'sampler' | 'browser';
  /** The owner's user id, or the browser as the record names it. */
  value: string;
  level: number;
  start_day: number;
  journey_id: string;
  n: number;
  within_target: number;
  aggregate_json: string;
}

/** How far the team's rollups have caught up with its change sequence; the row is the catch-up's lock. */
export interface ScoreRollupCursorsTable {
  team_id: string;
  through_seq: BigIntColumn;
}

/** How far the team's slice rollups have caught up (migration 0011); none: not built yet. */
export interface ScoreSliceCursorsTable {
  team_id: string;
  through_seq: BigIntColumn;
}

/** A deleted walkthrough, stamped with a change_seq so the rollups' catch-up learns of it in order. */
export interface WalkthroughRemovalsTable {
  team_id: string;
  walkthrough_id: string;
  change_seq: BigIntColumn;
}

/** Customer ratings of a journey on a UTC day, by value (migration 0008): kept by insertFeedback. */
export interface FeedbackDayCountsTable {
  team_id: string;
  journey_id: string;
  day: number;
  r1: ColumnType<number, number | undefined, number>;
  r2: ColumnType<number, number | undefined, number>;
  r3: ColumnType<number, number | undefined, number>;
  r4: ColumnType<number, number | undefined, number>;
  r5: ColumnType<number, number | undefined, number>;
}

/** The same counts per 32-day span (migration 0010), kept by a trigger on feedback_day_counts. */
export interface FeedbackSpanCountsTable {
  team_id: string;
  journey_id: string;
  /** A multiple of 32, days since 1970-01-01 UTC. */
  start_day: number;
  r1: number;
  r2: number;
  r3: number;
  r4: number;
  r5: number;
}

export interface Database {
  teams: TeamsTable;
  change_counters: ChangeCountersTable;
  services: ServicesTable;
  journeys: JourneysTable;
  journey_targets: JourneyTargetsTable;
  walkthroughs: WalkthroughsTable;
  feedback: FeedbackTable;
  attachments: AttachmentsTable;
  attachment_chunks: AttachmentChunksTable;
  users: UsersTable;
  access_tokens: AccessTokensTable;
  sessions: SessionsTable;
  sign_in_codes: SignInCodesTable;
  pairing_codes: PairingCodesTable;
  score_facts: ScoreFactsTable;
  score_rollups: ScoreRollupsTable;
  score_slice_rollups: ScoreSliceRollupsTable;
  score_rollup_cursors: ScoreRollupCursorsTable;
  score_slice_cursors: ScoreSliceCursorsTable;
  walkthrough_removals: WalkthroughRemovalsTable;
  feedback_day_counts: FeedbackDayCountsTable;
  feedback_span_counts: FeedbackSpanCountsTable;
}
