import type { Kysely, Migration } from 'kysely';
import { inTransaction } from './in-transaction.ts';

/**
 * The team's scores, rolled up off the push path (issue 11; server/store/scores/ holds the code and its map).
 * Frozen once released.
 *
 * - `score_facts`: one narrow row per walkthrough of a journey, what scoring reads of it (outcome, both clocks,
 *   ratings, day, owner, browser). It also remembers which bucket the walkthrough counts in, so a new rev that
 *   moves it to another journey or day takes it out of the old bucket.
 * - `score_rollups`: a JourneyAggregate (JSON text) per team, journey and bucket of days. `level` >= 0 is a
 *   dyadic bucket of 2^level days starting at `start_day` (days since 1970-01-01 UTC, a multiple of 2^level),
 *   so any range of days is at most ~2 log2(days) buckets; level -1 is a week, Monday to Sunday, for trends and
 *   sparklines. `n` and `within_target` copy two counts of the JSON so a sparkline reads no JSON at all.
 * - `score_rollup_cursors`: how far in the team's change sequence the rollups have caught up. Its row is the lock
 *   that keeps two server instances from catching up the same team at once (SELECT … FOR UPDATE).
 * - `walkthrough_removals`: a deleted walkthrough leaves its id here, stamped with a change_seq like any other
 *   change, so the catch-up learns of the deletion in sequence order.
 * - An index on feedback by journey and day, for the customer's CSAT per journey over a period.
 */
export const scoreRollupsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema
        .createTable('score_facts')
        .addColumn('walkthrough_id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('journey_id', 'text', (c) => c.notNull())
        .addColumn('day', 'integer', (c) => c.notNull())
        .addColumn('sampler_id', 'text')
        .addColumn('browser', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        // Null when the timeline cannot be measured: the walkthrough is kept out of every score (as in
        // scoreJourney), but its bucket is remembered.
        .addColumn('active_ms', 'bigint')
        .addColumn('elapsed_ms', 'bigint')
        .addColumn('satisfaction', 'integer')
        .addColumn('seq', 'integer')
        .addColumn('ces', 'integer')
        .execute();
      await trx.schema
        .createIndex('score_facts_team_journey_day_idx')
        .on('score_facts')
        .columns(['team_id', 'journey_id', 'day'])
        .execute();
      await trx.schema.createIndex('score_facts_team_day_idx').on('score_facts').columns(['team_id', 'day']).execute();

      await trx.schema
        .createTable('score_rollups')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('start_day', 'integer', (c) => c.notNull())
        .addColumn('journey_id', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('within_target', 'integer', (c) => c.notNull())
        .addColumn('aggregate_json', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('score_rollups_pkey', ['team_id', 'level', 'start_day', 'journey_id'])
        .execute();
      await trx.schema
        .createIndex('score_rollups_team_journey_idx')
        .on('score_rollups')
        .columns(['team_id', 'journey_id', 'level', 'start_day'])
        .execute();

      await trx.schema
        .createTable('score_rollup_cursors')
        .addColumn('team_id', 'text', (c) => c.primaryKey().references('teams.id'))
        .addColumn('through_seq', 'bigint', (c) => c.notNull())
        .execute();

      await trx.schema
        .createTable('walkthrough_removals')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('walkthrough_id', 'text', (c) => c.notNull())
        .addColumn('change_seq', 'bigint', (c) => c.notNull())
        .execute();
      await trx.schema
        .createIndex('walkthrough_removals_team_change_idx')
        .on('walkthrough_removals')
        .columns(['team_id', 'change_seq'])
        .execute();

      await trx.schema
        .createIndex('feedback_team_journey_created_idx')
        .on('feedback')
        .columns(['team_id', 'journey_id', 'created_at'])
        .execute();
    });
  },

  async down(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema.dropIndex('feedback_team_journey_created_idx').execute();
      for (const table of ['walkthrough_removals', 'score_rollup_cursors', 'score_rollups', 'score_facts']) {
        await trx.schema.dropTable(table).execute();
      }
    });
  },
};
