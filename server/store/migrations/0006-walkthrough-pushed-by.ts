import type { Kysely, Migration } from 'kysely';
import { inTransaction } from './in-transaction.ts';

/**
 * Which device stored a walkthrough's current rev: the push's `clientId` (shared/protocol/push.ts), so a pull can
 * leave out the walkthroughs the pulling device pushed itself (server/store/queries/pull-changes.ts). Frozen once
 * released, like the migrations before it.
 *
 * A fact about the server's copy, like sharing (0005): a nullable column beside `record_json`, which stays
 * byte-equal to the sampler's copy. Every accepted push writes it, a duplicate or a rejected record leaves it as it
 * is. Rows stored before this migration keep null, which matches no device: every pull returns them, as before.
 *
 * No index: a pull reads it only on rows it has already found by `(team_id, sampler_id, change_seq)`, and one more
 * index would cost every push a write. Plain ADD/DROP COLUMN, the same statements on both databases.
 */
export const walkthroughPushedByMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema.alterTable('walkthroughs').addColumn('pushed_by_client', 'text').execute();
    });
  },

  async down(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema.alterTable('walkthroughs').dropColumn('pushed_by_client').execute();
    });
  },
};
