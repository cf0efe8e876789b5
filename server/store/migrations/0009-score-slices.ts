import { type Kysely, type Migration, sql } from 'kysely';
import { inTransaction } from './in-transaction.ts';

/**
 * Scores at a million walkthroughs (issue 11; docs/decisions.md "Scores at a million walkthroughs"). Frozen once
 * released.
 *
 * - `score_slice_rollups`: the rollups again, per sampler and per browser (`slice` 'sampler' or 'browser', `value`
 *   the owner's id or the browser), so a sampler or browser filter merges buckets instead of reading a fact row
 *   per walkthrough. Only weeks (level -1) and dyadic levels >= 3 (8 days and up): a period's ragged ends (under
 *   8 days each) are counted from the facts, which keeps the catch-up's writes per walkthrough down.
 * - Indexes on score_facts by sampler and by browser and day, for those ragged ends.
 * - The step breakdown's reads in the order they are asked for (newest first, ties by id), so the planner uses
 *   them instead of walking the team's whole period by time: walkthroughs by (team, journey, started_at, id)
 *   replaces (team, journey, started_at); feedback that names a step by (team, journey, created_at, id) replaces
 *   0008's index without the id.
 * - Every team's rollups are rebuilt: facts, rollups and cursors are emptied, so the next score read of a team
 *   catches it up from its first change and fills the slices with the rest (in batches, each its own
 *   transaction: an interrupted rebuild resumes where it stopped).
 */
export const scoreSlicesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema
        .createTable('score_slice_rollups')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('slice', 'text', (c) => c.notNull().check(sql`slice in ('sampler', 'browser')`))
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('start_day', 'integer', (c) => c.notNull())
        .addColumn('journey_id', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('within_target', 'integer', (c) => c.notNull())
        .addColumn('aggregate_json', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('score_slice_rollups_pkey', [
          'team_id',
          'slice',
          'value',
          'level',
          'start_day',
          'journey_id',
        ])
        .execute();
      // The catch-up reads a journey's buckets by their start days, whatever the slice.
      await trx.schema
        .createIndex('score_slice_rollups_team_journey_idx')
        .on('score_slice_rollups')
        .columns(['team_id', 'journey_id', 'start_day'])
        .execute();
      await trx.schema
        .createIndex('score_facts_team_sampler_day_idx')
        .on('score_facts')
        .columns(['team_id', 'sampler_id', 'day'])
        .execute();
      await trx.schema
        .createIndex('score_facts_team_browser_day_idx')
        .on('score_facts')
        .columns(['team_id', 'browser', 'day'])
        .execute();

      await trx.schema
        .createIndex('walkthroughs_team_journey_started_id_idx')
        .on('walkthroughs')
        .columns(['team_id', 'journey_id', 'started_at', 'id'])
        .execute();
      await trx.schema.dropIndex('walkthroughs_team_journey_started_idx').execute();
      await trx.schema
        .createIndex('feedback_team_journey_step_created_id_idx')
        .on('feedback')
        .columns(['team_id', 'journey_id', 'created_at', 'id'])
        .where(sql.ref('step_id'), 'is not', null)
        .execute();
      await trx.schema.dropIndex('feedback_team_journey_step_created_idx').execute();

      for (const table of ['score_rollups', 'score_facts', 'score_rollup_cursors'] as const) {
        await sql`delete from ${sql.table(table)}`.execute(trx);
      }
    });
  },

  async down(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema
        .createIndex('feedback_team_journey_step_created_idx')
        .on('feedback')
        .columns(['team_id', 'journey_id', 'created_at'])
        .where(sql.ref('step_id'), 'is not', null)
        .execute();
      await trx.schema.dropIndex('feedback_team_journey_step_created_id_idx').execute();
      await trx.schema
        .createIndex('walkthroughs_team_journey_started_idx')
        .on('walkthroughs')
        .columns(['team_id', 'journey_id', 'started_at'])
        .execute();
      await trx.schema.dropIndex('walkthroughs_team_journey_started_id_idx').execute();
      await trx.schema.dropIndex('score_facts_team_browser_day_idx').execute();
      await trx.schema.dropIndex('score_facts_team_sampler_day_idx').execute();
      await trx.schema.dropTable('score_slice_rollups').execute();
      // The rollups without slices are rebuilt by the next catch-up, as after up.
      for (const table of ['score_rollups', 'score_facts', 'score_rollup_cursors'] as const) {
        await sql`delete from ${sql.table(table)}`.execute(trx);
      }
    });
  },
};
