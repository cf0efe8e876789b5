import type { Kysely, Migration } from 'kysely';
import { inTransaction } from './in-transaction.ts';

/**
 * How far each team's slice rollups (migration 0009) have caught up, apart from the journey rollups: a team's
 * first catch-up (or a rebuild from scratch) builds the journey rollups batch by batch and the slices only once
 * it is through, each bucket written once, instead of merging every batch into every slice again (5x the time of
 * the journey rollups alone at 100,000 walkthroughs). A team without a row here has its slices built by its next
 * catch-up. Frozen once released.
 */
export const scoreSliceCursorsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema
        .createTable('score_slice_cursors')
        .addColumn('team_id', 'text', (c) => c.primaryKey().references('teams.id'))
        .addColumn('through_seq', 'bigint', (c) => c.notNull())
        .execute();
    });
  },

  async down(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema.dropTable('score_slice_cursors').execute();
    });
  },
};
