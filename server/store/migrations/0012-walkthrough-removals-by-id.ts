import type { Kysely, Migration } from 'kysely';
import { inTransaction } from './in-transaction.ts';

/**
 * walkthrough_removals by walkthrough id alone: every push asks whether any team removed its ids (a removed id is
 * never stored again in any team, since score_facts is keyed by the id alone: store/push/push-batch.ts), and a
 * remove request's retry asks which of its ids its team removed. Frozen once released.
 */
export const walkthroughRemovalsByIdMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema
        .createIndex('walkthrough_removals_walkthrough_idx')
        .on('walkthrough_removals')
        .column('walkthrough_id')
        .execute();
    });
  },

  async down(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema.dropIndex('walkthrough_removals_walkthrough_idx').execute();
    });
  },
};
