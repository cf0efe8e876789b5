import type { Kysely, Migration } from 'kysely';
import { inTransaction } from './in-transaction.ts';

/**
 * How far each team's rollups and slice rollups (migrations 0008, 0009) are built and following, apart from the
 * facts' cursor (score_rollup_cursors): a team's first catch-up (or a rebuild from scratch) writes the facts batch
 * by batch and builds every rollup and slice once it is through, each bucket written once, instead of merging
 * every batch into buckets the next batch rewrites (the slices alone made that 5x slower at 100,000
 * walkthroughs). A team without a row here has its rollups built from its facts by its next catch-up. Frozen
 * once released.
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
