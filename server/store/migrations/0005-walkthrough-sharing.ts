import { type Kysely, type Migration, sql } from 'kysely';
import { inTransaction } from './in-transaction.ts';

/**
 * Sharing a walkthrough with the team's staff (shared/protocol/walkthroughs.ts). Frozen once released, like the
 * migrations before it.
 *
 * Sharing is a fact about the server's copy, not part of the record: it lives in two nullable columns beside
 * `record_json`, which stays byte-equal to the sampler's copy, and no push ever writes them (a newer rev keeps
 * its sharing). `shared_at` says since when, `shared_by` who shared it; both are null or both are set.
 *
 * Plain ADD COLUMN, the same statements on both databases: SQLite can add a column with a single-column
 * REFERENCES and a CHECK (it checks existing rows, all null here), but not a composite foreign key, so
 * `shared_by` points at `users.id` alone; the store only ever writes the caller, a user of the same team.
 */
export const walkthroughSharingMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema.alterTable('walkthroughs').addColumn('shared_at', 'text').execute();
      await trx.schema
        .alterTable('walkthroughs')
        .addColumn('shared_by', 'text', (c) =>
          c.references('users.id').check(sql`(shared_by is null) = (shared_at is null)`),
        )
        .execute();
      // A sampler's walkthroughs newest first: staff reading their own, a lead filtering by sampler.
      await trx.schema
        .createIndex('walkthroughs_team_sampler_started_idx')
        .on('walkthroughs')
        .columns(['team_id', 'sampler_id', 'started_at', 'id'])
        .execute();
    });
  },

  async down(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema.dropIndex('walkthroughs_team_sampler_started_idx').execute();
      await trx.schema.alterTable('walkthroughs').dropColumn('shared_by').execute();
      await trx.schema.alterTable('walkthroughs').dropColumn('shared_at').execute();
    });
  },
};
