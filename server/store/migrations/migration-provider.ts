import type { Migration, MigrationProvider } from 'kysely';
import { initialMigration } from './0001-initial.ts';
import { accountsMigration } from './0002-accounts.ts';
import { attachmentsMigration } from './0003-attachments.ts';
import { pairingCodesMigration } from './0004-pairing-codes.ts';
import { walkthroughSharingMigration } from './0005-walkthrough-sharing.ts';
import { walkthroughPushedByMigration } from './0006-walkthrough-pushed-by.ts';
import { targetDurationClockMigration } from './0007-target-duration-clock.ts';
import { scoreRollupsMigration } from './0008-score-rollups.ts';
import { scoreSlicesMigration } from './0009-score-slices.ts';
import { feedbackSpanCountsMigration } from './0010-feedback-span-counts.ts';
import { scoreSliceCursorsMigration } from './0011-score-slice-cursors.ts';
import { walkthroughRemovalsByIdMigration } from './0012-walkthrough-removals-by-id.ts';

/**
 * Every migration, in order. Names sort in application order (Kysely sorts them) and never change once
 * released; add new entries at the end.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initialMigration,
  '0002-accounts': accountsMigration,
  '0003-attachments': attachmentsMigration,
  '0004-pairing-codes': pairingCodesMigration,
  '0005-walkthrough-sharing': walkthroughSharingMigration,
  '0006-walkthrough-pushed-by': walkthroughPushedByMigration,
  '0007-target-duration-clock': targetDurationClockMigration,
  '0008-score-rollups': scoreRollupsMigration,
  '0009-score-slices': scoreSlicesMigration,
  '0010-feedback-span-counts': feedbackSpanCountsMigration,
  '0011-score-slice-cursors': scoreSliceCursorsMigration,
  '0012-walkthrough-removals-by-id': walkthroughRemovalsByIdMigration,
};

/** In-code provider: migrations ship inside the server bundle, no directory scanning at run time. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
